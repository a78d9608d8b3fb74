import type { TabularVersion } from "../domain/codes";
import { loadRegionRecords } from "../domain/region-data";
import { APPLICATION_ROWS, getTable } from "../domain/template-catalog";
import type { CellValues, ReportSpec } from "./report-writer";

/**
 * Synthetic reports for benchmarks and multi-agency tests: real county-level regions, plausible departments, and
 * values that satisfy the template's arithmetic (R1–R4), from a seed, so that every run generates the same data.
 */

/** A small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEPARTMENTS = ["人民政府", "人民政府办公室", "财政局", "教育局", "公安局", "自然资源局", "住房和城乡建设局", "卫生健康委员会", "市场监督管理局", "生态环境局"];
const APPLICANT_COLUMNS = ["NATURAL_PERSON", "COMMERCIAL_ENTERPRISE", "RESEARCH_INSTITUTION", "PUBLIC_WELFARE_ORG", "LEGAL_SERVICE_ORG", "OTHER_ORG"];
const CAPTION_TABLES = ["ART20_1", "ART20_5", "ART20_6", "ART20_8", "ART20_9"] as const;

/** A synthetic agency: a real county-level region and a department of it. */
export interface SyntheticAgency {
  readonly name: string;
  readonly regionCode: string;
}

/**
 * `count` agencies in real county-level regions. Names carry the city (or, in a municipality, the province) before
 * the county (淮安市洪泽区财政局, 天津市河东区财政局) so that same-named counties are told apart.
 */
export function syntheticAgencies(count: number, seed = 1): SyntheticAgency[] {
  const random = seededRandom(seed);
  const records = loadRegionRecords();
  const byCode = new Map(records.map((record) => [record.code, record]));
  const counties = records.filter((record) => record.level === "COUNTY" && !/开发区|示范区|新区|管理区/.test(record.name));
  const agencies: SyntheticAgency[] = [];
  const used = new Set<string>();
  while (agencies.length < count) {
    const county = counties[Math.floor(random() * counties.length)];
    const city = byCode.get(county.parentCode ?? "");
    const placeholder = !city || city.name === "市辖区" || city.name === "县" || city.name.includes("直辖");
    const prefix = placeholder ? (byCode.get(city?.parentCode ?? "")?.name ?? "") : city.name;
    const name = `${prefix}${county.name}${DEPARTMENTS[Math.floor(random() * DEPARTMENTS.length)]}`;
    if (used.has(name)) continue;
    used.add(name);
    agencies.push({ name, regionCode: county.code });
  }
  return agencies;
}

function small(random: () => number, scale: number): number {
  const roll = random();
  return roll < 0.55 ? 0 : Math.floor(random() * scale * (roll < 0.9 ? 1 : 10));
}

/** Values for one report that satisfy R1–R4; `scale` sets the size of the counts. */
export function syntheticValues(version: TabularVersion, otherSplit: boolean, random: () => number, scale = 20): Map<string, number> {
  const values = new Map<string, number>();
  for (const tableCode of CAPTION_TABLES) {
    const table = getTable(tableCode);
    if (!table.versions.includes(version)) continue;
    for (const row of table.rows.filter((candidate) => candidate.versions.includes(version))) {
      for (const column of table.columns.filter((candidate) => candidate.versions.includes(version))) {
        const kind = table.cellKind(row.code, column.code);
        const value = kind === "AMOUNT_WAN_YUAN" ? Math.round(random() * 100000) / 100 : kind === "SIGNED_DELTA" ? Math.floor(random() * 7) - 3 : small(random, scale * 10);
        values.set(`${tableCode}.${row.code}.${column.code}`, value);
      }
    }
  }
  const resultRows = APPLICATION_ROWS.filter((row) => {
    if (!row.parent || row.code === "R_TOTAL") return false;
    if (row.code === "R_OTHER") return !otherSplit;
    if (row.parent === "R_OTHER") return otherSplit;
    return row.kinds[version] === "LEAF";
  }).map((row) => row.code);
  const set = (row: string, columns: number[]) => {
    APPLICANT_COLUMNS.forEach((column, index) => values.set(`APPLICATIONS.${row}.${column}`, columns[index]));
    values.set(`APPLICATIONS.${row}.TOTAL`, columns.reduce((sum, value) => sum + value, 0));
  };
  const totals = APPLICANT_COLUMNS.map(() => 0);
  for (const row of resultRows) {
    const columns = APPLICANT_COLUMNS.map((_, index) => small(random, index === 0 ? scale : Math.ceil(scale / 5)));
    columns.forEach((value, index) => (totals[index] += value));
    set(row, columns);
  }
  set("R_TOTAL", totals);
  const carriedIn = totals.map((total) => Math.min(total, small(random, 3)));
  const carriedOut = totals.map(() => small(random, 3));
  set("CARRIED_OVER_IN", carriedIn);
  set("CARRIED_FORWARD_OUT", carriedOut);
  set("NEW_RECEIVED", totals.map((total, index) => total + carriedOut[index] - carriedIn[index]));
  for (const group of ["REVIEW", "LIT_DIRECT", "LIT_AFTER_REVIEW"]) {
    const parts = ["UPHELD", "CORRECTED", "OTHER", "PENDING"].map((column) => {
      const value = small(random, 4);
      values.set(`REVIEW_LITIGATION.${group}.${column}`, value);
      return value;
    });
    values.set(`REVIEW_LITIGATION.${group}.TOTAL`, parts.reduce((sum, value) => sum + value, 0));
  }
  return values;
}

/** A report spec for an agency and year: TPL_2019 before 2021, TPL_2021 from 2021 (（六） split from 2022). */
export function syntheticReport(agency: SyntheticAgency, year: number, seed: number): ReportSpec {
  const version: TabularVersion = year < 2021 ? "TPL_2019" : "TPL_2021";
  const otherSplit = version === "TPL_2021" && year >= 2022;
  const values: CellValues = syntheticValues(version, otherSplit, seededRandom(seed));
  return { agency: agency.name, year, version, otherSplit, values };
}
