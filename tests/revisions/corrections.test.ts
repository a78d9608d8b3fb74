import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { recordCellCode } from "../../src/domain/cell";
import { RESULT_GROUPS } from "../../src/domain/template-parts";
import { CellCorrection, CellVersion, Report, ReportCell, ReportRevision } from "../../src/entities";
import { ingestSource } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { backfillRevisions } from "../../migrations/1732000000010-add-revisions";
import { correctCells, setReportScope } from "../../src/services/report-review";
import { SAMPLES, openWithSamples } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const EDITOR = { actor: "li.wei" };

/** The report of the samples read from `file`, and its cells by code. */
async function sample(dataSource: DataSource, title: RegExp): Promise<{ report: Report; cells: Map<string, ReportCell> }> {
  const reports = await dataSource.getRepository(Report).find({ order: { id: "ASC" } });
  const report = reports.find((candidate) => title.test(candidate.title ?? ""))!;
  const cells = await dataSource.getRepository(ReportCell).find({ where: { reportId: report.id } });
  return { report, cells: new Map(cells.map((cell) => [recordCellCode(cell), cell])) };
}

async function kinds(dataSource: DataSource, reportId: number): Promise<string[]> {
  const revisions = await dataSource.getRepository(ReportRevision).find({ where: { reportId }, order: { number: "ASC" } });
  return revisions.map((revision) => revision.kind);
}

describe.each(testDatabases())("corrections over parses on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await openWithSamples(database);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it("keeps a correction over a reparse: DISPUTED where the parser reads another value for certain, CONFIRMED where it reads the same", async () => {
    const { report, cells } = await sample(dataSource, /^淮安市人民政府/);
    const disputed = cells.get("APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON")!;
    const confirmed = cells.get("APPLICATIONS.CARRIED_OVER_IN.NATURAL_PERSON")!;
    await correctCells(
      dataSource,
      {
        reportId: report.id,
        revision: 1,
        corrections: [
          { cell: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON", value: disputed.value! + 10, reason: "the PDF prints a larger number" },
          { cell: "APPLICATIONS.CARRIED_OVER_IN.NATURAL_PERSON", value: confirmed.value!, reason: "checked" },
        ],
      },
      EDITOR,
    );
    const outcomes = await reparseAll(dataSource, undefined, { actor: "cli:ops" });
    expect(outcomes.find((outcome) => outcome.reportId === report.id)).toEqual({
      reportId: report.id,
      agencyName: expect.any(String),
      year: report.year,
      changedCells: 0,
    });
    const stored = await dataSource.getRepository(CellCorrection).find({ where: { reportId: report.id }, order: { id: "ASC" } });
    expect(
      stored.map((correction) => [recordCellCode(correction), correction.value, correction.status, correction.parsedValue, correction.parsedState]),
    ).toEqual([
      ["APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON", disputed.value! + 10, "DISPUTED", disputed.value, "VALUE"],
      ["APPLICATIONS.CARRIED_OVER_IN.NATURAL_PERSON", confirmed.value, "CONFIRMED", confirmed.value, "VALUE"],
    ]);
    const after = await dataSource
      .getRepository(ReportCell)
      .findOneByOrFail({ reportId: report.id, tableCode: "APPLICATIONS", rowCode: "NEW_RECEIVED", columnCode: "NATURAL_PERSON" });
    expect([after.value, after.valueState]).toEqual([disputed.value! + 10, "CORRECTED"]);
    expect(await kinds(dataSource, report.id)).toEqual(["INGESTED", "CORRECTED", "REPARSED"]);
    const reparsed = await dataSource.getRepository(ReportRevision).findOneByOrFail({ reportId: report.id, number: 3 });
    expect(reparsed.actor).toBe("cli:ops");
    expect(reparsed.reason).toMatch(/: 0 cells changed; 2 corrections re-checked: 1 confirmed, 1 disputed, 0 the parser cannot settle$/);
    expect((await dataSource.getRepository(Report).findOneByOrFail({ id: report.id })).reviewStatus).toBe("NEEDS_REVIEW");
    // A report without corrections whose parse did not change gets no revision from a reparse.
    const others = await dataSource.getRepository(ReportRevision).countBy({ kind: "REPARSED" });
    expect(others).toBe(1);
  });

  it("re-derives the outcome groups and rechecks R3 over a corrected part, and keeps the correction over new content of the same report", async () => {
    const { report, cells } = await sample(dataSource, /^淮安市人民政府/);
    const group = RESULT_GROUPS.find(
      (candidate) => cells.has(`APPLICATIONS.${candidate.members[0]}.TOTAL`) && cells.get(`APPLICATIONS.${candidate.group}.TOTAL`)?.valueState === "DERIVED",
    )!;
    const part = cells.get(`APPLICATIONS.${group.members[0]}.TOTAL`)!;
    const derived = cells.get(`APPLICATIONS.${group.group}.TOTAL`)!;
    await correctCells(
      dataSource,
      { reportId: report.id, revision: 1, corrections: [{ cell: `APPLICATIONS.${group.members[0]}.TOTAL`, value: part.value! + 5, reason: "misread" }] },
      EDITOR,
    );
    const now = await dataSource
      .getRepository(ReportCell)
      .findOneByOrFail({ reportId: report.id, tableCode: "APPLICATIONS", rowCode: group.group, columnCode: "TOTAL" });
    expect([now.value, now.valueState]).toEqual([derived.value! + 5, "DERIVED"]);
    const r3 = (await dataSource.query("SELECT rule FROM validation_issue WHERE report_id = ? AND rule = 'R3'", [report.id])) as unknown[];
    expect(r3.length).toBeGreaterThan(0);
    // The same report again with one word of its overview changed: new content, the correction still stands over it.
    const text = fs.readFileSync(path.join(SAMPLES, "huaian-city-2024.txt"), "utf8");
    const outcome = await ingestSource(dataSource, { bytes: Buffer.from(`${text}\n`, "utf8") }, {}, { actor: "cli:ops" });
    expect(outcome.status).toBe("updated");
    const kept = await dataSource
      .getRepository(ReportCell)
      .findOneByOrFail({ reportId: report.id, tableCode: "APPLICATIONS", rowCode: group.members[0], columnCode: "TOTAL" });
    expect([kept.value, kept.valueState]).toEqual([part.value! + 5, "CORRECTED"]);
    expect(await kinds(dataSource, report.id)).toEqual(["INGESTED", "CORRECTED", "UPDATED"]);
    const correction = await dataSource.getRepository(CellCorrection).findOneByOrFail({ reportId: report.id });
    expect(correction.status).toBe("DISPUTED");
  });

  it("sets a maintainer's scope as a revision of its own, the parser's reading kept beside it", async () => {
    const { report } = await sample(dataSource, /^淮安市人民政府/);
    const other = report.scope === "AGENCY" ? "GOVERNMENT_AGGREGATE" : "AGENCY";
    const outcome = await setReportScope(dataSource, { reportId: report.id, revision: 1, scope: other, reason: "the overview sums every department" }, EDITOR);
    expect([outcome.report.scope, outcome.report.scopeSource, outcome.report.parsedScope]).toEqual([other, "MAINTAINER", report.parsedScope]);
    expect([outcome.revision.number, outcome.revision.kind, outcome.revision.actor, outcome.revision.scope]).toEqual([2, "SCOPE_SET", "li.wei", other]);
    expect(outcome.revision.reason).toBe(
      `scope set to ${other} (was ${report.scope}, the parser reads ${report.parsedScope}): the overview sums every department`,
    );
    await expect(setReportScope(dataSource, { reportId: report.id, revision: 1, scope: other, reason: "again" }, EDITOR)).rejects.toThrow(
      `report ${report.id} is at revision 2, not 1: it changed since it was read; read it again and re-apply the change`,
    );
  });
});

describe.each(testDatabases())("the revisions migration on $name", (database) => {
  it("gives every report stored before it revision 1, with its cells and issues as versions of it", async () => {
    const dataSource = await openWithSamples(database);
    try {
      const reports = await dataSource.getRepository(Report).count();
      const cells = await dataSource.getRepository(ReportCell).count();
      // The database as it stood before revisions were kept: no history, no clock.
      for (const table of ["cell_version", "issue_version", "report_revision", "revision_clock"]) await dataSource.query(`DELETE FROM ${table}`);
      await dataSource.query("UPDATE report SET revision = 0, revised_at = NULL");
      const runner = dataSource.createQueryRunner();
      try {
        await backfillRevisions(runner);
      } finally {
        await runner.release();
      }
      const revisions = await dataSource.getRepository(ReportRevision).find({ order: { id: "ASC" } });
      expect(revisions).toHaveLength(reports);
      expect(revisions.every((revision) => revision.number === 1 && revision.kind === "INGESTED" && revision.actor === "migration")).toBe(true);
      expect(revisions.every((revision) => revision.fields.reviewStatus === "UNREVIEWED" && revision.fields.contentHash.length === 64)).toBe(true);
      expect(await dataSource.getRepository(CellVersion).count()).toBe(cells);
      const stored = await dataSource.getRepository(Report).find();
      expect(stored.every((report) => report.revision === 1 && report.revisedAt !== null)).toBe(true);
      expect(stored.every((report) => Math.abs(report.revisedAt!.getTime() - report.ingestedAt.getTime()) < 1000)).toBe(true);
      // The next write continues the sequence after the migrated revisions.
      await correctCells(
        dataSource,
        { reportId: stored[0].id, revision: 1, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 1, reason: "r" }] },
        EDITOR,
      );
      const latest = await dataSource.getRepository(ReportRevision).findOneOrFail({ where: {}, order: { id: "DESC" } });
      expect(latest.id).toBe(Math.max(...revisions.map((revision) => revision.id)) + 1);
    } finally {
      await dataSource.destroy();
    }
  });
});
