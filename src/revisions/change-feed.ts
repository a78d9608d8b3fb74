import { Between, type EntityManager } from "typeorm";
import { ReportRevision, type RevisionFields } from "../entities";
import { cellChanges, lastRevisionId, type CellChange } from "./history";

/**
 * The change feed: every revision in commit order (its id), with the cells it changed. A revision id is handed out
 * only after every smaller one committed (revision-clock.ts), so a reader that has seen id N and asks for what came
 * after N misses nothing: a mirror resumes from the last id it kept.
 */

/** One revision of the feed. */
export interface ChangeEntry {
  readonly id: number;
  readonly reportId: number;
  readonly agencyId: number;
  readonly year: number;
  readonly number: number;
  readonly kind: string;
  readonly actor: string;
  readonly reason: string | null;
  /** ISO 8601, UTC. */
  readonly committedAt: string;
  readonly cellsChanged: number;
  readonly issuesChanged: number;
  readonly fields: RevisionFields;
  /** The cell-level diff, in cell code order. */
  readonly cells: readonly CellChange[];
}

/** Revisions read (with their diffs) at a time: an ingest's revision brings its ~300 cells. */
export const CHANGE_BATCH_SIZE = 50;

/** What to read: the revisions with id > `after`, at most `limit` of them (all when null). */
export interface ChangeRange {
  readonly after: number;
  readonly limit: number | null;
}

/** The entries of `revisions`, with their diffs. */
export async function changeEntries(manager: EntityManager, revisions: readonly ReportRevision[]): Promise<ChangeEntry[]> {
  const diffs = await cellChanges(
    manager,
    revisions.map((revision) => revision.id),
  );
  return revisions.map((revision) => ({
    id: revision.id,
    reportId: revision.reportId,
    agencyId: revision.agencyId,
    year: revision.year,
    number: revision.number,
    kind: revision.kind,
    actor: revision.actor,
    reason: revision.reason,
    committedAt: revision.committedAt.toISOString(),
    cellsChanged: revision.cellsChanged,
    issuesChanged: revision.issuesChanged,
    fields: revision.fields,
    cells: diffs.get(revision.id) ?? [],
  }));
}

/**
 * The feed's entries in `range`, in id order, a batch at a time (keyset on the id): only revisions committed when
 * the reading started (up to the last revision id then), so that a long read ends and its last id is a resume point.
 */
export async function* readChanges(manager: EntityManager, range: ChangeRange, batchSize = CHANGE_BATCH_SIZE): AsyncGenerator<ChangeEntry[]> {
  const upTo = await lastRevisionId(manager);
  let left = range.limit ?? Number.POSITIVE_INFINITY;
  for (let after = range.after; after < upTo && left > 0;) {
    const revisions = await manager.find(ReportRevision, {
      where: { id: Between(after + 1, upTo) },
      order: { id: "ASC" },
      take: Math.min(batchSize, left),
    });
    if (revisions.length === 0) return;
    yield await changeEntries(manager, revisions);
    left -= revisions.length;
    after = revisions[revisions.length - 1].id;
  }
}

/** Where the feed's lines go; `write` answers false once the consumer has gone. */
export interface LineSink {
  write(chunk: string): Promise<boolean>;
}

/**
 * Writes the feed in `range` as NDJSON: one JSON object a line, in id order. Returns the number of revisions
 * written and the last id written (the range's `after` when none), or stops early when the sink goes.
 */
export async function writeChanges(manager: EntityManager, range: ChangeRange, sink: LineSink): Promise<{ written: number; lastId: number }> {
  let written = 0;
  let lastId = range.after;
  for await (const entries of readChanges(manager, range)) {
    if (!(await sink.write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join("")))) break;
    written += entries.length;
    lastId = entries[entries.length - 1].id;
  }
  return { written, lastId };
}

/** Problems with a range read from a query string or a command line; the message names the parameter. */
export class ChangeRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChangeRangeError";
  }
}

/** Reads `after` (a revision id, 0 for the start) and `limit` (a positive count) as given in text. */
export function checkChangeRange(raw: { after?: unknown; limit?: unknown }): ChangeRange {
  const count = (key: string, value: unknown, least: number): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw new ChangeRangeError(`${key} must be given once`);
    if (!/^\d{1,15}$/.test(value) || Number(value) < least)
      throw new ChangeRangeError(
        `${key} must be ${least === 0 ? "a revision id (0 or more)" : "a count of 1 or more"}, got ${JSON.stringify(value.slice(0, 40))}`,
      );
    return Number(value);
  };
  return { after: count("after", raw.after, 0) ?? 0, limit: count("limit", raw.limit, 1) ?? null };
}
