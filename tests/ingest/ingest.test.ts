import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Agency, AgencyAlias, Report, ReportCell, ReportSection, SourceChunk, SourceDocument, ValidationIssue } from "../../src/entities";
import { IngestBatchStopped, ingestFiles } from "../../src/ingest/ingest-files";
import { ingestSource } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { MAX_DOCUMENT_BYTES, MAX_HTML_DEPTH } from "../../src/documents/limits";
import { expandSourcePaths } from "../../src/ingest/source-files";
import { loadSource, SOURCE_CHUNK_CHARACTERS } from "../../src/ingest/source-store";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const SAMPLE_FILES = expandSourcePaths([SAMPLES]).files;

/** Row counts of every table a report writes to: the database's state, for "changes nothing" checks. */
async function tableCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const entities = { Agency, AgencyAlias, Report, ReportCell, ReportSection, ValidationIssue, SourceDocument, SourceChunk };
  const counts: Record<string, number> = {};
  for (const [name, entity] of Object.entries(entities)) counts[name] = await dataSource.getRepository(entity).count();
  return counts;
}

/** A page nested far deeper than MAX_HTML_DEPTH (and than a recursive tree walk's call stack could go). */
const DEEP_HTML = `<html><body>${"<div>".repeat(20_000)}x${"</div>".repeat(20_000)}</body></html>`;

/** A sample with two printed values (line 81 and line 99) too large for a cell's DECIMAL(20,4). */
function withHugeValues(): string {
  return fs
    .readFileSync(path.join(SAMPLES, "hongze-district-2024.txt"), "utf8")
    .replace("一、本年新收政府信息公开申请数量 95 0 0 0 0 0 95", "一、本年新收政府信息公开申请数量 12345678901234567 0 0 0 0 0 95")
    .replace("3.危及“三安全一稳定” 1 0 0 0 0 0 1", "3.危及“三安全一稳定” 12345678901234567 0 0 0 0 0 1");
}

/** A folder of report files in the given order (names sort as listed); a null content makes a directory. */
function batchFolder(entries: ReadonlyArray<readonly [string, string | Buffer | null]>): { folder: string; files: string[] } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-batch-"));
  const files = entries.map(([name, content]) => {
    const file = path.join(folder, name);
    if (content === null) fs.mkdirSync(file);
    else fs.writeFileSync(file, content);
    return file;
  });
  return { folder, files };
}

function tempFile(name: string, content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-ingest-")), name);
  fs.writeFileSync(file, content);
  return file;
}

describe.each(testDatabases())("ingestion on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
  });
  afterEach(async () => dataSource.destroy());

  it("loads the sample directory, then finds it unchanged the second time", async () => {
    expect(SAMPLE_FILES.map((file) => path.basename(file))).toEqual([
      "chuanhui-2020.txt",
      "hongze-district-2023.txt",
      "hongze-district-2024.txt",
      "huaian-city-2024.txt",
      "pingtan-2019.txt",
    ]);
    const first = await ingestFiles(dataSource, SAMPLE_FILES, {});
    expect(first).toEqual({ ingested: 5, updated: 0, unchanged: 0, failed: 0, failures: [] });
    const before = await tableCounts(dataSource);
    const second = await ingestFiles(dataSource, SAMPLE_FILES, {});
    expect(second).toEqual({ ingested: 0, updated: 0, unchanged: 5, failed: 0, failures: [] });
    expect(await tableCounts(dataSource)).toEqual(before);
    expect(before).toMatchObject({ Agency: 4, AgencyAlias: 5, Report: 5, ReportSection: 15, SourceDocument: 5 });
  });

  it("keeps the two printed names of 洪泽区人民政府 as one agency named as in its latest report", async () => {
    await ingestFiles(dataSource, SAMPLE_FILES, {});
    const agencies = await dataSource.getRepository(Agency).find({ where: { regionCode: "320813" } });
    expect(agencies.map((agency) => [agency.name, agency.normalizedName, agency.kind])).toEqual([["淮安市洪泽区人民政府", "洪泽区人民政府", "GOVERNMENT"]]);
    const reports = await dataSource.getRepository(Report).find({ where: { agencyId: agencies[0].id }, order: { year: "ASC" } });
    expect(reports.map((report) => [report.year, report.errorCount])).toEqual([
      [2023, 2],
      [2024, 0],
    ]);
    const aliases = await dataSource.getRepository(AgencyAlias).find({ where: { agencyId: agencies[0].id }, order: { id: "ASC" } });
    expect(aliases.map((alias) => alias.name)).toEqual(["洪泽区人民政府", "淮安市洪泽区人民政府"]);
  });

  it("stores provenance: the source, its hash, the sidecar's URL and date, the parser version", async () => {
    await ingestFiles(dataSource, SAMPLE_FILES, {});
    const report = await dataSource.getRepository(Report).findOneByOrFail({ year: 2019 });
    expect(report).toMatchObject({
      sourceUrl: "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm",
      publishedAt: "2020-01-20",
      sourceFormat: "TEXT",
      parserVersion: "1.2.0",
      scope: "GOVERNMENT_AGGREGATE",
      templateVersion: "TPL_2019",
    });
    const bytes = fs.readFileSync(path.join(SAMPLES, "pingtan-2019.txt"));
    const stored = await loadSource(dataSource.manager, report.contentHash);
    expect(stored.bytes.equals(bytes)).toBe(true);
    const document = await dataSource.getRepository(SourceDocument).findOneByOrFail({ hash: report.contentHash });
    expect([document.byteLength, document.chunkCount]).toEqual([bytes.length, Math.ceil(bytes.toString("utf8").length / SOURCE_CHUNK_CHARACTERS)]);
  });

  it("replaces a report's cells when new content arrives for the same agency and year", async () => {
    const original = fs.readFileSync(path.join(SAMPLES, "hongze-district-2024.txt"), "utf8");
    await ingestSource(dataSource, { bytes: Buffer.from(original), format: "TEXT" });
    const corrected = original.replace("一、本年新收政府信息公开申请数量 95 0 0 0 0 0 95", "一、本年新收政府信息公开申请数量 96 0 0 0 0 0 96");
    const outcome = await ingestSource(dataSource, { bytes: Buffer.from(corrected), format: "TEXT" });
    expect([outcome.status, outcome.year, outcome.errorCount]).toEqual(["updated", 2024, 2]);
    const cells = await dataSource.getRepository(ReportCell).find({ where: { reportId: outcome.reportId, rowCode: "NEW_RECEIVED", columnCode: "TOTAL" } });
    expect(cells.map((cell) => cell.value)).toEqual([96]);
    expect(await dataSource.getRepository(Report).count()).toBe(1);
    const rules = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: outcome.reportId }, order: { id: "ASC" } });
    expect(rules.map((issue) => issue.message)).toEqual([
      "R1 (column NATURAL_PERSON): NEW_RECEIVED.NATURAL_PERSON 96 + CARRIED_OVER_IN.NATURAL_PERSON 0 = 96 but R_TOTAL.NATURAL_PERSON 95 + CARRIED_FORWARD_OUT.NATURAL_PERSON 0 = 95",
      "R1 (column TOTAL): NEW_RECEIVED.TOTAL 96 + CARRIED_OVER_IN.TOTAL 0 = 96 but R_TOTAL.TOTAL 95 + CARRIED_FORWARD_OUT.TOTAL 0 = 95",
      'T1 (APPLICATIONS_RECEIVED): the text says 17 at line 30 ("受理政府信息公开申请17件"), the table prints 96 (APPLICATIONS.NEW_RECEIVED.TOTAL); the text may count another scope',
    ]);
  });

  it("refuses an agency whose region is ambiguous, naming the candidates, and writes nothing", async () => {
    const text = fs
      .readFileSync(path.join(SAMPLES, "hongze-district-2024.txt"), "utf8")
      .replace(/淮安市洪泽区人民政府/g, "鼓楼区人民政府")
      .replace(/淮安|洪泽/g, "某地");
    const before = await tableCounts(dataSource);
    const summary = await ingestFiles(dataSource, [tempFile("gulou.txt", text)], {});
    expect(summary.failures.map((failure) => failure.reason)).toEqual([
      "the region of 鼓楼区人民政府 is ambiguous (320106 江苏省南京市鼓楼区; 320302 江苏省徐州市鼓楼区; 350102 福建省福州市鼓楼区; 410204 河南省开封市鼓楼区); pass --region CODE",
    ]);
    expect(await tableCounts(dataSource)).toEqual(before);
    const resolved = await ingestFiles(dataSource, [tempFile("gulou.txt", text)], { regionCode: "350102" });
    expect([resolved.ingested, resolved.failed]).toEqual([1, 0]);
    expect((await dataSource.getRepository(Agency).findOneByOrFail({ regionCode: "350102" })).name).toBe("鼓楼区人民政府");
  });

  it("reports a bad sidecar and a text that is not a report as failures with their reasons", async () => {
    const notReport = tempFile("novel.txt", "第一章 那年冬天。");
    const badSidecar = tempFile("report.txt", fs.readFileSync(path.join(SAMPLES, "chuanhui-2020.txt"), "utf8"));
    fs.writeFileSync(badSidecar.replace(/\.txt$/, ".meta.json"), JSON.stringify({ publishedAt: "2021-02-30" }));
    const summary = await ingestFiles(dataSource, [notReport, badSidecar], {});
    expect(summary.failures).toEqual([
      {
        file: notReport,
        reason:
          "not a recognisable annual report: found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
      },
      { file: badSidecar, reason: `${badSidecar.replace(/\.txt$/, ".meta.json")}: publishedAt must be a date YYYY-MM-DD, got "2021-02-30"` },
    ]);
    expect(await dataSource.getRepository(Report).count()).toBe(0);
  });

  it("rolls back everything when a statement fails in the middle of writing a report", async () => {
    await ingestFiles(dataSource, SAMPLE_FILES.slice(0, 1), {});
    const before = await tableCounts(dataSource);
    let cellInserts = 0;
    const failing = await database.reopen(dataSource, (sql) => {
      if (/INSERT INTO [`"]?report_cell/i.test(sql) && ++cellInserts === 1) throw new Error("disk full (injected)");
    });
    try {
      await expect(ingestFiles(failing, [path.join(SAMPLES, "huaian-city-2024.txt")], {})).rejects.toThrow("disk full (injected)");
    } finally {
      await failing.destroy();
    }
    expect(await tableCounts(dataSource)).toEqual(before);
  });

  it("ingests the structured JSON form of a report to the same cells as its text", async () => {
    const text = await ingestSource(dataSource, { bytes: fs.readFileSync(path.join(SAMPLES, "huaian-city-2024.txt")), format: "TEXT" });
    const cells = await dataSource.getRepository(ReportCell).find({ where: { reportId: text.reportId }, order: { id: "ASC" } });
    const json = {
      templateVersion: "TPL_2021",
      agencyName: "淮安市人民政府",
      year: 2025,
      region: { code: "320800" },
      cells: cells
        .filter((cell) => cell.valueState !== "DERIVED")
        .map((cell) => ({ table: cell.tableCode, row: cell.rowCode, column: cell.columnCode, value: cell.value, state: cell.valueState })),
    };
    const structured = await ingestSource(dataSource, { bytes: Buffer.from(JSON.stringify(json)), format: "JSON" });
    expect([structured.status, structured.agencyId, structured.errorCount]).toEqual(["ingested", text.agencyId, 0]);
    const imported = await dataSource.getRepository(ReportCell).find({ where: { reportId: structured.reportId } });
    const key = (cell: ReportCell) => `${cell.tableCode}.${cell.rowCode}.${cell.columnCode}=${cell.value}/${cell.valueState}`;
    expect(imported.map(key).sort()).toEqual(cells.map(key).sort());
  });

  it("reads and stores a PDF by its bytes whatever format the caller declared, as document-format.ts decides once", async () => {
    const pdf = fs.readFileSync(path.join(__dirname, "..", "fixtures", "pdf", "huaian-city-2024.pdf"));
    const outcome = await ingestSource(dataSource, { bytes: pdf, format: "TEXT" });
    const report = await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId });
    const source = await dataSource.getRepository(SourceDocument).findOneByOrFail({ hash: report.contentHash });
    expect([outcome.status, report.sourceFormat, source.format, report.templateVersion]).toEqual(["ingested", "PDF", "PDF", "TPL_2021"]);
  });

  it("refuses a structured report with every problem named by its JSON path, and stores nothing", async () => {
    const before = await tableCounts(dataSource);
    const json = {
      templateVersion: "TPL_2021",
      year: 2024,
      cells: [
        { table: "ART20_1", row: "REGULATIONS", column: "ISSUED", value: "3" },
        { table: "APPLICATIONS", row: "NEW_RECEIVED", column: "TOTAL" },
      ],
    };
    await expect(ingestSource(dataSource, { bytes: Buffer.from(JSON.stringify(json)), fileName: "report.json" })).rejects.toThrow(
      "not a structured report: $.cells[0].value: must be a number or null; $.cells[1].value: must be a number when the state is VALUE",
    );
    expect(await tableCounts(dataSource)).toEqual(before);
  });

  it("refuses a structured report with an unknown cell, naming where", async () => {
    const json = {
      templateVersion: "TPL_2021",
      agencyName: "淮安市人民政府",
      year: 2024,
      cells: [{ table: "APPLICATIONS", row: "NEW_RECEIVED", column: "EVERYONE", value: 1 }],
    };
    await expect(ingestSource(dataSource, { bytes: Buffer.from(JSON.stringify(json)), format: "JSON" })).rejects.toThrow(
      "not a structured report: $.cells[0]: APPLICATIONS.NEW_RECEIVED.EVERYONE is not a printed cell of the template",
    );
  });

  it("re-parses every stored report from its source and counts the cells that changed", async () => {
    await ingestFiles(dataSource, SAMPLE_FILES, {});
    const report = await dataSource.getRepository(Report).findOneByOrFail({ year: 2020 });
    await dataSource.getRepository(ReportCell).update({ reportId: report.id, rowCode: "NEW_RECEIVED", columnCode: "TOTAL" }, { value: 7 });
    const outcomes = await reparseAll(dataSource);
    expect(outcomes.map((outcome) => [outcome.agencyName, outcome.year, outcome.changedCells])).toEqual([
      ["川汇区政务服务和大数据管理局", 2020, 1],
      ["淮安市洪泽区人民政府", 2023, 0],
      ["淮安市洪泽区人民政府", 2024, 0],
      ["淮安市人民政府", 2024, 0],
      ["平潭综合实验区", 2019, 0],
    ]);
    const restored = await dataSource.getRepository(ReportCell).findOneByOrFail({ reportId: report.id, rowCode: "NEW_RECEIVED", columnCode: "TOTAL" });
    expect(restored.value).toBe(0);
    expect((await reparseAll(dataSource)).map((outcome) => outcome.changedCells)).toEqual([0, 0, 0, 0, 0]);
  });
  it("goes on past a page the parser refuses, a directory, a missing file, one too large and one with values too large for a cell, naming each failure", async () => {
    const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name));
    const { folder, files } = batchFolder([
      ["a-chuanhui.txt", sample("chuanhui-2020.txt")],
      ["b-deep.html", DEEP_HTML],
      ["c-folder.txt", null],
      ["d-huge.txt", ""],
      ["e-huge-values.txt", withHugeValues()],
      ["f-pingtan.txt", sample("pingtan-2019.txt")],
    ]);
    // Over the limit by one byte, as a sparse file: refused from its size, never read.
    fs.truncateSync(files[3], MAX_DOCUMENT_BYTES + 1);
    const missing = path.join(folder, "c-gone.txt");
    const seen: string[] = [];
    const summary = await ingestFiles(dataSource, [...files.slice(0, 3), missing, ...files.slice(3)], {}, (outcome) => seen.push(path.basename(outcome.file)));
    expect(summary).toEqual({
      ingested: 3,
      updated: 0,
      unchanged: 0,
      failed: 4,
      failures: [
        { file: files[1], reason: `the HTML page nests elements more than ${MAX_HTML_DEPTH} deep, the limit for a page; parsing stopped at line 1` },
        { file: files[2], reason: "cannot be read: EISDIR" },
        { file: missing, reason: "cannot be read: ENOENT" },
        { file: files[3], reason: `the file has ${MAX_DOCUMENT_BYTES + 1} bytes, more than the 25 MiB (${MAX_DOCUMENT_BYTES} bytes) a document may have` },
      ],
    });
    expect(seen).toEqual(["a-chuanhui.txt", "b-deep.html", "c-folder.txt", "c-gone.txt", "d-huge.txt", "e-huge-values.txt", "f-pingtan.txt"]);
    const reports = await dataSource.getRepository(Report).find({ order: { year: "ASC" } });
    expect(reports.map((report) => report.year)).toEqual([2019, 2020, 2024]);
  });

  it("keeps a value too large for a cell as ILLEGIBLE with its printed text, drops what is derived from it, and names it in an issue", async () => {
    const original = await ingestSource(dataSource, { bytes: fs.readFileSync(path.join(SAMPLES, "hongze-district-2024.txt")), format: "TEXT" });
    const originalCells = await dataSource.getRepository(ReportCell).countBy({ reportId: original.reportId });
    const outcome = await ingestSource(dataSource, { bytes: Buffer.from(withHugeValues()), format: "TEXT" });
    expect([outcome.status, outcome.errorCount]).toEqual(["updated", 2]);
    const cells = await dataSource
      .getRepository(ReportCell)
      .find({ where: { reportId: outcome.reportId, columnCode: "NATURAL_PERSON" }, order: { id: "ASC" } });
    const byRow = new Map(cells.map((cell) => [cell.rowCode, [cell.value, cell.valueState, cell.rawText, cell.line]]));
    expect(byRow.get("NEW_RECEIVED")).toEqual([null, "ILLEGIBLE", "12345678901234567", 81]);
    expect(byRow.get("WITHHELD_THREE_SAFETY_ONE_STABILITY")).toEqual([null, "ILLEGIBLE", "12345678901234567", 99]);
    expect(byRow.get("R_DISCLOSED")).toEqual([50, "VALUE", "50", 92]);
    // R_WITHHELD.NATURAL_PERSON is derived from the illegible cell: it is no longer there.
    expect(byRow.has("R_WITHHELD")).toBe(false);
    expect(await dataSource.getRepository(ReportCell).countBy({ reportId: outcome.reportId })).toBe(originalCells - 1);
    const issues = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: outcome.reportId }, order: { id: "ASC" } });
    expect(issues.map((issue) => [issue.rule, issue.severity, issue.message, issue.cellCodes, issue.line])).toEqual([
      [
        "T1",
        "warning",
        'T1 (APPLICATIONS_RECEIVED): the text says 17 at line 30 ("受理政府信息公开申请17件"), the table prints 95 (APPLICATIONS.NEW_RECEIVED.TOTAL); the text may count another scope',
        ["APPLICATIONS.NEW_RECEIVED.TOTAL"],
        30,
      ],
      [
        "PARSE_VALUE_OUT_OF_RANGE",
        "error",
        'PARSE_VALUE_OUT_OF_RANGE: APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON at line 81 reads "12345678901234567", beyond what a cell holds (a finite number under 10^16 in magnitude); the cell is kept as ILLEGIBLE with no value',
        ["APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON"],
        81,
      ],
      [
        "PARSE_VALUE_OUT_OF_RANGE",
        "error",
        'PARSE_VALUE_OUT_OF_RANGE: APPLICATIONS.WITHHELD_THREE_SAFETY_ONE_STABILITY.NATURAL_PERSON at line 99 reads "12345678901234567", beyond what a cell holds (a finite number under 10^16 in magnitude); the cell is kept as ILLEGIBLE with no value',
        ["APPLICATIONS.WITHHELD_THREE_SAFETY_ONE_STABILITY.NATURAL_PERSON"],
        99,
      ],
      ["R1", "warning", "R1 (column NATURAL_PERSON) cannot be checked: APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON is ILLEGIBLE", expect.any(Array), 81],
      [
        "R3",
        "warning",
        "R3 (column NATURAL_PERSON) cannot be checked: APPLICATIONS.WITHHELD_THREE_SAFETY_ONE_STABILITY.NATURAL_PERSON is ILLEGIBLE",
        expect.any(Array),
        118,
      ],
      ["R2", "warning", "R2 (row NEW_RECEIVED) cannot be checked: APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON is ILLEGIBLE", expect.any(Array), 81],
      [
        "R2",
        "warning",
        "R2 (row WITHHELD_THREE_SAFETY_ONE_STABILITY) cannot be checked: APPLICATIONS.WITHHELD_THREE_SAFETY_ONE_STABILITY.NATURAL_PERSON is ILLEGIBLE",
        expect.any(Array),
        99,
      ],
    ]);
  });

  it("keeps a structured report's values too large for a cell (1e20, and 1e400 which JSON reads as Infinity) as ILLEGIBLE cells with issues", async () => {
    const json = {
      templateVersion: "TPL_2021",
      agencyName: "淮安市人民政府",
      year: 2024,
      region: { code: "320800" },
      cells: [
        { table: "ART20_5", row: "ADMIN_LICENSING", column: "DECISIONS", value: 447228, line: 98 },
        { table: "ART20_6", row: "ADMIN_PENALTY", column: "DECISIONS", value: 1e20, line: 110 },
        { table: "ART20_6", row: "ADMIN_COERCION", column: "DECISIONS", value: "@INFINITY@", raw: "1e400" },
      ],
    };
    const text = JSON.stringify(json).replace('"@INFINITY@"', "1e400");
    const outcome = await ingestSource(dataSource, { bytes: Buffer.from(text), format: "JSON" });
    expect([outcome.status, outcome.errorCount]).toEqual(["ingested", 2]);
    const cells = await dataSource.getRepository(ReportCell).find({ where: { reportId: outcome.reportId }, order: { id: "ASC" } });
    expect(cells.map((cell) => [cell.rowCode, cell.value, cell.valueState, cell.rawText, cell.line])).toEqual([
      ["ADMIN_LICENSING", 447228, "VALUE", "447228", 98],
      ["ADMIN_PENALTY", null, "ILLEGIBLE", "100000000000000000000", 110],
      ["ADMIN_COERCION", null, "ILLEGIBLE", "1e400", null],
    ]);
    const issues = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: outcome.reportId }, order: { id: "ASC" } });
    expect(issues.map((issue) => issue.message)).toEqual([
      'PARSE_VALUE_OUT_OF_RANGE: ART20_6.ADMIN_PENALTY.DECISIONS at line 110 reads "100000000000000000000", beyond what a cell holds (a finite number under 10^16 in magnitude); the cell is kept as ILLEGIBLE with no value',
      'PARSE_VALUE_OUT_OF_RANGE: ART20_6.ADMIN_COERCION.DECISIONS reads "1e400", beyond what a cell holds (a finite number under 10^16 in magnitude); the cell is kept as ILLEGIBLE with no value',
    ]);
  });

  it("refuses a structured report whose agency name is longer than a name may be, on every database alike", async () => {
    const name = `淮安市${"很".repeat(200)}人民政府`;
    const json = { templateVersion: "TPL_2021", agencyName: name, year: 2024, region: { code: "320800" }, cells: [] };
    await expect(ingestSource(dataSource, { bytes: Buffer.from(JSON.stringify(json)), format: "JSON" })).rejects.toThrow(
      `the agency name "${name.slice(0, 40)}…" is 207 characters long, over the 128 a name may have; pass --agency NAME`,
    );
    expect(await dataSource.getRepository(Agency).count()).toBe(0);
  });

  it("fails a file whose value the database refuses, with the database's reason, and goes on with the next", async () => {
    let cellInserts = 0;
    const refusing = await database.reopen(dataSource, (sql) => {
      if (/INSERT INTO [`"]?report_cell/i.test(sql) && ++cellInserts === 1) {
        throw Object.assign(new Error("Out of range value for column 'value' at row 7 (injected)"), { code: "ER_WARN_DATA_OUT_OF_RANGE", errno: 1264 });
      }
    });
    try {
      const files = [path.join(SAMPLES, "huaian-city-2024.txt"), path.join(SAMPLES, "pingtan-2019.txt")];
      const summary = await ingestFiles(refusing, files, {});
      expect(summary).toEqual({
        ingested: 1,
        updated: 0,
        unchanged: 0,
        failed: 1,
        failures: [{ file: files[0], reason: "the database refused a value of this report: Out of range value for column 'value' at row 7 (injected)" }],
      });
    } finally {
      await refusing.destroy();
    }
    expect((await dataSource.getRepository(Report).find()).map((report) => report.year)).toEqual([2019]);
  });

  it("stops the batch when the database fails, with the summary so far and the file it stopped at", async () => {
    let cellInserts = 0;
    const failing = await database.reopen(dataSource, (sql) => {
      if (/INSERT INTO [`"]?report_cell/i.test(sql) && ++cellInserts === 2) throw new Error("connection lost (injected)");
    });
    const files = SAMPLE_FILES.slice(0, 4);
    try {
      const stopped = await ingestFiles(failing, files, {}).catch((error: unknown) => error);
      expect(stopped).toBeInstanceOf(IngestBatchStopped);
      const { file, summary, notTried, message } = stopped as IngestBatchStopped;
      expect([file, summary, notTried, message]).toEqual([
        files[1],
        { ingested: 1, updated: 0, unchanged: 0, failed: 0, failures: [] },
        2,
        `stopped at ${files[1]}: the database failed (connection lost (injected)); 2 more file(s) not tried`,
      ]);
    } finally {
      await failing.destroy();
    }
    expect(await dataSource.getRepository(Report).count()).toBe(1);
  });
});
