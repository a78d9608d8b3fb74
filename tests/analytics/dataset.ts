import type { DataSource } from "typeorm";
import { loadRegionRecords } from "../../src/domain/region-data";
import { ingestSource } from "../../src/ingest/ingest-report";
import { renderMarkdown, type ReportSpec } from "../../src/synthetic/report-writer";
import { seededRandom, syntheticValues } from "../../src/synthetic/synthetic-reports";

/**
 * A multi-region, multi-year dataset for the analytics tests: three cities, three departments in counties of each,
 * 2019–2022 (TPL_2019 for 2019–2020, TPL_2021 with （六） in one row for 2021 and in three rows for 2022), and each
 * city's government aggregate report, which is its members' sum except NEW_RECEIVED/CARRIED_FORWARD_OUT of natural
 * persons, printed 5 higher. One department skips 2022. Every value is kept so that tests compute expectations
 * independently of the code under test.
 */
export const CITIES = ["320800", "411600", "350100"] as const;
export const YEARS = [2019, 2020, 2021, 2022] as const;
export const SKIPPED = { agencyIndex: 1, year: 2022 } as const;
export const AGGREGATE_EXTRA = 5;

export interface DatasetReport {
  readonly city: string;
  readonly agencyName: string;
  readonly regionCode: string;
  readonly year: number;
  readonly spec: ReportSpec;
  readonly aggregate: boolean;
}

function versionOf(year: number): { version: "TPL_2019" | "TPL_2021"; otherSplit: boolean } {
  return year < 2021 ? { version: "TPL_2019", otherSplit: false } : { version: "TPL_2021", otherSplit: year >= 2022 };
}

const DEPARTMENTS = ["财政局", "教育局", "公安局"];

/** The reports of the dataset, members first. */
export function datasetReports(): DatasetReport[] {
  const records = loadRegionRecords();
  const name = (code: string) => records.find((record) => record.code === code)!.name;
  const reports: DatasetReport[] = [];
  CITIES.forEach((city, cityIndex) => {
    const counties = records.filter((record) => record.parentCode === city && record.level === "COUNTY").slice(0, 3);
    for (const year of YEARS) {
      const { version, otherSplit } = versionOf(year);
      const members: DatasetReport[] = counties.map((county, index) => {
        const values = syntheticValues(version, otherSplit, seededRandom(cityIndex * 1000 + index * 100 + year));
        return {
          city,
          agencyName: `${name(city)}${county.name}${DEPARTMENTS[index]}`,
          regionCode: county.code,
          year,
          aggregate: false,
          spec: { agency: `${name(city)}${county.name}${DEPARTMENTS[index]}`, year, version, otherSplit, values },
        };
      });
      const kept = members.filter((_, index) => !(index === SKIPPED.agencyIndex && year === SKIPPED.year));
      const sums = new Map<string, number>();
      for (const member of kept) {
        for (const [code, value] of member.spec.values) sums.set(code, Math.round(((sums.get(code) ?? 0) + (value ?? 0)) * 100) / 100);
      }
      for (const code of [
        "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON",
        "APPLICATIONS.NEW_RECEIVED.TOTAL",
        "APPLICATIONS.CARRIED_FORWARD_OUT.NATURAL_PERSON",
        "APPLICATIONS.CARRIED_FORWARD_OUT.TOTAL",
      ]) {
        sums.set(code, (sums.get(code) ?? 0) + AGGREGATE_EXTRA);
      }
      const governmentName = `${name(city)}人民政府`;
      reports.push(...kept, {
        city,
        agencyName: governmentName,
        regionCode: city,
        year,
        aggregate: true,
        spec: { agency: governmentName, year, version, otherSplit, values: sums },
      });
    }
  });
  return reports;
}

/** Ingests the dataset; returns its reports. */
export async function loadDataset(dataSource: DataSource): Promise<DatasetReport[]> {
  const reports = datasetReports();
  for (const report of reports) {
    await ingestSource(
      dataSource,
      { bytes: Buffer.from(renderMarkdown(report.spec)), format: "MARKDOWN" },
      report.aggregate ? { scope: "GOVERNMENT_AGGREGATE" } : {},
    );
  }
  return reports;
}

/** A report's value of a cell as written in the dataset (null when the cell is not in its template). */
export function valueOf(report: DatasetReport, code: string): number | null {
  return report.spec.values.get(code) ?? null;
}
