import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { MAX_HTML_DEPTH } from "../../src/documents/limits";
import { Report, ReportCell } from "../../src/entities";
import { toGlobalId } from "../../src/graph/core/node";
import { loadSamplesIntoEmptyDatabase } from "../../src/ingest/load-samples";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { GraphClient, TEST_API_TOKEN } from "../support/graph-client";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const INGEST = `mutation ($input: IngestReportInput!) {
  ingestReport(input: $input) { status report { year templateVersion scope errorCount sourceUrl agency { name region { code } } } }
}`;
const BEARER = `Bearer ${TEST_API_TOKEN}`;

describe.each(testDatabases())("the ingestReport and deleteReport mutations on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;
  const text = fs.readFileSync(path.join(SAMPLES, "huaian-city-2024.txt"), "utf8");

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    graph = await GraphClient.start(dataSource);
  });
  afterEach(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("answers UNAUTHENTICATED without the token, or with a wrong one, and writes nothing", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-0123456789", TEST_API_TOKEN]) {
      const result = await graph.run(INGEST, { input: { text } }, authorization);
      expect(result.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
        ["UNAUTHENTICATED", "this operation needs an ADMIN token: send Authorization: Bearer TOKEN"],
      ]);
    }
    expect(await dataSource.getRepository(Report).count()).toBe(0);
  });

  it("answers FORBIDDEN when the server has no token configured", async () => {
    const result = await graph.run(INGEST, { input: { text } }, BEARER, []);
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
  });

  it("stores a report with the token, then finds it unchanged", async () => {
    const variables = { input: { text, sourceUrl: "https://www.huaian.gov.cn/nb/2024.html", publishedAt: "2025-01-24" } };
    const first = await graph.run(INGEST, variables, BEARER);
    expect(first.data).toEqual({
      ingestReport: {
        status: "INGESTED",
        report: {
          year: 2024,
          templateVersion: "TPL_2021",
          scope: "GOVERNMENT_AGGREGATE",
          errorCount: 0,
          sourceUrl: "https://www.huaian.gov.cn/nb/2024.html",
          agency: { name: "淮安市人民政府", region: { code: "320800" } },
        },
      },
    });
    const second = await graph.run(INGEST, variables, BEARER);
    expect((second.data?.ingestReport as { status: string }).status).toBe("UNCHANGED");
  });

  it("answers BAD_USER_INPUT with the reason for a text that is not a report, and for bad metadata", async () => {
    const novel = await graph.run(INGEST, { input: { text: "第一章 那年冬天。" } }, BEARER);
    expect(novel.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      [
        "BAD_USER_INPUT",
        "not a recognisable annual report: found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
      ],
    ]);
    const badDate = await graph.run(INGEST, { input: { text, publishedAt: "yesterday" } }, BEARER);
    expect(badDate.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ["BAD_USER_INPUT", 'input: publishedAt must be a date YYYY-MM-DD, got "yesterday"'],
    ]);
    expect(await dataSource.getRepository(Report).count()).toBe(0);
  });

  it("answers BAD_USER_INPUT with the reason for a page nested deeper than a page may be, and writes nothing", async () => {
    const deep = `<html><body>${"<div>".repeat(20_000)}x${"</div>".repeat(20_000)}</body></html>`;
    const result = await graph.run(INGEST, { input: { text: deep, format: "HTML" } }, BEARER);
    expect(result.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ["BAD_USER_INPUT", `the HTML page nests elements more than ${MAX_HTML_DEPTH} deep, the limit for a page; parsing stopped at line 1`],
    ]);
    expect(await dataSource.getRepository(Report).count()).toBe(0);
  });

  it("stores a report with a value too large for a cell, answering with the cell ILLEGIBLE and the issue naming it", async () => {
    const huge = text.replace(/^447228$/m, "12345678901234567");
    const query = `mutation ($input: IngestReportInput!) {
      ingestReport(input: $input) {
        status
        report { errorCount issues { rule message cellCodes line } cells(filter: { tableCode: "ART20_5" }) { code value state raw line } }
      }
    }`;
    const result = await graph.run(query, { input: { text: huge } }, BEARER);
    expect(result.errors).toBeUndefined();
    type Answer = { status: string; report: { errorCount: number; issues: Array<{ rule: string }>; cells: unknown[] } };
    const { status, report } = (result.data as { ingestReport: Answer }).ingestReport;
    expect([status, report.errorCount, report.issues.map((issue) => issue.rule)]).toEqual(["INGESTED", 1, ["PARSE_AMBIGUOUS", "PARSE_VALUE_OUT_OF_RANGE"]]);
    expect(report.issues[1]).toEqual({
      rule: "PARSE_VALUE_OUT_OF_RANGE",
      message:
        'PARSE_VALUE_OUT_OF_RANGE: ART20_5.ADMIN_LICENSING.DECISIONS at line 98 reads "12345678901234567", beyond what a cell holds (a finite number under 10^16 in magnitude); the cell is kept as ILLEGIBLE with no value',
      cellCodes: ["ART20_5.ADMIN_LICENSING.DECISIONS"],
      line: 98,
    });
    expect(report.cells).toEqual([{ code: "ART20_5.ADMIN_LICENSING.DECISIONS", value: null, state: "ILLEGIBLE", raw: "12345678901234567", line: 98 }]);
  });

  it("deletes a report with its cells, and answers NOT_FOUND for one that does not exist", async () => {
    await graph.run(INGEST, { input: { text } }, BEARER);
    const report = await dataSource.getRepository(Report).findOneByOrFail({ year: 2024 });
    const id = toGlobalId("Report", report.id);
    const unauthenticated = await graph.run(`mutation { deleteReport(id: "${id}") { deletedReportId } }`);
    expect(unauthenticated.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    const deleted = await graph.run(`mutation { deleteReport(id: "${id}") { deletedReportId } }`, {}, BEARER);
    expect(deleted.data).toEqual({ deleteReport: { deletedReportId: id } });
    expect(await dataSource.getRepository(ReportCell).countBy({ reportId: report.id })).toBe(0);
    const again = await graph.run(`mutation { deleteReport(id: "${id}") { deletedReportId } }`, {}, BEARER);
    expect(again.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([["NOT_FOUND", `Report "${id}" does not exist`]]);
  });

  it("loads the samples into an empty database only", async () => {
    expect(await loadSamplesIntoEmptyDatabase(dataSource, SAMPLES)).toEqual({ ingested: 5, updated: 0, unchanged: 0, failed: 0, failures: [] });
    expect(await loadSamplesIntoEmptyDatabase(dataSource, SAMPLES)).toBeNull();
  });
});
