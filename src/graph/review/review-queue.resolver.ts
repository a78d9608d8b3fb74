import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Report } from "../../entities";
import { quoteInput } from "../../domain/quote-input";
import {
  FLAGGED_STATES,
  QUEUE_RULES,
  QUEUED_REVIEW_STATUSES,
  REVIEW_QUEUE_ORDER,
  reviewQueueCount,
  reviewQueuePage,
  selectionFingerprint,
  type QueuePosition,
  type ReviewQueueSelection,
} from "../../services/review-queue";
import { hasControlCharacter } from "../core/argument-checks";
import { ConnectionArgs } from "../core/connection.input";
import { decodeCursor, encodeCursor, pageSize, parseCursor, toConnection } from "../core/connection";
import type { Context } from "../core/context";
import { BadUserInputError } from "../core/errors";
import { checkFilterReferences, reportSelection } from "../core/list-queries";
import { listCost } from "../core/query-cost";
import { CopyDisagreementType, toReportCopy } from "../reports/report-copy.type";
import { toTableCell } from "../reports/report-tables";
import { TableCellType } from "../reports/report-tables.type";
import { ReportType } from "../reports/report.type";
import { CellCorrectionType, toCorrectionType } from "../revisions/revision.type";
import { ReviewQueueFilter } from "./review-queue.input";
import { FailedRuleType, ReviewQueueConnection, ReviewQueueEntryType, toQueueEntry } from "./review-queue.type";

/** Checks the filter (errors name the argument) and answers the service's selection. */
function queueSelection(filter: ReviewQueueFilter | null): ReviewQueueSelection {
  if (!filter) return { reports: {} };
  const { reviewStatuses, reasons, ...reports } = filter;
  if (
    reports.yearFrom !== null &&
    reports.yearFrom !== undefined &&
    reports.yearTo !== null &&
    reports.yearTo !== undefined &&
    reports.yearFrom > reports.yearTo
  ) {
    throw new BadUserInputError("filter.yearTo", `${reports.yearTo} is before filter.yearFrom ${reports.yearFrom}`);
  }
  reviewStatuses?.forEach((status, index) => {
    if (!(QUEUED_REVIEW_STATUSES as readonly string[]).includes(status)) {
      throw new BadUserInputError(
        `filter.reviewStatuses[${index}]`,
        `a ${status} report is never in the review queue; give ${QUEUED_REVIEW_STATUSES.join(" or ")}`,
      );
    }
  });
  const selection = reportSelection(reports);
  return {
    reports: {
      regionCode: selection.regionCode,
      agencyId: selection.agencyId,
      yearFrom: selection.yearFrom,
      yearTo: selection.yearTo,
      templateVersions: selection.templateVersions,
    },
    reviewStatuses: reviewStatuses as ReviewQueueSelection["reviewStatuses"],
    reasons,
  };
}

/** The queue's cursor: its order and a fingerprint of its filter, as every list's (core/connection.ts). */
function encodeQueueCursor(list: string, position: QueuePosition): string {
  return encodeCursor({ order: REVIEW_QUEUE_ORDER, list }, position.impact, position.reportId);
}

/** Reads a cursor of this queue under this filter back; anything else is BAD_USER_INPUT naming `after`. */
function decodeQueueCursor(cursor: string, list: string): QueuePosition {
  const refused = () => new BadUserInputError("after", `${quoteInput(cursor)} is not a cursor of this list`);
  // The queue's keys are whole numbers: any other cursor is refused before its order and list are looked at.
  if (hasControlCharacter(cursor) || !parseCursor(cursor)?.key.every((part) => Number.isSafeInteger(part))) throw refused();
  const [impact, reportId] = decodeCursor(cursor, { order: REVIEW_QUEUE_ORDER, list });
  return { impact: impact as number, reportId: reportId as number };
}

const FLAGGED = new Set<string>(FLAGGED_STATES);
const RULES = new Set<string>(QUEUE_RULES);

/** The review queue and what each of its entries shows. */
@Resolver(() => ReviewQueueEntryType)
export class ReviewQueueResolver {
  @Query(() => ReviewQueueConnection, {
    description:
      "The reports a person should look at (待审队列): every report not VERIFIED that is NEEDS_REVIEW or has flagged cells (UNCERTAIN, ILLEGIBLE), failed R1–R5 rules, disputed corrections or a divergent copy from a second source; ordered by impact, highest first, then by report id. Impact = 1 per flagged cell + 3 per failed rule + 5 per disputed correction + 2 per cell a divergent copy disagrees on + 1 when NEEDS_REVIEW.",
  })
  async reviewQueue(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => ReviewQueueFilter, { nullable: true, description: "Which queued reports (筛选)." }) filter: ReviewQueueFilter | null,
    @Ctx() { dataSource, loaders }: Context,
  ): Promise<InstanceType<typeof ReviewQueueConnection>> {
    const size = pageSize(page);
    const selection = queueSelection(filter);
    await checkFilterReferences(loaders, filter);
    const list = selectionFingerprint(selection);
    const after = page.after !== null && page.after !== undefined ? decodeQueueCursor(page.after, list) : null;
    const { entries, hasNextPage } = await reviewQueuePage(dataSource, selection, size, after);
    const edges = entries.map((entry) => ({ cursor: encodeQueueCursor(list, { impact: entry.impact, reportId: entry.reportId }), node: toQueueEntry(entry) }));
    return toConnection(ReviewQueueConnection, {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: { hasNextPage, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
      totalCount: () => reviewQueueCount(dataSource, selection),
    });
  }

  @FieldResolver(() => ReportType, { description: "The report (报告)." })
  async report(@Root() entry: ReviewQueueEntryType, @Ctx() { loaders }: Context): Promise<Report> {
    const report = await loaders.reportById.load(entry.reportId);
    if (!report) throw new Error(`the review queue listed report ${entry.reportId}, which is missing`);
    return report;
  }

  @FieldResolver(() => [TableCellType], {
    description:
      "The cells the parser could not settle (UNCERTAIN or ILLEGIBLE), in storage order, with printed text, candidates and place in the document (存疑单元格).",
    complexity: listCost(20),
  })
  async flaggedCells(@Root() entry: ReviewQueueEntryType, @Ctx() { loaders }: Context): Promise<TableCellType[]> {
    return (await loaders.cellsByReportId.load(entry.reportId)).filter((cell) => FLAGGED.has(cell.valueState)).map(toTableCell);
  }

  @FieldResolver(() => [FailedRuleType], {
    description: "The R1–R5 rules the report fails, one per issue, in storage order (未通过的规则).",
    complexity: listCost(10),
  })
  async failedRules(@Root() entry: ReviewQueueEntryType, @Ctx() { loaders }: Context): Promise<FailedRuleType[]> {
    return (await loaders.issuesByReportId.load(entry.reportId))
      .filter((issue) => issue.severity === "error" && RULES.has(issue.rule))
      .map((issue) => ({ rule: issue.rule, message: issue.message, cells: [...issue.cellCodes], line: issue.line }));
  }

  @FieldResolver(() => [CellCorrectionType], {
    description: "Standing corrections the parser's latest reading disputes: the person's value or state beside the parser's (被质疑的更正).",
    complexity: listCost(10),
  })
  async disputedCorrections(@Root() entry: ReviewQueueEntryType, @Ctx() { loaders }: Context): Promise<CellCorrectionType[]> {
    return (await loaders.disputedCorrectionsByReportId.load(entry.reportId)).map(toCorrectionType);
  }

  @FieldResolver(() => [CopyDisagreementType], {
    description:
      "The cells where divergent copies from second sources disagree with the served report, copy by copy in the order they came, at most 200 per copy (副本差异).",
    complexity: listCost(20),
  })
  async copyDisagreements(@Root() entry: ReviewQueueEntryType, @Ctx() { loaders }: Context): Promise<CopyDisagreementType[]> {
    return (await loaders.copiesByReportId.load(entry.reportId))
      .filter((copy) => copy.status === "DIVERGENT")
      .flatMap((copy) => toReportCopy(copy).disagreements);
  }
}
