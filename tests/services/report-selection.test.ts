import type { DataSource } from "typeorm";
import { Report } from "../../src/entities";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import {
  literalContainsPattern,
  positional,
  regionSubtreePattern,
  selectionSql,
  whereSelection,
  type ReportSelection,
} from "../../src/services/report-selection";
import { createAgency, createReport } from "../support/factories";
import { testDatabases } from "../support/test-databases";

describe("the report selection", () => {
  it("writes every filter as positional SQL over report r and agency a, in a fixed order", () => {
    const parts = selectionSql({
      regionCode: "320800",
      agencyId: 7,
      yearFrom: 2020,
      yearTo: 2024,
      templateVersions: ["TPL_2021", "TPL_2019"],
      agencyKinds: ["GOVERNMENT"],
      scope: "AGENCY",
      agencyNameContains: "50%_!",
      hasValidationErrors: true,
      failingRules: ["R1", "X1"],
    });
    expect(parts).toEqual([
      { sql: "a.region_code LIKE ?", params: ["3208%"] },
      { sql: "r.agency_id = ?", params: [7] },
      { sql: "r.year >= ?", params: [2020] },
      { sql: "r.year <= ?", params: [2024] },
      { sql: "r.template_version IN (?, ?)", params: ["TPL_2021", "TPL_2019"] },
      { sql: "a.kind IN (?)", params: ["GOVERNMENT"] },
      { sql: "r.scope = ?", params: ["AGENCY"] },
      { sql: "a.name LIKE ? ESCAPE '!'", params: ["%50!%!_!!%"] },
      { sql: "r.error_count > 0", params: [] },
      { sql: "EXISTS (SELECT 1 FROM validation_issue failing WHERE failing.report_id = r.id AND failing.rule IN (?, ?))", params: ["R1", "X1"] },
    ]);
  });

  it("writes nothing for an empty selection and treats null as not given", () => {
    expect(selectionSql({})).toEqual([]);
    expect(selectionSql({ regionCode: null, agencyId: null, agencyIds: [], years: [], year: null, hasValidationErrors: null, failingRules: [] })).toEqual([]);
    expect(selectionSql({ agencyIds: [3, 4], years: [2023, 2024] })).toEqual([
      { sql: "r.agency_id IN (?, ?)", params: [3, 4] },
      { sql: "r.year IN (?, ?)", params: [2023, 2024] },
    ]);
    expect(selectionSql({ year: 2024, hasValidationErrors: false })).toEqual([
      { sql: "r.year = ?", params: [2024] },
      { sql: "r.error_count = 0", params: [] },
    ]);
  });

  it("matches a region's whole subtree by its significant digits, and a county by its full code", () => {
    expect(regionSubtreePattern("320000")).toBe("32%");
    expect(regionSubtreePattern("320800")).toBe("3208%");
    expect(regionSubtreePattern("320803")).toBe("320803%");
    expect(literalContainsPattern("a_b")).toBe("%a!_b%");
  });

  it("expands a list parameter into one placeholder per element, keeping the parameters in textual order", () => {
    expect(positional({ sql: "x = :a AND y IN (:...b) AND z = :a", params: { a: 1, b: [2, 3] } })).toEqual({
      sql: "x = ? AND y IN (?, ?) AND z = ?",
      params: [1, 2, 3, 1],
    });
  });
});

describe.each(testDatabases())("the report selection on $name", (database) => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    const huaian = await createAgency(dataSource, { name: "淮安区人民政府", regionCode: "320803", kind: "GOVERNMENT" });
    const nanjing = await createAgency(dataSource, { name: "南京市教育局", regionCode: "320100" });
    await createReport(dataSource, { agencyId: huaian.id, year: 2023, templateVersion: "TPL_2021" });
    await createReport(dataSource, { agencyId: huaian.id, year: 2024, templateVersion: "TPL_2021" });
    await createReport(dataSource, { agencyId: nanjing.id, year: 2024, templateVersion: "TPL_2019" });
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  /** The report years and agency names a selection picks, by the query-builder form and by the SQL form. */
  async function bothForms(selection: ReportSelection): Promise<{ builder: string[]; sql: string[] }> {
    const query = dataSource.getRepository(Report).createQueryBuilder("report").innerJoinAndSelect("report.agency", "agency");
    const built = await whereSelection(query, selection, { report: "report", agency: "agency" }).orderBy("report.id").getMany();
    const parts = selectionSql(selection);
    const where = parts.length ? parts.map((part) => part.sql).join(" AND ") : "1 = 1";
    const rows = (await dataSource.query(
      `SELECT r.year, a.name FROM report r JOIN agency a ON a.id = r.agency_id WHERE ${where} ORDER BY r.id`,
      parts.flatMap((part) => part.params),
    )) as Array<{ year: number; name: string }>;
    return { builder: built.map((report) => `${report.year} ${report.agency?.name}`), sql: rows.map((row) => `${Number(row.year)} ${row.name}`) };
  }

  it("picks the same reports in both forms", async () => {
    const subtree = await bothForms({ regionCode: "320800", yearFrom: 2024 });
    expect(subtree).toEqual({ builder: ["2024 淮安区人民政府"], sql: ["2024 淮安区人民政府"] });
    const province = await bothForms({ regionCode: "320000", templateVersions: ["TPL_2019"], agencyNameContains: "教育" });
    expect(province).toEqual({ builder: ["2024 南京市教育局"], sql: ["2024 南京市教育局"] });
    const failing = await bothForms({ failingRules: ["R1"], hasValidationErrors: true, agencyKinds: ["GOVERNMENT"] });
    expect(failing).toEqual({ builder: ["2023 淮安区人民政府", "2024 淮安区人民政府"], sql: ["2023 淮安区人民政府", "2024 淮安区人民政府"] });
  });
});
