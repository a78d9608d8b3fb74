import type { TabularVersion } from "../domain/codes";
import { loadRegionRecords } from "../domain/region-data";
import { formatCellCode } from "../domain/cell";
import {
  APPLICANT_TYPE_COLUMNS,
  APPLICATIONS_BALANCE,
  LEGAL_PERSON_COLUMNS,
  PROACTIVE_TABLES,
  REVIEW_LITIGATION_GROUPS,
  REVIEW_LITIGATION_PARTS,
  TOTAL_COLUMN,
  outcomeRows,
} from "../domain/template-parts";
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

const DEPARTMENTS = [
  "人民政府",
  "人民政府办公室",
  "财政局",
  "教育局",
  "公安局",
  "自然资源局",
  "住房和城乡建设局",
  "卫生健康委员会",
  "市场监督管理局",
  "生态环境局",
];

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
  for (const table of PROACTIVE_TABLES) {
    if (!table.versions.includes(version)) continue;
    for (const row of table.rows.filter((candidate) => candidate.versions.includes(version))) {
      for (const column of table.columns.filter((candidate) => candidate.versions.includes(version))) {
        const kind = table.cellKind(row.code, column.code);
        const value =
          kind === "AMOUNT_WAN_YUAN" ? Math.round(random() * 100000) / 100 : kind === "SIGNED_DELTA" ? Math.floor(random() * 7) - 3 : small(random, scale * 10);
        values.set(formatCellCode(table.code, row.code, column.code), value);
      }
    }
  }
  const resultRows = outcomeRows(otherSplit);
  const set = (row: string, columns: number[]) => {
    APPLICANT_TYPE_COLUMNS.forEach((column, index) => values.set(formatCellCode("APPLICATIONS", row, column), columns[index]));
    values.set(
      formatCellCode("APPLICATIONS", row, TOTAL_COLUMN),
      columns.reduce((sum, value) => sum + value, 0),
    );
  };
  const totals = APPLICANT_TYPE_COLUMNS.map(() => 0);
  for (const row of resultRows) {
    // Natural persons file most requests; each kind of organisation files a fifth as many.
    const columns = APPLICANT_TYPE_COLUMNS.map((column) => small(random, LEGAL_PERSON_COLUMNS.includes(column) ? Math.ceil(scale / 5) : scale));
    columns.forEach((value, index) => (totals[index] += value));
    set(row, columns);
  }
  // R1: new + carried over = handled + carried forward, so the new requests are what balances the column.
  const [newReceived, carriedOverIn] = APPLICATIONS_BALANCE.incoming;
  const [handled, carriedForwardOut] = APPLICATIONS_BALANCE.outgoing;
  set(handled, totals);
  const carriedIn = totals.map((total) => Math.min(total, small(random, 3)));
  const carriedOut = totals.map(() => small(random, 3));
  set(carriedOverIn, carriedIn);
  set(carriedForwardOut, carriedOut);
  set(
    newReceived,
    totals.map((total, index) => total + carriedOut[index] - carriedIn[index]),
  );
  for (const group of REVIEW_LITIGATION_GROUPS) {
    const parts = REVIEW_LITIGATION_PARTS.map((column) => {
      const value = small(random, 4);
      values.set(formatCellCode("REVIEW_LITIGATION", group, column), value);
      return value;
    });
    values.set(
      formatCellCode("REVIEW_LITIGATION", group, TOTAL_COLUMN),
      parts.reduce((sum, value) => sum + value, 0),
    );
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
