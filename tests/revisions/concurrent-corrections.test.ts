import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { INDICATORS } from "../../src/domain/indicator-catalog";
import { CellCorrection, Report, ReportCell, ReportRevision } from "../../src/entities";
import { ingestSource } from "../../src/ingest/ingest-report";
import { RevisionConflictError } from "../../src/revisions/revision-errors";
import { correctCells, type ReviewOutcome } from "../../src/services/report-review";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const EDITORS = 8;
/** Editors 0–5 correct a cell each; editors 6 and 7 correct the cells of editors 0 and 1 again, with other values. */
const DISTINCT_CELLS = 6;
const cellOf = (editor: number): number => editor % DISTINCT_CELLS;
const SAMPLE = "hongze-district-2024.txt";

/** What one editor's correction was and, once applied, the revision that recorded it. */
interface Editor {
  readonly index: number;
  readonly cell: string;
  readonly value: number;
  applied: ReviewOutcome | null;
  conflicts: number;
}

/**
 * Eight editors correct one report at once, each at the revision they read. The report's agency lock (a row lock on
 * MySQL/MariaDB) makes them take turns, and the revision check under it refuses every one but the first: in each
 * round all editors not yet applied read the report's revision and send their correction together; exactly one
 * applies and every other is refused with RevisionConflictError (nothing else), so that the next round has one editor
 * fewer. After eight rounds every correction is applied once, in eight revisions numbered without a gap.
 *
 * On MySQL/MariaDB each editor has its own DataSource (its own pool, as a separate server process would). On SQLite
 * the editors share the DataSource, as the requests of one server process do.
 */
describe.each(testDatabases())("8 concurrent editors correcting one report on $name", (database) => {
  let dataSource: DataSource;
  let connections: DataSource[];

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    connections =
      database.name === "sqlite"
        ? Array.from({ length: EDITORS }, () => dataSource)
        : await Promise.all(Array.from({ length: EDITORS }, () => database.reopen(dataSource)));
  });
  afterAll(async () => {
    await Promise.all(connections.filter((connection) => connection !== dataSource).map((connection) => connection.destroy()));
    await dataSource.destroy();
  });

  it("apply one correction per revision, refuse the rest with a conflict, and lose none", async () => {
    const file = path.join(SAMPLES, SAMPLE);
    const ingested = await ingestSource(dataSource, { fileName: SAMPLE, bytes: fs.readFileSync(file) });
    const reportId = ingested.reportId;
    const start = await dataSource.getRepository(Report).findOneByOrFail({ id: reportId });
    expect(start.revision).toBe(1);

    // Six printed (not derived) counting cells the report read as plain values, in catalog order.
    const stored = await dataSource.getRepository(ReportCell).findBy({ reportId, valueState: "VALUE" });
    const byCode = new Map(stored.map((cell) => [`${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`, cell]));
    const cells = INDICATORS.filter(
      (indicator) =>
        !indicator.derived && indicator.versions.includes(start.templateVersion as never) && indicator.cellKind === "COUNT" && byCode.has(indicator.code),
    )
      .slice(0, DISTINCT_CELLS)
      .map((indicator) => indicator.code);
    expect(cells).toHaveLength(DISTINCT_CELLS);
    const editors: Editor[] = Array.from({ length: EDITORS }, (_, index) => ({
      index,
      cell: cells[cellOf(index)],
      value: (byCode.get(cells[cellOf(index)])!.value ?? 0) + 100 + index,
      applied: null,
      conflicts: 0,
    }));

    for (let round = 0; round < EDITORS; round += 1) {
      const waiting = editors.filter((editor) => editor.applied === null);
      expect(waiting).toHaveLength(EDITORS - round);
      const revision = (await dataSource.getRepository(Report).findOneByOrFail({ id: reportId })).revision;
      expect(revision).toBe(1 + round);
      const settled = await Promise.allSettled(
        waiting.map((editor) =>
          correctCells(
            connections[editor.index],
            { reportId, revision, corrections: [{ cell: editor.cell, value: editor.value, reason: `editor ${editor.index} read it in the PDF` }] },
            { actor: `editor-${editor.index}` },
          ),
        ),
      );
      const unexpected = settled.flatMap((result) =>
        result.status === "rejected" && !(result.reason instanceof RevisionConflictError) ? [String((result.reason as Error)?.stack ?? result.reason)] : [],
      );
      expect(unexpected).toEqual([]);
      settled.forEach((result, position) => {
        if (result.status === "fulfilled") waiting[position].applied = result.value;
        else waiting[position].conflicts += 1;
      });
      // Exactly one editor of the round applied, at the next number; the others were told the report moved on.
      expect(
        settled.filter((result) => result.status === "fulfilled").map((result) => (result as PromiseFulfilledResult<ReviewOutcome>).value.revision.number),
      ).toEqual([revision + 1]);
      expect(
        settled.flatMap((result) =>
          result.status === "rejected" ? [[(result.reason as RevisionConflictError).given, (result.reason as RevisionConflictError).current]] : [],
        ),
      ).toEqual(Array.from({ length: waiting.length - 1 }, () => [revision, revision + 1]));
    }

    // Each editor applied once, after as many refusals as editors applied before it.
    const order = [...editors].sort((a, b) => a.applied!.revision.number - b.applied!.revision.number);
    expect(order.map((editor) => editor.conflicts)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(order.map((editor) => editor.applied!.revision.number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);

    // The report's revisions: 1..9 without a gap, the ingest then one CORRECTED revision per editor, in commit order.
    const revisions = await dataSource.getRepository(ReportRevision).find({ where: { reportId }, order: { number: "ASC" } });
    expect(revisions.map((revision) => [revision.number, revision.kind, revision.actor])).toEqual([
      [1, "INGESTED", "gongkai"],
      ...order.map((editor, position) => [position + 2, "CORRECTED", `editor-${editor.index}`]),
    ]);
    expect(revisions.map((revision) => revision.id)).toEqual(
      order.map((editor) => editor.applied!.revision.id).reduce((ids, id) => [...ids, id], [revisions[0].id]),
    );
    expect([...revisions.map((revision) => revision.id)].sort((a, b) => a - b)).toEqual(revisions.map((revision) => revision.id));
    expect((await dataSource.getRepository(Report).findOneByOrFail({ id: reportId })).revision).toBe(EDITORS + 1);

    // Every applied correction is kept with its revision's id; one superseded by a later one of the same cell is
    // marked so, the others stand.
    const kept = await dataSource.getRepository(CellCorrection).find({ where: { reportId }, order: { id: "ASC" } });
    const lastOf = new Map(order.map((editor) => [editor.cell, editor]));
    expect(
      kept.map((correction) => [
        correction.actor,
        `${correction.tableCode}.${correction.rowCode}.${correction.columnCode}`,
        correction.value,
        correction.revisionId,
      ]),
    ).toEqual(order.map((editor) => [`editor-${editor.index}`, editor.cell, editor.value, editor.applied!.revision.id]));
    expect(kept.map((correction) => correction.revertedAt === null)).toEqual(order.map((editor) => lastOf.get(editor.cell) === editor));

    // The final cells carry each cell's last applied value.
    const final = await dataSource.getRepository(ReportCell).findBy({ reportId });
    const finalByCode = new Map(final.map((cell) => [`${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`, cell]));
    expect(cells.map((code) => [code, finalByCode.get(code)?.value, finalByCode.get(code)?.valueState])).toEqual(
      cells.map((code) => [code, lastOf.get(code)!.value, "CORRECTED"]),
    );
  });
});
