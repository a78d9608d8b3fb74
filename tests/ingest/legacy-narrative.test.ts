import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Report, ReportCell, ValidationIssue } from "../../src/entities";
import { STORED_JSON_WARNING } from "../../src/entities/column-transformers";
import { ingestSource } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { MAX_NARRATIVE_FACTS } from "../../src/parse/narrative";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { renderMarkdown } from "../../src/synthetic/report-writer";
import { GraphClient } from "../support/graph-client";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const LEGACY = path.join(__dirname, "..", "fixtures", "shapes", "legacy");
const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");

/** pingtan-2019's values as a TPL_2019 report of 周口市川汇区人民政府 for `year` (23 requests received). */
function chuanhuiOnTheNewTemplate(year: number): string {
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "pingtan-2019.expected.json"), "utf8")) as {
    cells: { table: string; row: string; column: string; value: number }[];
  };
  const values = new Map(expected.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value === 75394432.52 ? 75394432 : cell.value]));
  return renderMarkdown({ agency: "周口市川汇区人民政府", year, version: "TPL_2019", otherSplit: false, values });
}

function document(folder: string, file: string) {
  return { bytes: fs.readFileSync(path.join(folder, file)), fileName: file };
}

describe.each(testDatabases())("legacy reports and narrative facts stored and served on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  it("stores a pre-2019 report's LEGACY cells, its narrative facts and its issues", async () => {
    const outcome = await ingestSource(dataSource, document(LEGACY, "zhoukou-civil-affairs-2017.html"));
    const report = await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId });
    expect([report.templateVersion, report.year, report.sourceFormat, report.errorCount]).toEqual(["LEGACY_PRE2019", 2017, "HTML", 0]);
    expect(report.narrativeFacts).toEqual([
      { concept: "PROACTIVE_ITEMS", value: 2357, cells: ["LEGACY.PROACTIVE_ITEMS.VALUE"], text: "主动公开政府信息2357条", line: 7 },
      { concept: "APPLICATIONS_RECEIVED", value: 31, cells: ["LEGACY.APPLICATIONS_RECEIVED.VALUE"], text: "接收政府信息公开申请31件", line: 7 },
    ]);
    const cells = await dataSource.getRepository(ReportCell).find({ where: { reportId: outcome.reportId }, order: { id: "ASC" } });
    expect(cells.map((cell) => `${cell.tableCode}.${cell.rowCode}.${cell.columnCode}=${cell.value}/${cell.valueState}/${cell.rawText}`)).toEqual([
      "LEGACY.PROACTIVE_ITEMS.VALUE=2357/VALUE/2357",
      "LEGACY.APPLICATIONS_RECEIVED.VALUE=31/VALUE/31",
      "LEGACY.APPLICATIONS_ANSWERED.VALUE=31/VALUE/31",
      "LEGACY.DISCLOSED.VALUE=20/VALUE/20",
      "LEGACY.PARTLY_DISCLOSED.VALUE=4/VALUE/4",
      "LEGACY.WITHHELD.VALUE=2/VALUE/2",
      "LEGACY.NOT_EXIST.VALUE=2/VALUE/2",
      "LEGACY.NOT_THIS_AGENCY.VALUE=3/VALUE/3",
      "LEGACY.REVIEWS.VALUE=1/VALUE/1",
      "LEGACY.LAWSUITS.VALUE=1/VALUE/1",
      "LEGACY.COMPLAINTS.VALUE=0/VALUE/0",
      "LEGACY.FEES_CHARGED.VALUE=0.012/VALUE/120",
      "LEGACY.FEES_WAIVED.VALUE=0.003/VALUE/30元",
    ]);
    const issues = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: outcome.reportId }, order: { id: "ASC" } });
    expect(issues.map((issue) => issue.rule)).toEqual(["PARSE_LEGACY_LAYOUT", "PARSE_UNIT_CONVERTED", "PARSE_UNIT_CONVERTED"]);
  });

  it("serves the legacy report and its facts on the graph, with the LEGACY indicators in the catalog", async () => {
    await ingestSource(dataSource, document(LEGACY, "fugou-2009-prose.txt"));
    const graph = await GraphClient.start(dataSource);
    try {
      const result = await graph.run(`{
        reports(first: 1) { nodes {
          templateVersion year applicationsTable { rows { depth } } proactiveTables { tableCode }
          narrativeFacts { concept value cells text line }
          cells(filter: { tableCode: "LEGACY", states: [UNCERTAIN] }) { code value unit state raw line }
        } }
        indicators(tableCode: "LEGACY") { code unit cellKind versions comparability comparabilityGroup }
      }`);
      expect(result.errors).toBeUndefined();
      const [node] = (result.data!.reports as { nodes: unknown[] }).nodes;
      expect(node).toEqual({
        templateVersion: "LEGACY_PRE2019",
        year: 2009,
        applicationsTable: null,
        proactiveTables: [],
        narrativeFacts: [
          { concept: "APPLICATIONS_RECEIVED", value: 6, cells: ["LEGACY.APPLICATIONS_RECEIVED.VALUE"], text: "受理政府信息公开申请6件", line: 7 },
        ],
        cells: [{ code: "LEGACY.APPLICATIONS_RECEIVED.VALUE", value: 6, unit: "件", state: "UNCERTAIN", raw: "6", line: 7 }],
      });
      const indicators = result.data!.indicators as Array<Record<string, unknown>>;
      expect(indicators).toHaveLength(14);
      expect(indicators[1]).toEqual({
        code: "LEGACY.APPLICATIONS_RECEIVED.VALUE",
        unit: "件",
        cellKind: "COUNT",
        versions: ["LEGACY_PRE2019"],
        comparability: "APPROXIMATE",
        comparabilityGroup: "APPLICATIONS.NEW_RECEIVED.TOTAL",
      });
      expect(indicators[0]).toMatchObject({ code: "LEGACY.PROACTIVE_ITEMS.VALUE", unit: "条", cellKind: "RECORD_COUNT", comparability: "SINGLE_VERSION" });
    } finally {
      await graph.stop();
    }
  });

  it("stores a 2019+ report's narrative facts and its T1 warning, and serves both", async () => {
    await ingestSource(dataSource, document(SAMPLES, "hongze-district-2024.txt"));
    const graph = await GraphClient.start(dataSource);
    try {
      const result = await graph.run(`{ reports(first: 1) { nodes { narrativeFacts { concept value cells line } issues { rule severity cellCodes line } } } }`);
      expect(result.errors).toBeUndefined();
      const [node] = (result.data!.reports as { nodes: Array<{ narrativeFacts: unknown; issues: Array<{ rule: string }> }> }).nodes;
      expect(node.narrativeFacts).toEqual([
        { concept: "PROACTIVE_ITEMS", value: 2428, cells: [], line: 21 },
        { concept: "APPLICATIONS_RECEIVED", value: 17, cells: ["APPLICATIONS.NEW_RECEIVED.TOTAL"], line: 30 },
      ]);
      expect(node.issues.filter((issue) => issue.rule === "T1")).toEqual([
        { rule: "T1", severity: "warning", cellCodes: ["APPLICATIONS.NEW_RECEIVED.TOTAL"], line: 30 },
      ]);
    } finally {
      await graph.stop();
    }
  });

  it("follows a LEGACY figure across legacy years (SAME) and into the 2019 template (APPROXIMATE); the 2019 cell itself does not reach back", async () => {
    const prose = fs.readFileSync(path.join(LEGACY, "chuanhui-2012-prose.txt"), "utf8");
    await ingestSource(dataSource, { bytes: Buffer.from(prose), fileName: "2012.txt" });
    await ingestSource(dataSource, { bytes: Buffer.from(prose.replace(/2012/g, "2013").replace(/23件/g, "30件")), fileName: "2013.txt" });
    await ingestSource(dataSource, { bytes: Buffer.from(chuanhuiOnTheNewTemplate(2014)), fileName: "2014.md" });
    const reports = await dataSource.getRepository(Report).find({ order: { year: "ASC" } });
    expect(reports.map((report) => [report.year, report.templateVersion, report.agencyId])).toEqual([
      [2012, "LEGACY_PRE2019", reports[0].agencyId],
      [2013, "LEGACY_PRE2019", reports[0].agencyId],
      [2014, "TPL_2019", reports[0].agencyId],
    ]);
    const agencyId = Buffer.from(`Agency:${reports[0].agencyId}`).toString("base64url");
    const graph = await GraphClient.start(dataSource);
    try {
      const series = async (indicator: string) => {
        const result = await graph.run(
          `{ timeSeries(agencyId: "${agencyId}", indicator: "${indicator}", yearFrom: 2013, yearTo: 2014) { year value previousValue change comparability } }`,
        );
        expect(result.errors).toBeUndefined();
        return result.data!.timeSeries;
      };
      expect(await series("LEGACY.APPLICATIONS_RECEIVED.VALUE")).toEqual([
        { year: 2013, value: 30, previousValue: 23, change: 7, comparability: "SAME" },
        { year: 2014, value: 23, previousValue: 30, change: -7, comparability: "APPROXIMATE" },
      ]);
      expect(await series("APPLICATIONS.NEW_RECEIVED.TOTAL")).toEqual([
        { year: 2013, value: null, previousValue: null, change: null, comparability: "NO_PREVIOUS" },
        { year: 2014, value: 23, previousValue: null, change: null, comparability: "NOT_COMPARABLE" },
      ]);
    } finally {
      await graph.stop();
    }
  });

  it(`stores and loads the first ${MAX_NARRATIVE_FACTS} facts of an overview that repeats a figure a thousand times`, async () => {
    const huaian = fs.readFileSync(path.join(SAMPLES, "huaian-city-2024.txt"), "utf8");
    const repeated = huaian.replace("一、总体情况\n", `一、总体情况\n${"本年度共受理政府信息公开申请3119件。".repeat(1000)}\n`);
    const outcome = await ingestSource(dataSource, { bytes: Buffer.from(repeated), fileName: "huaian-city-2024.txt" });
    const report = await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId });
    expect([report.narrativeFacts!.length, report.narrativeFacts![0], report.narrativeFacts![MAX_NARRATIVE_FACTS - 1].text]).toEqual([
      MAX_NARRATIVE_FACTS,
      { concept: "APPLICATIONS_RECEIVED", value: 3119, cells: ["APPLICATIONS.NEW_RECEIVED.TOTAL"], text: "受理政府信息公开申请3119件", line: 11 },
      "受理政府信息公开申请3119件",
    ]);
    const issues = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: outcome.reportId, rule: "T1" } });
    expect(issues.map((issue) => [issue.severity, issue.message])).toEqual([
      ["info", "T1: the overview states 50 figures or more; only the first 50 (to line 11) are kept and compared"],
    ]);
  });

  it("loads a report whose stored facts are not JSON (cut short by the database) with null facts and a warning", async () => {
    const outcome = await ingestSource(dataSource, document(SAMPLES, "hongze-district-2024.txt"));
    await dataSource.query("UPDATE report SET narrative_facts = ? WHERE id = ?", ['[{"concept":"PROACTIVE_ITEMS","val', outcome.reportId]);
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const report = await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId });
      expect([report.narrativeFacts, report.year]).toEqual([null, 2024]);
      // Between the two parts stands the JSON parser's own reason, whose wording is the engine's.
      const message = warn.mock.calls.map(([text]) => String(text));
      expect([message.length, warn.mock.calls[0][1]]).toEqual([1, { type: STORED_JSON_WARNING }]);
      expect(message[0]).toMatch(/^a stored JSON column holds 34 characters that are not JSON \(starting "\[\{\\"concept\\":\\"PROACTIVE_ITEMS\\",\\"val"\): /);
      expect(message[0]).toMatch(/; read as null, reparse the report to rebuild it$/);
    } finally {
      warn.mockRestore();
    }
  });

  it("fills the narrative facts on reparse for a report stored before they were kept", async () => {
    const outcome = await ingestSource(dataSource, document(SAMPLES, "huaian-city-2024.txt"));
    // As migration 8 leaves a report stored before it by an earlier parser.
    await dataSource.getRepository(Report).update({ id: outcome.reportId }, { narrativeFacts: null, parserVersion: "1.1.0" });
    expect((await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId })).narrativeFacts).toBeNull();
    await reparseAll(dataSource);
    const report = await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId });
    expect(report.narrativeFacts?.map((fact) => `${fact.concept}=${fact.value}@${fact.line}`)).toEqual([
      "APPLICATIONS_RECEIVED=3119@30",
      "APPLICATIONS_COMPLETED=3050@31",
      "APPLICATIONS_CARRIED_OVER=34@31",
      "APPLICATIONS_CARRIED_FORWARD=103@31",
      "REVIEWS=351@32",
      "LAWSUITS=46@34",
    ]);
  });
});
