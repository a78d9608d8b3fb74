import type { DataSource } from "typeorm";
import { Report, ReportCell, ReportRevision } from "../../src/entities";
import { toGlobalId } from "../../src/graph/core/node";
import { GraphClient, TEST_API_TOKEN, TEST_EDITOR_TOKEN } from "../support/graph-client";
import { openWithSamples } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const EDITOR = `Bearer ${TEST_EDITOR_TOKEN}`;
const ADMIN = `Bearer ${TEST_API_TOKEN}`;

const CORRECT = `mutation ($id: ID!, $revision: Int!, $corrections: [CellCorrectionInput!]!) {
  correctCells(reportId: $id, revision: $revision, corrections: $corrections) {
    report { revisionNumber reviewStatus cells(filter: { states: [CORRECTED] }) { code value state }
             corrections { cell value state reason evidence actor status parserValue parserState } }
    revision { number kind actor reason cellsChanged changes { cell before { value state } after { value state } } }
  }
}`;

const HISTORY = `query ($id: ID!) {
  report(id: $id) {
    revisionNumber reviewStatus
    revisions(first: 20) { totalCount edges { node { number kind actor cellsChanged } } }
  }
}`;

const CELL_AT = `query ($id: ID!, $asOf: DateTimeISO, $release: String, $code: String!) {
  report(id: $id, asOf: $asOf, release: $release) {
    revisionNumber historyPoint { sequence release }
    cells(filter: { tableCode: "APPLICATIONS" }) { code value state correction { value actor parserValue } }
    newReceived: cells(filter: { rowCode: $code }) { code }
  }
}`;

/** The shapes the tests read back (GraphQL answers are untyped JSON). */
interface CellRow {
  readonly code: string;
  readonly value: number | null;
  readonly state: string;
}
interface ReportAt {
  readonly revisionNumber: number;
  readonly historyPoint: unknown;
  readonly cells: CellRow[];
}
interface Payload {
  readonly report: { readonly revisionNumber: number; readonly reviewStatus: string; readonly cells: CellRow[]; readonly corrections: unknown[] };
  readonly revision: { readonly number: number; readonly kind: string; readonly actor: string; readonly reason: string; readonly changes: unknown[] };
}
interface Page {
  readonly totalCount: number;
  readonly pageInfo: { readonly endCursor: string | null; readonly hasNextPage: boolean };
  readonly edges: Array<{ readonly node: Record<string, unknown> & { readonly databaseId: number; readonly year: number } }>;
}

/** A report of the samples with a section 三 cell read for certain, and that cell's code and value. */
async function aCertainCell(dataSource: DataSource): Promise<{ report: Report; cell: ReportCell }> {
  const cell = await dataSource.getRepository(ReportCell).findOneOrFail({
    where: { tableCode: "APPLICATIONS", rowCode: "NEW_RECEIVED", columnCode: "NATURAL_PERSON", valueState: "VALUE" },
    order: { reportId: "ASC" },
  });
  return { report: await dataSource.getRepository(Report).findOneByOrFail({ id: cell.reportId }), cell };
}

describe.each(testDatabases())("revisions, corrections and verification over the graph on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;

  beforeEach(async () => {
    dataSource = await openWithSamples(database);
    graph = await GraphClient.start(dataSource);
  });
  afterEach(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("gives every sample report revision 1 (INGESTED), and a correction revision 2 with the parser's reading beside it and R1–R3 rechecked", async () => {
    const { report, cell } = await aCertainCell(dataSource);
    const id = toGlobalId("Report", report.id);
    const before = await graph.run(HISTORY, { id });
    expect(before.data?.report).toEqual({
      revisionNumber: 1,
      reviewStatus: "UNREVIEWED",
      revisions: { totalCount: 1, edges: [{ node: { number: 1, kind: "INGESTED", actor: "gongkai", cellsChanged: expect.any(Number) } }] },
    });
    const value = cell.value! + 1;
    const result = await graph.run(
      CORRECT,
      { id, revision: 1, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON", value, reason: "read from page 3 of the PDF", evidence: "p. 3" }] },
      EDITOR,
    );
    expect(result.errors).toBeUndefined();
    const payload = result.data!.correctCells as Payload;
    expect(payload.report.revisionNumber).toBe(2);
    expect(payload.report.reviewStatus).toBe("UNREVIEWED");
    expect(payload.report.cells).toEqual([{ code: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON", value, state: "CORRECTED" }]);
    expect(payload.report.corrections).toEqual([
      {
        cell: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON",
        value,
        state: "CORRECTED",
        reason: "read from page 3 of the PDF",
        evidence: "p. 3",
        actor: "test-editor",
        status: "STANDS",
        parserValue: cell.value,
        parserState: "VALUE",
      },
    ]);
    expect(payload.revision.number).toBe(2);
    expect(payload.revision.kind).toBe("CORRECTED");
    expect(payload.revision.actor).toBe("test-editor");
    expect(payload.revision.reason).toBe("corrected APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON: read from page 3 of the PDF");
    // The natural-person column no longer balances (R1), nor does the row's TOTAL (R2): both are new issues.
    expect(payload.revision.changes).toContainEqual({
      cell: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON",
      before: { value: cell.value, state: "VALUE" },
      after: { value, state: "CORRECTED" },
    });
    const rules = (await dataSource.query("SELECT rule FROM validation_issue WHERE report_id = ? AND severity = 'error' ORDER BY rule", [report.id])) as Array<{
      rule: string;
    }>;
    expect(rules.map((row) => row.rule)).toEqual(expect.arrayContaining(["R1", "R2"]));
  });

  it("answers as of a moment before the correction with the old value, and as of now with the new", async () => {
    const { report, cell } = await aCertainCell(dataSource);
    const id = toGlobalId("Report", report.id);
    const first = await dataSource.getRepository(ReportRevision).findOneByOrFail({ reportId: report.id, number: 1 });
    const corrected = await graph.run(
      CORRECT,
      { id, revision: 1, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON", value: 12345, reason: "typo in the source" }] },
      EDITOR,
    );
    expect(corrected.errors).toBeUndefined();
    const code = "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON";
    const then = await graph.run(CELL_AT, { id, asOf: first.committedAt.toISOString(), code: "NEW_RECEIVED" });
    expect(then.errors).toBeUndefined();
    const thenReport = then.data!.report as ReportAt;
    expect(thenReport.revisionNumber).toBe(1);
    expect(thenReport.historyPoint).toEqual({ sequence: expect.any(Number), release: null });
    expect(thenReport.cells.find((c) => c.code === code)).toEqual({ code, value: cell.value, state: "VALUE", correction: null });
    const lastCommit = (await dataSource.getRepository(ReportRevision).findOneOrFail({ where: {}, order: { id: "DESC" } })).committedAt;
    const now = await graph.run(CELL_AT, { id, asOf: lastCommit.toISOString(), code: "NEW_RECEIVED" });
    const corrected12345 = { code, value: 12345, state: "CORRECTED", correction: { value: 12345, actor: "test-editor", parserValue: cell.value } };
    expect((now.data!.report as ReportAt).cells.find((c) => c.code === code)).toEqual(corrected12345);
    const current = await graph.run(CELL_AT, { id, code: "NEW_RECEIVED" });
    expect((current.data!.report as ReportAt).cells.find((c) => c.code === code)).toEqual(corrected12345);
    const tooEarly = await graph.run(CELL_AT, { id, asOf: "2000-01-01T00:00:00.000Z", code: "NEW_RECEIVED" });
    expect(tooEarly.errors?.map((error) => [error.extensions?.code, error.extensions?.argument])).toEqual([["BAD_USER_INPUT", "asOf"]]);
    expect(tooEarly.errors?.[0].message).toMatch(/^asOf: report \d+ did not exist at 2000-01-01T00:00:00.000Z: it was first stored at /);
    const unknown = await graph.run(CELL_AT, { id, release: "no-such-release", code: "NEW_RECEIVED" });
    expect(unknown.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([["NOT_FOUND", 'Release "no-such-release" does not exist']]);
    const both = await graph.run(CELL_AT, { id, release: "x", asOf: "2030-01-01T00:00:00.000Z", code: "NEW_RECEIVED" });
    expect(both.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([["BAD_USER_INPUT", "release: give asOf or release, not both"]]);
  });

  it("refuses a stale revision with CONFLICT, a cell the version lacks, a derived cell, a missing reason and a negative count, writing nothing", async () => {
    const { report } = await aCertainCell(dataSource);
    const id = toGlobalId("Report", report.id);
    const cases: Array<[number, Record<string, unknown>, string, string]> = [
      [
        7,
        { cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 1, reason: "r" },
        "CONFLICT",
        `report ${report.id} is at revision 1, not 7: it changed since it was read; read it again and re-apply the change`,
      ],
      [
        1,
        { cell: "APPLICATIONS.NOPE.TOTAL", value: 1, reason: "r" },
        "BAD_USER_INPUT",
        'corrections[0].cell: "APPLICATIONS.NOPE.TOTAL" is not a cell of the catalog (TABLE.ROW.COLUMN; the indicators query lists them)',
      ],
      [
        1,
        { cell: "APPLICATIONS.R_WITHHELD.TOTAL", value: 1, reason: "r" },
        "BAD_USER_INPUT",
        "corrections[0].cell: APPLICATIONS.R_WITHHELD.TOTAL is derived from other cells: correct its parts instead",
      ],
      [1, { cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 1, reason: "  " }, "BAD_USER_INPUT", "corrections[0].reason: is required: say why, in words"],
      [
        1,
        { cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: -2, reason: "r" },
        "BAD_USER_INPUT",
        "corrections[0].value: APPLICATIONS.NEW_RECEIVED.TOTAL counts (件) and cannot be negative",
      ],
      [
        1,
        { cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 1, state: "BLANK", reason: "r" },
        "BAD_USER_INPUT",
        "corrections[0]: give exactly one of value and state",
      ],
    ];
    for (const [revision, correction, code, message] of cases) {
      const result = await graph.run(CORRECT, { id, revision, corrections: [correction] }, EDITOR);
      expect(result.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([[code, message]]);
    }
    expect(await dataSource.getRepository(ReportRevision).countBy({ reportId: report.id })).toBe(1);
    const anonymous = await graph.run(CORRECT, { id, revision: 1, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 1, reason: "r" }] });
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  });

  it("verifies a report, sets it back to NEEDS_REVIEW on a later correction, and reverts the correction to the parser's reading", async () => {
    const { report, cell } = await aCertainCell(dataSource);
    const id = toGlobalId("Report", report.id);
    const verify = `mutation ($id: ID!, $revision: Int!) { verifyReport(reportId: $id, revision: $revision, note: "checked against the PDF") {
      report { reviewStatus reviewedBy reviewNote revisionNumber } revision { kind number } } }`;
    const verified = await graph.run(verify, { id, revision: 1 }, EDITOR);
    expect(verified.data?.verifyReport).toEqual({
      report: { reviewStatus: "VERIFIED", reviewedBy: "test-editor", reviewNote: "checked against the PDF", revisionNumber: 2 },
      revision: { kind: "VERIFIED", number: 2 },
    });
    const corrected = await graph.run(
      CORRECT,
      { id, revision: 2, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON", state: "ILLEGIBLE", reason: "smudged" }] },
      ADMIN,
    );
    expect((corrected.data!.correctCells as Payload).report.reviewStatus).toBe("NEEDS_REVIEW");
    const correctionId = (await dataSource.query("SELECT id FROM cell_correction WHERE report_id = ?", [report.id]))[0].id as number;
    const revert = `mutation ($id: ID!, $ids: [Int!]!) { revertCorrections(reportId: $id, revision: 3, correctionIds: $ids, reason: "the print is clear") {
      report { revisionNumber corrections(includeReverted: true) { state revertedBy revertReason } cells(filter: { tableCode: "APPLICATIONS", rowCode: "NEW_RECEIVED", columnCode: "NATURAL_PERSON" }) { value state } }
      revision { kind number reason } } }`;
    const reverted = await graph.run(revert, { id, ids: [Number(correctionId)] }, EDITOR);
    expect(reverted.data?.revertCorrections).toEqual({
      report: {
        revisionNumber: 4,
        corrections: [{ state: "ILLEGIBLE", revertedBy: "test-editor", revertReason: "the print is clear" }],
        cells: [{ value: cell.value, state: "VALUE" }],
      },
      revision: { kind: "REVERTED", number: 4, reason: "reverted the corrections of APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON: the print is clear" },
    });
    const again = await graph.run(revert, { id, ids: [Number(correctionId)] }, EDITOR);
    expect(again.errors?.map((error) => error.extensions?.code)).toEqual(["CONFLICT"]);
  });

  it("lists every revision in commit order in the change feed, and keeps a deleted report's history", async () => {
    const { report } = await aCertainCell(dataSource);
    const id = toGlobalId("Report", report.id);
    const deleted = await graph.run(`mutation ($id: ID!) { deleteReport(id: $id) { deletedReportId } }`, { id }, ADMIN);
    expect(deleted.errors).toBeUndefined();
    const feed = `query ($after: String) { changes(first: 3, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { sequence reportDatabaseId kind actor } } } }`;
    const seen: Array<Record<string, unknown>> = [];
    let after: string | null = null;
    for (;;) {
      const page = (await graph.run(feed, { after })).data!.changes as Page;
      seen.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const sequences = seen.map((node) => node.sequence as number);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(seen.at(-1)).toEqual({ sequence: sequences.at(-1), reportDatabaseId: report.id, kind: "DELETED", actor: "test-admin" });
    expect(seen.filter((node) => node.kind === "INGESTED")).toHaveLength(await dataSource.getRepository(ReportRevision).countBy({ kind: "INGESTED" }));
    const revisions = await dataSource.getRepository(ReportRevision).find({ where: { reportId: report.id }, order: { number: "ASC" } });
    expect(revisions.map((revision) => [revision.number, revision.kind])).toEqual([
      [1, "INGESTED"],
      [2, "DELETED"],
    ]);
  });

  it("lists the reports as they were at a moment: a deleted one still there before its deletion, filtered on its values then", async () => {
    const { report } = await aCertainCell(dataSource);
    const id = toGlobalId("Report", report.id);
    const list = `query ($asOf: DateTimeISO, $filter: ReportFilter) {
      reports(first: 50, asOf: $asOf, filter: $filter) { totalCount edges { node { databaseId year revisionNumber historyPoint { sequence } } } } }`;
    const latest = await dataSource.getRepository(ReportRevision).findOneOrFail({ where: {}, order: { id: "DESC" } });
    const before = latest.committedAt.toISOString();
    const total = await dataSource.getRepository(Report).count();
    expect((await graph.run(`mutation ($id: ID!) { deleteReport(id: $id) { deletedReportId } }`, { id }, ADMIN)).errors).toBeUndefined();
    const then = (await graph.run(list, { asOf: before })).data!.reports as Page;
    expect(then.totalCount).toBe(total);
    expect(then.edges.map((edge) => edge.node.databaseId)).toContain(report.id);
    const lastCommit = (await dataSource.getRepository(ReportRevision).findOneOrFail({ where: {}, order: { id: "DESC" } })).committedAt;
    const now = (await graph.run(list, { asOf: lastCommit.toISOString() })).data!.reports as Page;
    const future = await graph.run(list, { asOf: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.errors?.map((error) => [error.extensions?.code, error.extensions?.argument])).toEqual([["BAD_USER_INPUT", "asOf"]]);
    expect(now.totalCount).toBe(total - 1);
    expect(now.edges.map((edge) => edge.node.databaseId)).not.toContain(report.id);
    const ofYear = (await graph.run(list, { asOf: before, filter: { yearFrom: report.year, yearTo: report.year } })).data!.reports as Page;
    expect(ofYear.edges.every((edge) => edge.node.year === report.year)).toBe(true);
    expect((await graph.run(list, { asOf: "2000-01-01T00:00:00.000Z" })).data!.reports).toEqual({ totalCount: 0, edges: [] });
    const refused = await graph.run(list, { asOf: before, filter: { failingRules: ["R1"] } });
    expect(refused.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ["BAD_USER_INPUT", "filter.failingRules: applies to the reports as they stand, not with asOf or release"],
    ]);
  });

  it("makes a release (ADMIN only) and answers a report under it exactly as it stood then", async () => {
    const { report, cell } = await aCertainCell(dataSource);
    const id = toGlobalId("Report", report.id);
    const make = `mutation ($name: String!) { createRelease(name: $name, note: "2024 season") { name sequence createdBy note } }`;
    const refused = await graph.run(make, { name: "2024-q4" }, EDITOR);
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    const made = await graph.run(make, { name: "2024-q4" }, ADMIN);
    const latest = await dataSource.getRepository(ReportRevision).findOneOrFail({ where: {}, order: { id: "DESC" } });
    expect(made.data?.createRelease).toEqual({ name: "2024-q4", sequence: latest.id, createdBy: "test-admin", note: "2024 season" });
    const again = await graph.run(make, { name: "2024-q4" }, ADMIN);
    expect(again.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ["BAD_USER_INPUT", 'name: a release named "2024-q4" already exists'],
    ]);
    const code = "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON";
    await graph.run(CORRECT, { id, revision: 1, corrections: [{ cell: code, value: 777, reason: "r" }] }, EDITOR);
    const under = (await graph.run(CELL_AT, { id, release: "2024-q4", code: "NEW_RECEIVED" })).data!.report as ReportAt;
    expect(under.historyPoint).toEqual({ sequence: latest.id, release: "2024-q4" });
    expect(under.cells.find((c) => c.code === code)).toEqual({ code, value: cell.value, state: "VALUE", correction: null });
    expect((await graph.run(`{ releases { name sequence } release(name: "2024-q4") { createdBy } }`)).data).toEqual({
      releases: [{ name: "2024-q4", sequence: latest.id }],
      release: { createdBy: "test-admin" },
    });
  });
});
