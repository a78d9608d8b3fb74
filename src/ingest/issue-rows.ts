import type { ParseIssue } from "../parse";

/** The longest message validation_issue.message holds; a longer one is cut, never refused. */
export const ISSUE_MESSAGE_MAX_LENGTH = 1024;

/** An issue of a report as a validation_issue row, ready to insert. */
export function issueRow(reportId: number, issue: ParseIssue) {
  return {
    reportId,
    rule: issue.rule,
    severity: issue.severity,
    message: issue.message.slice(0, ISSUE_MESSAGE_MAX_LENGTH),
    cellCodes: [...issue.cells],
    line: issue.line ?? null,
  };
}
