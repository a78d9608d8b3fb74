import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Report } from "../../src/entities";
import { ingestSource } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { correctCells, verifyReport } from "../../src/services/report-review";
import { impactOf, reviewQueueCount, reviewQueuePage, type ReviewQueueSelection } from "../../src/services/review-queue";
import { GraphClient } from "../support/graph-client";
import { openWithSamples, readmeSection } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const PINGTAN_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm";
const EDITOR = { actor: "editor" };

/** The queue as (report id, impact, reasons), all pages. */
async function queue(dataSource: DataSource, selection: ReviewQueueSelection = { reports: {} }) {
  const { entries } = await reviewQueuePage(dataSource, selection, 100, null);
  return entries.map((entry) => [entry.reportId, entry.impact, entry.reasons.join(",")]);
}

async function revisionOf(dataSource: DataSource, reportId: number): Promise<number> {
  return (await dataSource.getRepository(Report).findOneByOrFail({ id: reportId })).revision;
}

const QUEUE_QUERY = `query ($first: Int!, $after: String, $filter: ReviewQueueFilter) {
  reviewQueue(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { impact reasons report { databaseId } }
  }
}`;

describe.each(testDatabases())("the review queue on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await openWithSamples(database);
  });
  afterEach(async () => dataSource.destroy());

  it("lists the samples' reports with open questions by impact, each impact the documented sum", async () => {
    // 平潭 (5): 19 UNCERTAIN cells; 淮安市 (4): 10 UNCERTAIN cells; 洪泽 2023 (2): two R4 errors. 川汇 (1) and 洪泽 2024 (3): nothing open.
    expect(await queue(dataSource)).toEqual([
      [5, 19, "FLAGGED_CELLS"],
      [4, 10, "FLAGGED_CELLS"],
      [2, 6, "FAILED_RULES"],
    ]);
    const { entries } = await reviewQueuePage(dataSource, { reports: {} }, 100, null);
    for (const entry of entries) expect(entry.impact).toBe(impactOf(entry));
    expect(await reviewQueueCount(dataSource, { reports: {} })).toBe(3);
    expect(await queue(dataSource, { reports: { regionCode: "320000" } })).toEqual([
      [4, 10, "FLAGGED_CELLS"],
      [2, 6, "FAILED_RULES"],
    ]);
    expect(await queue(dataSource, { reports: {}, reasons: ["FAILED_RULES"] })).toEqual([[2, 6, "FAILED_RULES"]]);
    expect(await queue(dataSource, { reports: { yearFrom: 2020, templateVersions: ["TPL_2021"] } })).toEqual([
      [4, 10, "FLAGGED_CELLS"],
      [2, 6, "FAILED_RULES"],
    ]);
    expect(await queue(dataSource, { reports: {}, reviewStatuses: ["NEEDS_REVIEW"] })).toEqual([]);
  });

  it("drops a verified report, and takes it back with its new impact after a correction", async () => {
    await verifyReport(dataSource, { reportId: 4, revision: await revisionOf(dataSource, 4), note: "checked against the PDF" }, EDITOR);
    expect(await queue(dataSource)).toEqual([
      [5, 19, "FLAGGED_CELLS"],
      [2, 6, "FAILED_RULES"],
    ]);
    // One of its UNCERTAIN cells corrected: 9 flagged cells left, and NEEDS_REVIEW since it was verified.
    await correctCells(
      dataSource,
      {
        reportId: 4,
        revision: await revisionOf(dataSource, 4),
        corrections: [{ cell: "REVIEW_LITIGATION.LIT_DIRECT.UPHELD", value: 12, reason: "read in the PDF" }],
      },
      EDITOR,
    );
    expect(await queue(dataSource)).toEqual([
      [5, 19, "FLAGGED_CELLS"],
      [4, 10, "FLAGGED_CELLS,CHANGED_SINCE_VERIFIED"],
      [2, 6, "FAILED_RULES"],
    ]);
    expect(await queue(dataSource, { reports: {}, reasons: ["CHANGED_SINCE_VERIFIED"] })).toEqual([[4, 10, "FLAGGED_CELLS,CHANGED_SINCE_VERIFIED"]]);
  });

  it("lists a correction the parser disputes after a reparse, with both readings", async () => {
    // 川汇区 (1) prints 0 for 行政许可; a person says 3, and the parser reads 0 again.
    await correctCells(
      dataSource,
      {
        reportId: 1,
        revision: await revisionOf(dataSource, 1),
        corrections: [{ cell: "ART20_5.ADMIN_LICENSING.DECISIONS", value: 3, reason: "the register says 3" }],
      },
      EDITOR,
    );
    expect(await queue(dataSource)).toEqual([
      [5, 19, "FLAGGED_CELLS"],
      [4, 10, "FLAGGED_CELLS"],
      [2, 6, "FAILED_RULES"],
    ]);
    await reparseAll(dataSource);
    expect(await queue(dataSource)).toEqual([
      [5, 19, "FLAGGED_CELLS"],
      [4, 10, "FLAGGED_CELLS"],
      // 5 for the disputed correction and 1 for NEEDS_REVIEW; equal impacts go by report id.
      [1, 6, "DISPUTED_CORRECTIONS"],
      [2, 6, "FAILED_RULES"],
    ]);
    const client = await GraphClient.start(dataSource);
    try {
      const result = await client.run(`{ reviewQueue(first: 1, filter: { reasons: [DISPUTED_CORRECTIONS] }) {
        nodes { impact reasons report { databaseId reviewStatus } disputedCorrections { cell value state parserValue parserState status } flaggedCells { code } }
      } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        reviewQueue: {
          nodes: [
            {
              impact: 6,
              reasons: ["DISPUTED_CORRECTIONS"],
              report: { databaseId: 1, reviewStatus: "NEEDS_REVIEW" },
              disputedCorrections: [
                { cell: "ART20_5.ADMIN_LICENSING.DECISIONS", value: 3, state: "CORRECTED", parserValue: 0, parserState: "VALUE", status: "DISPUTED" },
              ],
              flaggedCells: [],
            },
          ],
        },
      });
    } finally {
      await client.stop();
    }
  });

  it("lists a divergent copy of 平潭's report with the cell it disagrees on", async () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "corpus", "pingtan-2019.txt"), "utf8");
    const edited = text.replace("（一）予以公开7000007", "（一）予以公开8000008");
    expect(edited).not.toBe(text);
    const copy = await ingestSource(dataSource, { bytes: Buffer.from(edited, "utf8"), fileName: "pingtan-2019.txt" }, { sourceUrl: `${PINGTAN_URL}?mirror` });
    expect(copy.status).toBe("divergent");
    const client = await GraphClient.start(dataSource);
    try {
      const result = await client.run(`{ reviewQueue(first: 1) {
        nodes { impact reasons disagreeingCellCount copyDisagreements { cell served { value state } copy { value state } copySourceUrl } }
      } }`);
      expect(result.errors).toBeUndefined();
      const disagreement = (cell: string) => ({
        cell,
        served: { value: 7, state: "VALUE" },
        copy: { value: 8, state: "VALUE" },
        copySourceUrl: `${PINGTAN_URL}?mirror`,
      });
      // 19 flagged cells + 2 × 2 disagreeing cells + 1 for NEEDS_REVIEW.
      expect(result.data).toEqual({
        reviewQueue: {
          nodes: [
            {
              impact: 24,
              reasons: ["FLAGGED_CELLS", "DIVERGENT_COPY"],
              disagreeingCellCount: 2,
              copyDisagreements: [disagreement("APPLICATIONS.R_DISCLOSED.NATURAL_PERSON"), disagreement("APPLICATIONS.R_DISCLOSED.TOTAL")],
            },
          ],
        },
      });
    } finally {
      await client.stop();
    }
  });

  it("pages by cursor through the graph in a stable order, and refuses a bad filter or cursor naming the argument", async () => {
    const client = await GraphClient.start(dataSource);
    try {
      const seen: unknown[] = [];
      let after: string | null = null;
      for (;;) {
        const result = await client.run(QUEUE_QUERY, { first: 2, after });
        expect(result.errors).toBeUndefined();
        const page = (result.data as { reviewQueue: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: unknown[] } })
          .reviewQueue;
        expect(page.totalCount).toBe(3);
        seen.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual([
        { impact: 19, reasons: ["FLAGGED_CELLS"], report: { databaseId: 5 } },
        { impact: 10, reasons: ["FLAGGED_CELLS"], report: { databaseId: 4 } },
        { impact: 6, reasons: ["FAILED_RULES"], report: { databaseId: 2 } },
      ]);
      const first = (await client.run(QUEUE_QUERY, { first: 1 })).data as { reviewQueue: { pageInfo: { endCursor: string } } };
      const again = (await client.run(QUEUE_QUERY, { first: 1 })).data as { reviewQueue: { pageInfo: { endCursor: string } } };
      expect(again.reviewQueue.pageInfo.endCursor).toBe(first.reviewQueue.pageInfo.endCursor);
      const errorOf = async (variables: Record<string, unknown>) => {
        const result = await client.run(QUEUE_QUERY, variables);
        return { data: result.data, code: result.errors?.[0]?.extensions?.code, argument: result.errors?.[0]?.extensions?.argument };
      };
      expect(await errorOf({ first: 1, filter: { reviewStatuses: ["NEEDS_REVIEW", "VERIFIED"] } })).toEqual({
        data: null,
        code: "BAD_USER_INPUT",
        argument: "filter.reviewStatuses[1]",
      });
      expect(await errorOf({ first: 1, filter: { regionCode: "990000" } })).toEqual({ data: null, code: "BAD_USER_INPUT", argument: "filter.regionCode" });
      expect(await errorOf({ first: 1, filter: { yearFrom: 2024, yearTo: 2020 } })).toEqual({ data: null, code: "BAD_USER_INPUT", argument: "filter.yearTo" });
      expect(await errorOf({ first: 0 })).toEqual({ data: null, code: "BAD_USER_INPUT", argument: "first" });
      expect(await errorOf({ first: 1, after: "bm90IGEgY3Vyc29y" })).toEqual({ data: null, code: "BAD_USER_INPUT", argument: "after" });
      // A cursor of one filter is refused under another.
      expect(await errorOf({ first: 1, after: first.reviewQueue.pageInfo.endCursor, filter: { regionCode: "320000" } })).toEqual({
        data: null,
        code: "BAD_USER_INPUT",
        argument: "after",
      });
    } finally {
      await client.stop();
    }
  });
});

describe.each(testDatabases())("the README's review queue example on $name", (database) => {
  it("answers as printed", async () => {
    const section = readmeSection("## Review queue", "## Corrections, verification and history");
    const [, query, answer] = /```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/.exec(section)!;
    const dataSource = await openWithSamples(database);
    const client = await GraphClient.start(dataSource);
    try {
      const result = await client.run(query);
      expect({ data: result.data, ...(result.errors ? { errors: result.errors } : {}) }).toEqual(JSON.parse(answer));
    } finally {
      await client.stop();
      await dataSource.destroy();
    }
  });
});
