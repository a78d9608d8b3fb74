import type { EntityManager } from "typeorm";
import { RevisionClock } from "../entities";

/** A revision id with its commit time. */
export interface RevisionStamp {
  readonly id: number;
  readonly committedAt: Date;
}

/**
 * Hands out the next revision id and its commit time. The clock's row is locked until the transaction ends (`SELECT
 * … FOR UPDATE` on MySQL/MariaDB; SQLite serialises writers), so a revision id is handed out only after every
 * smaller one committed or rolled back: ids follow commit order, and a reader of the change feed that has seen id N
 * will never see a smaller one appear later. Each revision's time is at least a millisecond after the one before (even
 * when the system clock goes back), so that a moment names one point in the history exactly. Take it last
 * in a write (after the agency's lock), so that it is held for the shortest time and always in the same order.
 */
export async function nextRevision(manager: EntityManager): Promise<RevisionStamp> {
  const query = manager.createQueryBuilder(RevisionClock, "clock").where("clock.id = 1");
  const clock = manager.connection.options.type === "better-sqlite3" ? await query.getOne() : await query.setLock("pessimistic_write").getOne();
  if (!clock) throw new Error("the revision clock row (revision_clock id 1) is missing: run the migrations");
  const stamp = { id: clock.lastRevision + 1, committedAt: new Date(Math.max(Date.now(), clock.lastCommittedAt.getTime() + 1)) };
  await manager.update(RevisionClock, { id: 1 }, { lastRevision: stamp.id, lastCommittedAt: stamp.committedAt });
  return stamp;
}

/** The last revision id committed (0 before any). */
export async function lastRevisionId(manager: EntityManager): Promise<number> {
  const clock = await manager.findOneBy(RevisionClock, { id: 1 });
  return clock?.lastRevision ?? 0;
}
