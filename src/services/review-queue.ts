import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import type { ReviewStatus } from "../domain/codes";
import { selectionSql, type ReportSelection, type SqlPart } from "./report-selection";

/**
 * The review queue: the reports a person should look at, most impact first, computed in SQL a page at a time (one
 * statement per page, one for the count), never loading the reports it passes over.
 *
 * A report is in the queue unless it is VERIFIED (a person checked it with whatever it held then; any later change
 * makes it NEEDS_REVIEW) when it is NEEDS_REVIEW or has a reason:
 * - FLAGGED_CELLS: cells the parser could not settle (value_state UNCERTAIN or ILLEGIBLE);
 * - FAILED_RULES: R1–R5 issues of severity error (the template's own arithmetic);
 * - DISPUTED_CORRECTIONS: standing corrections (not reverted) the parser's latest reading disputes;
 * - DIVERGENT_COPY: a copy from a second source that disagrees with the served report (report_copy DIVERGENT);
 * - CHANGED_SINCE_VERIFIED: NEEDS_REVIEW after a person had verified it (reviewed_at set).
 */

export const REVIEW_REASONS = ["FLAGGED_CELLS", "FAILED_RULES", "DISPUTED_CORRECTIONS", "DIVERGENT_COPY", "CHANGED_SINCE_VERIFIED"] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** The review statuses a report in the queue may have. */
export const QUEUED_REVIEW_STATUSES = ["UNREVIEWED", "NEEDS_REVIEW"] as const satisfies readonly ReviewStatus[];

/** The value states that flag a cell. */
export const FLAGGED_STATES = ["UNCERTAIN", "ILLEGIBLE"] as const;
/** The rules whose errors count as failed rules. */
export const QUEUE_RULES = ["R1", "R2", "R3", "R4", "R5"] as const;

/** The weights of the impact: what one of each costs a user of the data. */
export const IMPACT_WEIGHTS = Object.freeze({
  flaggedCell: 1,
  failedRule: 3,
  disputedCorrection: 5,
  disagreeingCell: 2,
  needsReview: 1,
});

/** What an entry's impact is made of. */
export interface ImpactParts {
  readonly flaggedCells: number;
  readonly failedRules: number;
  readonly disputedCorrections: number;
  /** Cells where a DIVERGENT copy disagrees, summed over the report's DIVERGENT copies. */
  readonly disagreeingCells: number;
  readonly needsReview: boolean;
}

/**
 * The one definition of impact, a whole number: 1 per flagged cell + 3 per failed R1–R5 rule + 5 per disputed
 * correction + 2 per cell where a divergent copy disagrees + 1 when the report is NEEDS_REVIEW. `impactSql` is the
 * same sum in SQL; a test checks that the two agree.
 */
export function impactOf(parts: ImpactParts): number {
  return (
    IMPACT_WEIGHTS.flaggedCell * parts.flaggedCells +
    IMPACT_WEIGHTS.failedRule * parts.failedRules +
    IMPACT_WEIGHTS.disputedCorrection * parts.disputedCorrections +
    IMPACT_WEIGHTS.disagreeingCell * parts.disagreeingCells +
    (parts.needsReview ? IMPACT_WEIGHTS.needsReview : 0)
  );
}

/** `impactOf` over the queue's per-report counts (the inner query's columns). */
const IMPACT_SQL = [
  `${IMPACT_WEIGHTS.flaggedCell} * COALESCE(f.n, 0)`,
  `${IMPACT_WEIGHTS.failedRule} * COALESCE(e.n, 0)`,
  `${IMPACT_WEIGHTS.disputedCorrection} * COALESCE(d.n, 0)`,
  `${IMPACT_WEIGHTS.disagreeingCell} * COALESCE(c.cells, 0)`,
  `(CASE WHEN r.review_status = 'NEEDS_REVIEW' THEN ${IMPACT_WEIGHTS.needsReview} ELSE 0 END)`,
].join(" + ");

/** Which queued reports: the report selection (region, agency, years, template versions), review statuses, reasons. */
export interface ReviewQueueSelection {
  readonly reports: Pick<ReportSelection, "regionCode" | "agencyId" | "yearFrom" | "yearTo" | "templateVersions">;
  /** Only reports of these statuses (of QUEUED_REVIEW_STATUSES); all when empty. */
  readonly reviewStatuses?: readonly (typeof QUEUED_REVIEW_STATUSES)[number][] | null;
  /** Only reports with at least one of these reasons; all when empty. */
  readonly reasons?: readonly ReviewReason[] | null;
}

/** One report of the queue, with its impact and what it is made of. */
export interface ReviewQueueEntry extends ImpactParts {
  readonly reportId: number;
  readonly impact: number;
  /** Copies that disagree with the served report. */
  readonly divergentCopies: number;
  readonly reasons: readonly ReviewReason[];
}

/** Where a page starts: after this impact and report id (impact DESC, id ASC). */
export interface QueuePosition {
  readonly impact: number;
  readonly reportId: number;
}

const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/** The condition of each reason over the inner query's columns. */
const REASON_SQL: Record<ReviewReason, string> = {
  FLAGGED_CELLS: "q.flagged > 0",
  FAILED_RULES: "q.failed > 0",
  DISPUTED_CORRECTIONS: "q.disputed > 0",
  DIVERGENT_COPY: "q.divergent > 0",
  CHANGED_SINCE_VERIFIED: "q.changed = 1",
};

/**
 * The queue before paging: every queued report of the selection with its counts and impact (alias q), and the
 * condition that keeps the queued ones.
 */
function queueSql(selection: ReviewQueueSelection): SqlPart {
  const parts = selectionSql(selection.reports, { report: "r", agency: "a" });
  const statuses = selection.reviewStatuses?.length ? [...selection.reviewStatuses] : [...QUEUED_REVIEW_STATUSES];
  const inner = `SELECT r.id AS id,
      COALESCE(f.n, 0) AS flagged, COALESCE(e.n, 0) AS failed, COALESCE(d.n, 0) AS disputed,
      COALESCE(c.n, 0) AS divergent, COALESCE(c.cells, 0) AS disagreeing,
      (CASE WHEN r.review_status = 'NEEDS_REVIEW' THEN 1 ELSE 0 END) AS needs_review,
      (CASE WHEN r.review_status = 'NEEDS_REVIEW' AND r.reviewed_at IS NOT NULL THEN 1 ELSE 0 END) AS changed,
      (${IMPACT_SQL}) AS impact
    FROM report r
    INNER JOIN agency a ON a.id = r.agency_id
    LEFT JOIN (SELECT report_id, COUNT(*) AS n FROM report_cell WHERE value_state IN (${placeholders(FLAGGED_STATES)}) GROUP BY report_id) f ON f.report_id = r.id
    LEFT JOIN (SELECT report_id, COUNT(*) AS n FROM validation_issue WHERE severity = 'error' AND rule IN (${placeholders(QUEUE_RULES)}) GROUP BY report_id) e ON e.report_id = r.id
    LEFT JOIN (SELECT report_id, COUNT(*) AS n FROM cell_correction WHERE status = 'DISPUTED' AND reverted_at IS NULL GROUP BY report_id) d ON d.report_id = r.id
    LEFT JOIN (SELECT report_id, COUNT(*) AS n, SUM(disagreement_count) AS cells FROM report_copy WHERE status = 'DIVERGENT' GROUP BY report_id) c ON c.report_id = r.id
    WHERE r.review_status IN (${placeholders(statuses)})${parts.map((part) => ` AND ${part.sql}`).join("")}`;
  const queued = "(q.flagged > 0 OR q.failed > 0 OR q.disputed > 0 OR q.divergent > 0 OR q.needs_review = 1)";
  const reasons = selection.reasons?.length ? ` AND (${[...new Set(selection.reasons)].map((reason) => REASON_SQL[reason]).join(" OR ")})` : "";
  return {
    sql: `FROM (${inner}) q WHERE ${queued}${reasons}`,
    params: [...FLAGGED_STATES, ...QUEUE_RULES, ...statuses, ...parts.flatMap((part) => part.params)],
  };
}

/** A row of the queue as the database answers it (MySQL answers counts as strings). */
type QueueRow = Record<"id" | "impact" | "flagged" | "failed" | "disputed" | "divergent" | "disagreeing" | "needs_review" | "changed", number | string>;

function toEntry(row: QueueRow): ReviewQueueEntry {
  const n = (key: keyof QueueRow) => Number(row[key]);
  const parts: ImpactParts = {
    flaggedCells: n("flagged"),
    failedRules: n("failed"),
    disputedCorrections: n("disputed"),
    disagreeingCells: n("disagreeing"),
    needsReview: n("needs_review") === 1,
  };
  const reasons = REVIEW_REASONS.filter((reason) => {
    switch (reason) {
      case "FLAGGED_CELLS":
        return parts.flaggedCells > 0;
      case "FAILED_RULES":
        return parts.failedRules > 0;
      case "DISPUTED_CORRECTIONS":
        return parts.disputedCorrections > 0;
      case "DIVERGENT_COPY":
        return n("divergent") > 0;
      case "CHANGED_SINCE_VERIFIED":
        return n("changed") === 1;
    }
  });
  return { reportId: n("id"), impact: n("impact"), divergentCopies: n("divergent"), reasons, ...parts };
}

/** The queue's order, the one its cursors are taken under. */
export const REVIEW_QUEUE_ORDER = "IMPACT DESC, ID ASC";

/**
 * One page of the queue: at most `size` entries after `after`, ordered by impact (highest first) then report id
 * (lowest first), and whether more follow. The selection must be checked by the caller.
 */
export async function reviewQueuePage(
  dataSource: DataSource,
  selection: ReviewQueueSelection,
  size: number,
  after: QueuePosition | null,
): Promise<{ entries: ReviewQueueEntry[]; hasNextPage: boolean }> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a page holds at least 1 entry, got ${size}`);
  const queue = queueSql(selection);
  const cursor = after ? " AND (q.impact < ? OR (q.impact = ? AND q.id > ?))" : "";
  const params = after ? [...queue.params, after.impact, after.impact, after.reportId] : [...queue.params];
  const rows = (await dataSource.query(
    `SELECT q.id, q.impact, q.flagged, q.failed, q.disputed, q.divergent, q.disagreeing, q.needs_review, q.changed ${queue.sql}${cursor} ORDER BY q.impact DESC, q.id ASC LIMIT ${size + 1}`,
    params,
  )) as QueueRow[];
  return { entries: rows.slice(0, size).map(toEntry), hasNextPage: rows.length > size };
}

/** How many reports the queue holds for the selection (all pages). */
export async function reviewQueueCount(dataSource: DataSource, selection: ReviewQueueSelection): Promise<number> {
  const queue = queueSql(selection);
  const rows = (await dataSource.query(`SELECT COUNT(*) AS n ${queue.sql}`, [...queue.params])) as Array<{ n: number | string }>;
  return Number(rows[0]?.n ?? 0);
}

/**
 * A fingerprint of a selection, for the cursors of its pages: a cursor taken under one selection is refused under
 * another. The same selection gives the same fingerprint on every database.
 */
export function selectionFingerprint(selection: ReviewQueueSelection): string {
  const queue = queueSql(selection);
  return createHash("sha256")
    .update(JSON.stringify([queue.sql, queue.params]))
    .digest("base64url")
    .slice(0, 16);
}
