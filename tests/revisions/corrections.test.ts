import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { recordCellCode } from "../../src/domain/cell";
import { RESULT_GROUPS } from "../../src/domain/template-parts";
import { CellCorrection, CellVersion, Report, ReportCell, ReportRevision } from "../../src/entities";
import { ingestSource } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { backfillRevisions } from "../../migrations/1732000000010-add-revisions";
import { correctCells, revertCorrections, setReportScope, verifyReport } from "../../src/services/report-review";
import { deleteReport } from "../../src/services/report-writes";
import { INDICATORS } from "../../src/domain/indicator-catalog";
import { exportCells, resolveExportPoint } from "../../src/analytics/csv-export";
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

describe.each(testDatabases())("corrections and history, edge by edge, on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await openWithSamples(database);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it("puts R1–R2, the derived cells and the error count back when the last correction is reverted", async () => {
    const { report, cells } = await sample(dataSource, /^淮安市人民政府/);
    const original = cells.get("APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON")!;
    const issuesBefore = await dataSource.query("SELECT rule, message FROM validation_issue WHERE report_id = ? ORDER BY id", [report.id]);
    const corrected = await correctCells(
      dataSource,
      { reportId: report.id, revision: 1, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON", value: original.value! + 10, reason: "misread" }] },
      EDITOR,
    );
    expect(corrected.report.errorCount).toBeGreaterThan(report.errorCount);
    const correction = await dataSource.getRepository(CellCorrection).findOneByOrFail({ reportId: report.id });
    const reverted = await revertCorrections(
      dataSource,
      { reportId: report.id, revision: 2, correctionIds: [correction.id], reason: "the first reading was right" },
      EDITOR,
    );
    expect(reverted.report.errorCount).toBe(report.errorCount);
    expect(await dataSource.query("SELECT rule, message FROM validation_issue WHERE report_id = ? ORDER BY id", [report.id])).toEqual(issuesBefore);
    expect(reverted.revision.issuesChanged).toBe(corrected.revision.issuesChanged);
  });

  it("takes amounts with up to 4 decimal places, and refuses a fifth", async () => {
    const { report } = await sample(dataSource, /^淮安市人民政府/);
    const fee = INDICATORS.find(
      (indicator) => indicator.cellKind === "AMOUNT_WAN_YUAN" && indicator.versions.includes(report.templateVersion as never) && !indicator.derived,
    )!;
    for (const [index, value] of [12.3456, 0.0003, 1.001, 0.07].entries()) {
      const outcome = await correctCells(
        dataSource,
        { reportId: report.id, revision: index + 1, corrections: [{ cell: fee.code, value, reason: "the PDF" }] },
        EDITOR,
      );
      expect(
        (
          await dataSource
            .getRepository(ReportCell)
            .findOneByOrFail({ reportId: report.id, tableCode: fee.tableCode, rowCode: fee.rowCode, columnCode: fee.columnCode })
        ).value,
      ).toBe(value);
      expect(outcome.revision.number).toBe(index + 2);
    }
    await expect(
      correctCells(dataSource, { reportId: report.id, revision: 5, corrections: [{ cell: fee.code, value: 1.00001, reason: "r" }] }, EDITOR),
    ).rejects.toThrow("corrections[0].value: has more than the 4 decimal places a cell keeps");
  });

  it("keeps a verified report verified over a reparse that changes nothing, with the re-check on record", async () => {
    const { report, cells } = await sample(dataSource, /^淮安市人民政府/);
    const cell = cells.get("APPLICATIONS.CARRIED_OVER_IN.NATURAL_PERSON")!;
    await correctCells(
      dataSource,
      { reportId: report.id, revision: 1, corrections: [{ cell: "APPLICATIONS.CARRIED_OVER_IN.NATURAL_PERSON", value: cell.value!, reason: "checked" }] },
      EDITOR,
    );
    await reparseAll(dataSource);
    await verifyReport(dataSource, { reportId: report.id, revision: 3, note: "checked" }, EDITOR);
    await reparseAll(dataSource);
    const after = await dataSource.getRepository(Report).findOneByOrFail({ id: report.id });
    expect([after.reviewStatus, after.revision]).toEqual(["VERIFIED", 5]);
    expect(await kinds(dataSource, report.id)).toEqual(["INGESTED", "CORRECTED", "REPARSED", "VERIFIED", "REPARSED"]);
    const last = await dataSource.getRepository(ReportRevision).findOneByOrFail({ reportId: report.id, number: 5 });
    expect([last.cellsChanged, last.issuesChanged, last.fields.reviewStatus]).toEqual([0, 0, "VERIFIED"]);
  });

  it("keeps a deleted report's corrections with its history", async () => {
    const { report } = await sample(dataSource, /^淮安市人民政府/);
    await correctCells(
      dataSource,
      { reportId: report.id, revision: 1, corrections: [{ cell: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 1, reason: "r" }] },
      EDITOR,
    );
    expect(await deleteReport(dataSource, report.id, EDITOR)).toBe(true);
    expect((await dataSource.getRepository(CellCorrection).findBy({ reportId: report.id })).map((correction) => correction.reason)).toEqual(["r"]);
  });

  it("refuses a reversal listing a correction twice, or more than a request may carry", async () => {
    const { report } = await sample(dataSource, /^淮安市人民政府/);
    await expect(revertCorrections(dataSource, { reportId: report.id, revision: 1, correctionIds: [3, 3], reason: "r" }, EDITOR)).rejects.toThrow(
      "correctionIds[1]: correction 3 is listed twice",
    );
    const many = Array.from({ length: 40_000 }, (_, index) => index + 1);
    await expect(revertCorrections(dataSource, { reportId: report.id, revision: 1, correctionIds: many, reason: "r" }, EDITOR)).rejects.toThrow(
      "correctionIds: lists 40000 corrections, over the 500 one request may revert",
    );
  });

  it("records an agency's new name on its other reports, so that an export as of before gives the old name", async () => {
    const { report } = await sample(dataSource, /洪泽区人民政府\s*2023/);
    const point = await resolveExportPoint(dataSource, {
      asOf: (await dataSource.getRepository(ReportRevision).findOneOrFail({ where: {}, order: { id: "DESC" } })).committedAt,
    });
    const sink = (() => {
      let text = "";
      return { write: async (chunk: string) => ((text += chunk), true), text: () => text };
    })();
    await exportCells(dataSource, { agencyId: report.agencyId }, sink);
    const before = sink.text();
    // The 2024 report again, its agency named without the city: the same agency, now named as this printing has it.
    const text = fs.readFileSync(path.join(SAMPLES, "hongze-district-2024.txt"), "utf8");
    const outcome = await ingestSource(dataSource, { bytes: Buffer.from(`${text}\n`) }, { agencyName: "洪泽区人民政府", regionCode: "320813" });
    expect(outcome.status).toBe("updated");
    const other = await dataSource.getRepository(ReportRevision).findOneOrFail({ where: { reportId: report.id }, order: { number: "DESC" } });
    expect([other.kind, other.fields.agencyName, other.reason]).toEqual([
      "AGENCY_RENAMED",
      "洪泽区人民政府",
      "the agency is now named 洪泽区人民政府 (was 淮安市洪泽区人民政府), as its report of 2024 prints it",
    ]);
    const then = (() => {
      let text = "";
      return { write: async (chunk: string) => ((text += chunk), true), text: () => text };
    })();
    await exportCells(dataSource, { agencyId: report.agencyId }, then, point);
    expect(then.text()).toBe(before);
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
