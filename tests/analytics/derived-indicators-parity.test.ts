import type { DataSource } from "typeorm";
import { DERIVED_INDICATOR_NAMES, deriveIndicatorsOfCells } from "../../src/domain/derived-indicators";
import { LEGAL_PERSON_COLUMNS, LEGAL_PERSON_SUBTOTAL_COLUMN, TOTAL_COLUMN } from "../../src/domain/template-parts";
import { Report, ReportCell } from "../../src/entities";
import { resolveIndicator } from "../../src/analytics/indicator-ref";
import { runValueQuery } from "../../src/analytics/value-query";
import { ingestSource } from "../../src/ingest/ingest-report";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { renderHtmlPage, renderMarkdown, type ReportSpec } from "../../src/synthetic/report-writer";
import { seededRandom, syntheticAgencies, syntheticReport } from "../../src/synthetic/synthetic-reports";
import { testDatabases } from "../support/test-databases";

/**
 * The derived indicators are evaluated two ways from one definition: in JS for one report (the graph's
 * `Report.indicators`) and compiled to SQL (analytics). On generated reports of both templates — TPL_2019, TPL_2021
 * with （六） as one row and as three sub-rows, some cells printed blank — the two must agree for every report,
 * indicator and applicant column: counts exactly, rates within 1e-9.
 */
const YEARS = [2019, 2020, 2021, 2022, 2023];
const AGENCY_COUNT = 4;
const COLUMNS = [TOTAL_COLUMN, "NATURAL_PERSON", LEGAL_PERSON_COLUMNS[0], LEGAL_PERSON_SUBTOTAL_COLUMN];
const RATES = new Set(DERIVED_INDICATOR_NAMES.filter((name) => resolveIndicatorFormula(name).denominator !== null));

function resolveIndicatorFormula(name: string) {
  const indicator = resolveIndicator(name);
  if (indicator.kind !== "DERIVED") throw new Error(`${name} is not a derived indicator`);
  return indicator.formula;
}

/** A generated report with some of its cells printed blank (every seventh, from the seed), so BLANK counts as 0. */
function blanked(spec: ReportSpec, seed: number): ReportSpec {
  const random = seededRandom(seed);
  const values = new Map([...spec.values].map(([code, value]) => [code, random() < 1 / 7 ? null : value]));
  return { ...spec, values };
}

function generatedReports(): Array<{ spec: ReportSpec; html: boolean }> {
  const agencies = syntheticAgencies(AGENCY_COUNT, 7);
  return agencies.flatMap((agency, index) =>
    YEARS.map((year) => {
      const seed = 1000 * index + year;
      const spec = syntheticReport(agency, year, seed);
      return { spec: index % 2 === 1 ? blanked(spec, seed) : spec, html: (index + year) % 2 === 0 };
    }),
  );
}

describe.each(testDatabases())("derived indicators in JS and in SQL on $name", (database) => {
  let dataSource: DataSource;
  const generated = generatedReports();

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    for (const { spec, html } of generated) {
      const text = html ? renderHtmlPage(spec) : renderMarkdown(spec);
      await ingestSource(dataSource, { bytes: Buffer.from(text), format: html ? "HTML" : "MARKDOWN" });
    }
  }, 180_000);
  afterAll(async () => {
    await dataSource.destroy();
  });

  test("the generated reports cover both templates, both layouts of （六） and blank cells", async () => {
    const reports = await dataSource.getRepository(Report).find();
    expect(reports).toHaveLength(AGENCY_COUNT * YEARS.length);
    expect(new Set(reports.map((report) => report.templateVersion))).toEqual(new Set(["TPL_2019", "TPL_2021"]));
    const cells = await dataSource.getRepository(ReportCell).find();
    expect(cells.some((cell) => cell.rowCode === "OTHER_OTHER")).toBe(true);
    expect(cells.some((cell) => cell.rowCode === "R_OTHER" && cell.valueState !== "DERIVED")).toBe(true);
    expect(cells.filter((cell) => cell.valueState === "BLANK").length).toBeGreaterThan(100);
  });

  test.each(COLUMNS)("every derived indicator of every report agrees for column %s", async (column) => {
    const indicators = DERIVED_INDICATOR_NAMES.map(resolveIndicator);
    const rows = await runValueQuery(dataSource, { indicators, column, where: [], keys: [{ alias: "report", sql: "r.id" }] });
    const cells = await dataSource.getRepository(ReportCell).find();
    expect(rows).toHaveLength(AGENCY_COUNT * YEARS.length);
    let compared = 0;
    let nonNull = 0;
    for (const row of rows) {
      const reportId = Number(row.keys.report);
      const js = deriveIndicatorsOfCells(
        cells.filter((cell) => cell.reportId === reportId),
        column,
      );
      DERIVED_INDICATOR_NAMES.forEach((name, index) => {
        const sql = row.values[index].value;
        const where = `report ${reportId}, ${name}, column ${column}`;
        if (js[name] === null || sql === null) expect({ where, js: js[name], sql }).toEqual({ where, js: null, sql: null });
        else if (RATES.has(name)) expect({ where, close: Math.abs(js[name]! - sql) <= 1e-9 }).toEqual({ where, close: true });
        else expect({ where, value: sql }).toEqual({ where, value: js[name] });
        compared += 1;
        if (sql !== null) nonNull += 1;
      });
    }
    expect(compared).toBe(AGENCY_COUNT * YEARS.length * DERIVED_INDICATOR_NAMES.length);
    // Most values exist: the comparison is of numbers, not of two nulls.
    expect(nonNull).toBeGreaterThan(compared / 2);
  });
});
