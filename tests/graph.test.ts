import type { DataSource } from "typeorm";
import { seedReferenceData } from "../src/seed/seed-reference-data";
import { createAgency, createReport } from "./support/factories";
import { GraphClient } from "./support/graph-client";
import { testDatabases } from "./support/test-databases";

describe.each(testDatabases())("the graph on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;
  let agencyId: number;
  let reportId: number;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    graph = await GraphClient.start(dataSource);
    const agency = await createAgency(dataSource, { name: "川汇区政务服务和大数据管理局", regionCode: "411602" });
    agencyId = agency.id;
    const report = await createReport(dataSource, {
      agencyId,
      year: 2020,
      templateVersion: "TPL_2019",
      cells: [
        ["APPLICATIONS.NEW_RECEIVED.TOTAL", 3001],
        ["ART20_8.ADMIN_FEES.ITEMS_DELTA", -8],
        ["REVIEW_LITIGATION.REVIEW.TOTAL", null],
      ],
    });
    reportId = report.id;
  });
  afterAll(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("answers a region with its parents", async () => {
    const result = await graph.run(`{ region(code: "411602") { name level parent { name parent { name parent { name } } } } }`);
    expect(result).toEqual({
      data: {
        region: { name: "川汇区", level: "COUNTY", parent: { name: "周口市", parent: { name: "河南省", parent: null } } },
      },
    });
  });

  it("lists ancestors and children", async () => {
    const result = await graph.run(`{ region(code: "411600") { ancestors { code } children { code name } } }`);
    const region = result.data?.region as { ancestors: unknown[]; children: { code: string; name: string }[] };
    expect(region.ancestors).toEqual([{ code: "410000" }]);
    expect(region.children.slice(0, 2)).toEqual([
      { code: "411602", name: "川汇区" },
      { code: "411603", name: "淮阳区" },
    ]);
    expect(region.children.map((child) => child.code).slice(-2)).toEqual(["411671", "411681"]);
    expect(region.children).toHaveLength(11);
  });

  it("pages regions by code under a parent", async () => {
    const first = await graph.run(`{ regions(parentCode: "320800", first: 2) { code name } }`);
    expect(first.data).toEqual({ regions: [{ code: "320803", name: "淮安区" }, { code: "320804", name: "淮阴区" }] });
    const next = await graph.run(`{ regions(parentCode: "320800", first: 2, after: "320804") { code } }`);
    expect(next.data).toEqual({ regions: [{ code: "320812" }, { code: "320813" }] });
  });

  it("filters regions by level", async () => {
    const result = await graph.run(`{ regions(level: PROVINCE, first: 3) { code name } }`);
    expect(result.data).toEqual({
      regions: [
        { code: "110000", name: "北京市" },
        { code: "120000", name: "天津市" },
        { code: "130000", name: "河北省" },
      ],
    });
  });

  it("answers NOT_FOUND for a code that does not exist", async () => {
    const result = await graph.run(`{ region(code: "999999") { name } }`);
    expect(result.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['Region "999999" does not exist', "NOT_FOUND"],
    ]);
  });

  it("answers BAD_USER_INPUT for a malformed code and an oversized page", async () => {
    const malformed = await graph.run(`{ region(code: "41") { name } }`);
    expect(malformed.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['code: "41" is not a 6-digit region code', "BAD_USER_INPUT"],
    ]);
    const oversized = await graph.run(`{ regions(first: 101) { code } }`);
    expect(oversized.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ["first: must be between 1 and 100, got 101", "BAD_USER_INPUT"],
    ]);
  });

  it("serves the indicator catalog in template order", async () => {
    const result = await graph.run(`{ indicators(tableCode: "REVIEW_LITIGATION", first: 2) { code labelZh labelEn unit versions comparability } }`);
    expect(result.data).toEqual({
      indicators: [
        {
          code: "REVIEW_LITIGATION.REVIEW.UPHELD",
          labelZh: "政府信息公开行政复议、行政诉讼情况·行政复议·结果维持",
          labelEn: "Administrative review and litigation · Administrative review · Upheld",
          unit: "件",
          versions: ["TPL_2019", "TPL_2021"],
          comparability: "SAME",
        },
        {
          code: "REVIEW_LITIGATION.REVIEW.CORRECTED",
          labelZh: "政府信息公开行政复议、行政诉讼情况·行政复议·结果纠正",
          labelEn: "Administrative review and litigation · Administrative review · Corrected",
          unit: "件",
          versions: ["TPL_2019", "TPL_2021"],
          comparability: "SAME",
        },
      ],
    });
  });

  it("serves a report with its agency, region, cells, sections and issues", async () => {
    const result = await graph.run(
      `query ($id: Int!) { report(id: $id) {
        year templateVersion scope publishedAt errorCount
        agency { name kind region { code name } }
        cells { tableCode rowCode columnCode value valueState rawText line }
        sections { sectionCode body }
        issues { rule severity message cellCodes line }
      } }`,
      { id: reportId },
    );
    expect(result).toEqual({
      data: {
        report: {
          year: 2020,
          templateVersion: "TPL_2019",
          scope: "AGENCY",
          publishedAt: "2021-01-31",
          errorCount: 1,
          agency: { name: "川汇区政务服务和大数据管理局", kind: "DEPARTMENT", region: { code: "411602", name: "川汇区" } },
          cells: [
            { tableCode: "APPLICATIONS", rowCode: "NEW_RECEIVED", columnCode: "TOTAL", value: 3001, valueState: "VALUE", rawText: "3001", line: 100 },
            { tableCode: "ART20_8", rowCode: "ADMIN_FEES", columnCode: "ITEMS_DELTA", value: -8, valueState: "VALUE", rawText: "-8", line: 101 },
            { tableCode: "REVIEW_LITIGATION", rowCode: "REVIEW", columnCode: "TOTAL", value: null, valueState: "BLANK", rawText: "", line: 102 },
          ],
          sections: [{ sectionCode: "S6_OTHER", body: "无" }],
          issues: [
            {
              rule: "R1",
              severity: "error",
              message: "NEW_RECEIVED + CARRIED_OVER_IN ≠ R_TOTAL + CARRIED_FORWARD_OUT",
              cellCodes: ["APPLICATIONS.NEW_RECEIVED.TOTAL", "APPLICATIONS.R_TOTAL.TOTAL"],
              line: 120,
            },
          ],
        },
      },
    });
  });

  it("lists agencies of a region with their reports", async () => {
    const result = await graph.run(`{ agencies(regionCode: "411602", first: 10) { name reports { year } } }`);
    expect(result.data).toEqual({ agencies: [{ name: "川汇区政务服务和大数据管理局", reports: [{ year: 2020 }] }] });
  });

  it("lists reports by year", async () => {
    expect((await graph.run(`{ reports(year: 2020, first: 10) { year } }`)).data).toEqual({ reports: [{ year: 2020 }] });
    expect((await graph.run(`{ reports(year: 2019, first: 10) { year } }`)).data).toEqual({ reports: [] });
  });
});
