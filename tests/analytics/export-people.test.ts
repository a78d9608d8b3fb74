import ExcelJS from "exceljs";
import type { DataSource } from "typeorm";
import { exportWide, type CsvSink } from "../../src/analytics/csv-export";
import { TEMPLATE_TABLES } from "../../src/domain/template-catalog";
import { toGlobalId } from "../../src/graph/core/node";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { testDatabases } from "../support/test-databases";
import { loadDataset, valueOf, type DatasetReport } from "./dataset";
import { parseCsv } from "./export-csv";

const NATURAL_PERSON_HEADER = "一、本年新收政府信息公开申请数量·自然人 APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON（件）";

describe.each(testDatabases())("exports for people on $name", (database) => {
  let dataSource: DataSource;
  let server: RunningServer;
  let reports: DatasetReport[];
  let doubtfulReportId: number;
  let agencyId: number;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    reports = await loadDataset(dataSource);
    // One more cell read as UNCERTAIN, in a report that had none, as the parser marks a value it could not read for sure.
    const [cell] = (await dataSource.query(
      `SELECT c.id, c.report_id FROM report_cell c
       WHERE c.table_code = 'APPLICATIONS' AND c.row_code = 'NEW_RECEIVED' AND c.column_code = 'TOTAL'
         AND NOT EXISTS (SELECT 1 FROM report_cell d WHERE d.report_id = c.report_id AND d.value_state IN ('UNCERTAIN', 'ILLEGIBLE'))
       ORDER BY c.id LIMIT 1`,
    )) as Array<{ id: number; report_id: number }>;
    await dataSource.query("UPDATE report_cell SET value_state = 'UNCERTAIN' WHERE id = ?", [cell.id]);
    doubtfulReportId = Number(cell.report_id);
    agencyId = Number(((await dataSource.query("SELECT agency_id FROM report WHERE id = ?", [doubtfulReportId])) as Array<{ agency_id: number }>)[0].agency_id);
    server = await startHttpServer(dataSource, { port: 0, tokens: [] }, createLogger("silent"));
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await dataSource.destroy();
  });

  const download = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it("streams one wide row per report with Chinese headers, codes, units, quality counts, cells and derived indicators", async () => {
    const { response, bytes } = await download("/export/reports-wide.csv?year=2021");
    expect([response.status, response.headers.get("content-disposition")]).toEqual([200, 'attachment; filename="gongkai-reports-wide.csv"']);
    const [header, ...rows] = parseCsv(bytes.toString("utf8").slice(1));
    expect(header.slice(0, 12)).toEqual([
      "报告编号 report_id",
      "机关编号 agency_id",
      "机关名称 agency_name",
      "机关类别 agency_kind",
      "行政区划代码 region_code",
      "年度 year",
      "模板版本 template_version",
      "报告范围 scope",
      "标题 title",
      "校验错误数 error_count",
      "存疑单元格数 uncertain_cells",
      "不通过的算术规则数 failing_rules",
    ]);
    const members = reports.filter((report) => report.year === 2021);
    expect(rows).toHaveLength(members.length);
    const natural = header.indexOf(NATURAL_PERSON_HEADER);
    const rate = header.indexOf("公开率 disclosureRate（比率）");
    for (const row of rows) {
      const report = members.find((member) => member.agencyName === row[2])!;
      expect(Number(row[natural])).toBe(valueOf(report, "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON"));
      const handled = valueOf(report, "APPLICATIONS.R_TOTAL.TOTAL")!;
      const disclosed = valueOf(report, "APPLICATIONS.R_DISCLOSED.TOTAL")! + valueOf(report, "APPLICATIONS.R_PARTIAL.TOTAL")!;
      if (handled === 0) expect(row[rate]).toBe("");
      // Rounded once, on output, to 6 places (half away from zero; the rates here are positive).
      else expect(Number(row[rate])).toBe(Math.round((disclosed / handled) * 1e6) / 1e6);
    }
  });

  it("counts each report's UNCERTAIN cells and failed arithmetic rules in the wide CSV", async () => {
    const { bytes } = await download(`/export/reports-wide.csv?agencyId=${agencyId}`);
    const [, ...rows] = parseCsv(bytes.toString("utf8").slice(1));
    expect(rows.map((row) => [Number(row[0]), row[10]]).find(([id]) => id === doubtfulReportId)).toEqual([doubtfulReportId, "1"]);
    const all = parseCsv((await download("/export/reports-wide.csv")).bytes.toString("utf8").slice(1)).slice(1);
    const counts = (await dataSource.query(
      "SELECT report_id, COUNT(*) AS n FROM report_cell WHERE value_state IN ('UNCERTAIN', 'ILLEGIBLE') GROUP BY report_id",
    )) as Array<{ report_id: number; n: number | string }>;
    const expected = new Map(counts.map((count) => [Number(count.report_id), String(Number(count.n))]));
    expect(all.map((row) => row[10])).toEqual(all.map((row) => expected.get(Number(row[0])) ?? "0"));
    const failing = (await dataSource.query(
      "SELECT report_id, COUNT(DISTINCT rule) AS n FROM validation_issue WHERE severity = 'error' AND rule IN ('R1', 'R2', 'R3', 'R4', 'R5') GROUP BY report_id",
    )) as Array<{ report_id: number; n: number | string }>;
    const failed = new Map(failing.map((count) => [Number(count.report_id), String(Number(count.n))]));
    expect(all.map((row) => row[11])).toEqual(all.map((row) => failed.get(Number(row[0])) ?? "0"));
  });

  it("takes the graph's Agency global id in agencyId, with the same answer as the databaseId", async () => {
    const byDatabaseId = await download(`/export/reports-wide.csv?agencyId=${agencyId}`);
    const byGlobalId = await download(`/export/reports-wide.csv?agencyId=${toGlobalId("Agency", agencyId)}`);
    const cells = await download(`/export/cells.csv?agencyId=${toGlobalId("Agency", agencyId)}&indicator=APPLICATIONS`);
    expect([byGlobalId.response.status, byGlobalId.bytes.equals(byDatabaseId.bytes)]).toEqual([200, true]);
    const reportCount = reports.filter((report) => report.agencyName === parseCsv(byDatabaseId.bytes.toString("utf8").slice(1))[1][2]).length;
    expect(parseCsv(byDatabaseId.bytes.toString("utf8").slice(1))).toHaveLength(reportCount + 1);
    expect([cells.response.status, parseCsv(cells.bytes.toString("utf8").slice(1)).length > 1]).toEqual([200, true]);
  });

  it("streams a workbook with one sheet per template table as printed, one row per report, and a sheet of issues", async () => {
    const { response, bytes } = await download("/export/reports.xlsx?yearFrom=2021");
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...TEMPLATE_TABLES.map((table) => table.labelZh), "校验问题"]);
    const sheet = workbook.getWorksheet("收到和处理政府信息公开申请情况")!;
    const members = reports.filter((report) => report.year >= 2021);
    expect(sheet.rowCount).toBe(3 + members.length);
    const codes = (sheet.getRow(3).values as unknown[]).slice(1);
    const natural = codes.indexOf("APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON") + 1;
    expect([sheet.getRow(1).getCell(natural).value, sheet.getRow(2).getCell(natural).value]).toEqual(["一、本年新收政府信息公开申请数量", "自然人（件）"]);
    for (let index = 4; index <= sheet.rowCount; index += 1) {
      const row = sheet.getRow(index);
      const report = members.find((member) => member.agencyName === row.getCell(2).value && member.year === row.getCell(4).value)!;
      expect(row.getCell(natural).value).toBe(valueOf(report, "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON"));
    }
    const issues = (await dataSource.query("SELECT COUNT(*) AS n FROM validation_issue i JOIN report r ON r.id = i.report_id WHERE r.year >= 2021")) as Array<{
      n: number | string;
    }>;
    expect(workbook.getWorksheet("校验问题")!.rowCount).toBe(1 + Number(issues[0].n));
  });

  it("shades an UNCERTAIN cell in the workbook", async () => {
    const { bytes } = await download(`/export/reports.xlsx?agencyId=${agencyId}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("收到和处理政府信息公开申请情况")!;
    const total = (sheet.getRow(3).values as unknown[]).slice(1).indexOf("APPLICATIONS.NEW_RECEIVED.TOTAL") + 1;
    const shaded: Array<[number, number]> = [];
    sheet.eachRow((row, index) => {
      if (index > 3 && (row.getCell(total).fill as ExcelJS.FillPattern | undefined)?.pattern === "solid")
        shaded.push([Number(row.getCell(1).value), Number(row.getCell(6).value)]);
    });
    expect(shaded).toEqual([[doubtfulReportId, 1]]);
  });

  it.each([
    [
      "/export/cells.csv?indicator=NOPE",
      'indicator must be a table code or TABLE.ROW.COLUMN; "NOPE" is not a table code: use one of ART20_1, ART20_5, ART20_6, ART20_8, ART20_9, APPLICATIONS, REVIEW_LITIGATION, LEGACY',
    ],
    [
      "/export/cells.csv?indicator=APPLICATIONS.NOPE.TOTAL",
      'indicator "APPLICATIONS.NOPE.TOTAL" is not a cell of the catalog; the indicators query with tableCode APPLICATIONS lists its cells',
    ],
    ["/export/reports-wide.csv?templateVersion=TPL_2020", "templateVersion must be one of TPL_2019, TPL_2021, LEGACY_PRE2019, UNKNOWN"],
    ["/export/reports.xlsx?scope=CITY", "scope must be one of AGENCY, GOVERNMENT_AGGREGATE"],
    ["/export/reports.csv?regionCode=999999", 'regionCode "999999" is not a known region code; the regions query lists them'],
    ["/export/reports.xlsx?regionCode=999999", 'regionCode "999999" is not a known region code; the regions query lists them'],
    ["/export/cells.csv?agencyId=999999", "agencyId 999999 is not a known agency; the agencies query lists them"],
    [
      `/export/reports-wide.csv?agencyId=${toGlobalId("Region", "320800")}`,
      `agencyId must be an agency's id (its global id or databaseId), got "${toGlobalId("Region", "320800")}"`,
    ],
    ["/export/reports-wide.csv?agencyId=not-an-id", `agencyId must be an agency's id (its global id or databaseId), got "not-an-id"`],
    ["/export/reports-wide.csv?indicator=APPLICATIONS", "indicator applies to cells.csv only; a report export has every cell"],
    ["/export/reports.xlsx?indicator=APPLICATIONS", "indicator applies to cells.csv only; a report export has every cell"],
  ])("refuses %s with 400 BAD_USER_INPUT and the reason, never a 200 with a header only", async (path, message) => {
    const response = await fetch(`${server.url}${path}`);
    expect([response.status, await response.json()]).toEqual([400, { error: { code: "BAD_USER_INPUT", message } }]);
  });

  it("stops reading the database as soon as the consumer of a wide export goes away", async () => {
    let statements = 0;
    const counted = await database.reopen(dataSource, (sql) => {
      if (/FROM report_cell/.test(sql)) statements += 1;
    });
    try {
      const sink: CsvSink = { write: async (chunk) => chunk.startsWith("\uFEFF") };
      expect([await exportWide(counted, {}, sink), statements]).toEqual([0, 1]);
    } finally {
      await counted.destroy();
    }
  });
});
