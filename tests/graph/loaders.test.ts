import type { DataSource } from "typeorm";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { createLoaders, type Loaders } from "../../src/graph/core/entity.loader";
import { createAgency, createReport } from "../support/factories";
import { testDatabases } from "../support/test-databases";

describe.each(testDatabases())("the request loaders on $name", (database) => {
  let dataSource: DataSource;
  const statements: string[] = [];
  let ids: { huaian: number; huaiyin: number; huaian2023: number; huaian2024: number; huaiyin2024: number };

  /** The SELECT statements run since the last call, cleared. */
  function selectsSinceLast(): string[] {
    const selects = statements.filter((sql) => /^\s*SELECT/i.test(sql));
    statements.length = 0;
    return selects;
  }

  /** Fresh loaders, as each request gets, with the statement log cleared. */
  function freshLoaders(): Loaders {
    statements.length = 0;
    return createLoaders(dataSource);
  }

  beforeAll(async () => {
    dataSource = await database.open({ onQuery: (sql) => statements.push(sql) });
    await seedReferenceData(dataSource);
    const huaian = await createAgency(dataSource, { name: "淮安区人民政府", regionCode: "320803", kind: "GOVERNMENT" });
    const huaiyin = await createAgency(dataSource, { name: "淮阴区人民政府", regionCode: "320804", kind: "GOVERNMENT" });
    const huaian2023 = await createReport(dataSource, { agencyId: huaian.id, year: 2023, cells: [["APPLICATIONS.NEW_RECEIVED.TOTAL", 5]] });
    const huaian2024 = await createReport(dataSource, {
      agencyId: huaian.id,
      year: 2024,
      cells: [
        ["APPLICATIONS.NEW_RECEIVED.TOTAL", 7],
        ["APPLICATIONS.R_TOTAL.TOTAL", null],
      ],
    });
    const huaiyin2024 = await createReport(dataSource, { agencyId: huaiyin.id, year: 2024 });
    ids = { huaian: huaian.id, huaiyin: huaiyin.id, huaian2023: huaian2023.id, huaian2024: huaian2024.id, huaiyin2024: huaiyin2024.id };
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it("answers a batch of region codes with one statement, in the keys' order, null for an unknown code", async () => {
    const loaders = freshLoaders();
    const regions = await loaders.regionByCode.loadMany(["320804", "999999", "320803"]);
    expect(regions.map((region) => (region && !(region instanceof Error) ? region.name : region))).toEqual(["淮阴区", null, "淮安区"]);
    expect(selectsSinceLast()).toHaveLength(1);
  });

  it("answers a batch of parent codes with one statement, children ordered by code, [] for a region without any", async () => {
    const loaders = freshLoaders();
    const children = await loaders.regionsByParentCode.loadMany(["320800", "320803"]);
    expect(children.map((list) => (list instanceof Error ? list : list.map((region) => region.code)))).toEqual([
      ["320803", "320804", "320812", "320813", "320826", "320830", "320831", "320871"],
      [],
    ]);
    expect(selectsSinceLast()).toHaveLength(1);
  });

  it("answers a batch of agency ids with one statement and caches them for the rest of the request", async () => {
    const loaders = freshLoaders();
    const agencies = await loaders.agencyById.loadMany([ids.huaiyin, 999_999, ids.huaian]);
    expect(agencies.map((agency) => (agency && !(agency instanceof Error) ? agency.name : agency))).toEqual(["淮阴区人民政府", null, "淮安区人民政府"]);
    expect(selectsSinceLast()).toHaveLength(1);
    expect((await loaders.agencyById.load(ids.huaian))?.name).toBe("淮安区人民政府");
    expect(selectsSinceLast()).toHaveLength(0);
    expect(await loaders.aliasesByAgencyId.loadMany([ids.huaian, ids.huaiyin])).toEqual([[], []]);
    expect(selectsSinceLast()).toHaveLength(1);
  });

  it("answers a batch of agency-and-year keys with one statement, null for a year without a report", async () => {
    const loaders = freshLoaders();
    const reports = await loaders.reportByAgencyYear.loadMany([`${ids.huaian}:2024`, `${ids.huaiyin}:2024`, `${ids.huaian}:2020`, `${ids.huaian}:2023`]);
    expect(reports.map((report) => (report && !(report instanceof Error) ? report.id : report))).toEqual([
      ids.huaian2024,
      ids.huaiyin2024,
      null,
      ids.huaian2023,
    ]);
    expect(selectsSinceLast()).toHaveLength(1);
    const byId = await loaders.reportById.loadMany([ids.huaiyin2024, 999_999]);
    expect(byId.map((report) => (report && !(report instanceof Error) ? report.year : report))).toEqual([2024, null]);
    expect(selectsSinceLast()).toHaveLength(1);
  });

  it("answers a batch of report ids with one statement per kind of row, each report's rows in id order", async () => {
    const loaders = freshLoaders();
    const cells = await loaders.cellsByReportId.loadMany([ids.huaian2024, ids.huaiyin2024, ids.huaian2023]);
    expect(
      cells.map((list) =>
        list instanceof Error ? list : list.map((cell) => [`${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`, cell.valueState, cell.value]),
      ),
    ).toEqual([
      [
        ["APPLICATIONS.NEW_RECEIVED.TOTAL", "VALUE", 7],
        ["APPLICATIONS.R_TOTAL.TOTAL", "BLANK", null],
      ],
      [],
      [["APPLICATIONS.NEW_RECEIVED.TOTAL", "VALUE", 5]],
    ]);
    expect(selectsSinceLast()).toHaveLength(1);
    const sections = await loaders.sectionsByReportId.loadMany([ids.huaian2023, 999_999]);
    expect(sections.map((list) => (list instanceof Error ? list : list.map((section) => [section.sectionCode, section.body])))).toEqual([
      [["S6_OTHER", "无"]],
      [],
    ]);
    expect(selectsSinceLast()).toHaveLength(1);
    const issues = await loaders.issuesByReportId.loadMany([ids.huaiyin2024, ids.huaian2024]);
    expect(issues.map((list) => (list instanceof Error ? list : list.map((issue) => [issue.rule, issue.severity, issue.line])))).toEqual([
      [["R1", "error", 120]],
      [["R1", "error", 120]],
    ]);
    expect(selectsSinceLast()).toHaveLength(1);
  });
});
