import type { CellAddress } from "./cell";
import type { TabularVersion } from "./codes";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  LEGAL_PERSON_GROUP,
  TEMPLATE_TABLES,
  getTable,
  type RowDefinition,
  type TableDefinition,
} from "./template-catalog";

/**
 * Named parts of the template, read from the catalog (template-catalog.ts) so that no other layer lists a column,
 * a row or a group by hand: the section 二 tables, the section 三 columns, outcome groups and layouts, and the
 * section 四 groups and outcomes. Adding a row or column to the catalog changes every list here with it.
 */

/** The section 二 sub-tables (第二十条第（X）项), in printed order. */
export const PROACTIVE_TABLES: readonly TableDefinition[] = TEMPLATE_TABLES.filter((table) => table.section === "S2_PROACTIVE");

/** The item numeral of a section 二 sub-table's caption (一 for 第二十条第（一）项); throws for any other table. */
export function articleItemOf(table: TableDefinition): string {
  const item = /第（(.)）项/.exec(table.labelZh)?.[1];
  if (table.section !== "S2_PROACTIVE" || !item) throw new Error(`${table.code} is not a section 二 sub-table`);
  return item;
}

/** The column every table's total sits in (section 三 and 四). */
export const TOTAL_COLUMN = "TOTAL";

/** The section 三 columns a report prints, in printed order: the six applicant types, then TOTAL. */
export const APPLICATIONS_PRINTED_COLUMNS: readonly string[] = APPLICANT_COLUMNS.filter((column) => !column.derived).map((column) => column.code);

/** The six applicant-type columns of section 三 (what TOTAL adds up, rule R2), in printed order. */
export const APPLICANT_TYPE_COLUMNS: readonly string[] = APPLICATIONS_PRINTED_COLUMNS.filter((column) => column !== TOTAL_COLUMN);

/** The five 法人或其他组织 columns, in printed order (what the derived subtotal adds up). */
export const LEGAL_PERSON_COLUMNS: readonly string[] = APPLICANT_COLUMNS.filter((column) => column.group === LEGAL_PERSON_GROUP.code).map(
  (column) => column.code,
);

/** The derived 法人或其他组织 subtotal column, which no report prints. */
export const LEGAL_PERSON_SUBTOTAL_COLUMN: string = APPLICANT_COLUMNS.find((column) => column.derived)!.code;

/** The section 三 row that labels the outcomes (三、本年度办理结果); it holds no numbers. */
export const RESULTS_ROW = "RESULTS";

/** （六）其他处理: one printed row in TPL_2019, one row or three sub-rows in TPL_2021. */
export const OTHER_ROW = "R_OTHER";

/** The printed total of the outcomes (（七）总计). */
export const RESULTS_TOTAL_ROW: string = APPLICATION_ROWS.find((row) => row.parent === RESULTS_ROW && row.kinds.TPL_2021 === "PRINTED_TOTAL")!.code;

/**
 * Rule R1's two sides, per column of section 三: requests in (new + carried over) equal requests out (handled +
 * carried forward). The rows of section 三 outside the outcomes, in template order, are exactly these four.
 */
export const APPLICATIONS_BALANCE: { readonly incoming: readonly string[]; readonly outgoing: readonly string[] } = (() => {
  const outside = APPLICATION_ROWS.filter((row) => !row.parent && row.code !== RESULTS_ROW).map((row) => row.code);
  return { incoming: outside.slice(0, 2), outgoing: [RESULTS_TOTAL_ROW, ...outside.slice(2)] };
})();

/** A section 三 outcome group whose subtotal is the sum of its sub-rows (（三）不予公开 = 1. … 8.). */
export interface ResultGroup {
  readonly group: string;
  readonly members: readonly string[];
}

/** The outcome groups of section 三, in template order: R_WITHHELD, R_UNABLE, R_NOT_PROCESSED, R_OTHER. */
export const RESULT_GROUPS: readonly ResultGroup[] = APPLICATION_ROWS.filter((row) => row.parent === RESULTS_ROW)
  .map((row) => ({ group: row.code, members: APPLICATION_ROWS.filter((child) => child.parent === row.code).map((child) => child.code) }))
  .filter((group) => group.members.length > 0);

/** The sub-rows of an outcome group, in template order; [] for a row that is not a group. */
export function resultGroupMembers(group: string): readonly string[] {
  return RESULT_GROUPS.find((candidate) => candidate.group === group)?.members ?? [];
}

/** The three sub-rows of （六）其他处理 (TPL_2021). */
export const OTHER_SUB_ROWS: readonly string[] = resultGroupMembers(OTHER_ROW);

/**
 * One way section 三 is printed: its rows in printed order, and whether （六）其他处理 is printed as its three
 * sub-rows (TPL_2021, from which R_OTHER is then derived) or as one row (TPL_2019, and TPL_2021 reports that keep
 * the old layout).
 */
export interface ApplicationsLayout {
  readonly version: TabularVersion;
  readonly otherSplit: boolean;
  readonly rows: readonly string[];
}

/** Whether a row is printed in a layout: a leaf or printed total of the version, with （六） as the layout says. */
function printedIn(row: RowDefinition, version: TabularVersion, otherSplit: boolean): boolean {
  if (row.code === OTHER_ROW) return !otherSplit;
  if (row.parent === OTHER_ROW) return otherSplit;
  const kind = row.kinds[version];
  return kind === "LEAF" || kind === "PRINTED_TOTAL";
}

/**
 * The layout of section 三 for a version and a （六） layout. Only TPL_2021 defines the sub-rows; `applicationLayouts`
 * lists the layouts a version can print.
 */
export function applicationsLayout(version: TabularVersion, otherSplit: boolean): ApplicationsLayout {
  return { version, otherSplit, rows: APPLICATION_ROWS.filter((row) => printedIn(row, version, otherSplit)).map((row) => row.code) };
}

/** Whether a version's template has （六）'s sub-rows at all (TPL_2021 does, TPL_2019 does not). */
export function versionSplitsOther(version: TabularVersion): boolean {
  return APPLICATION_ROWS.some((row) => row.parent === OTHER_ROW && row.versions.includes(version));
}

/** The layouts a version can print, most specific first (TPL_2021: （六） split, then as one row). */
export function applicationLayouts(version: TabularVersion): ApplicationsLayout[] {
  const oneRow = applicationsLayout(version, false);
  return versionSplitsOther(version) ? [applicationsLayout(version, true), oneRow] : [oneRow];
}

/** Whether a report's section 三 rows show （六）其他处理 printed as three sub-rows: any of them is present. */
export function isOtherSplit(rows: Iterable<string>): boolean {
  for (const row of rows) if (OTHER_SUB_ROWS.includes(row)) return true;
  return false;
}

/** The layout a report of `version` printed section 三 in, from the rows it has cells in. */
export function applicationsLayoutOf(version: TabularVersion, rows: Iterable<string>): ApplicationsLayout {
  return applicationsLayout(version, versionSplitsOther(version) && isOtherSplit(rows));
}

/**
 * Whether a section 三 row's numbers are derived (summed from its sub-rows) rather than printed in a layout: the
 * outcome groups always, （六） only when its three sub-rows are printed.
 */
export function isDerivedRow(layout: ApplicationsLayout, row: string): boolean {
  if (row === OTHER_ROW) return layout.otherSplit;
  return RESULT_GROUPS.some((group) => group.group === row);
}

/**
 * The outcome rows that add up to （七）总计 (rule R3) in a layout: every printed outcome row but the total, with
 * （六） as one row or as its three sub-rows. The same for both versions.
 */
export function outcomeRows(otherSplit: boolean): readonly string[] {
  return APPLICATION_ROWS.filter((row) => {
    if (!row.parent || row.code === RESULTS_TOTAL_ROW) return false;
    if (row.code === OTHER_ROW) return !otherSplit;
    if (row.parent === OTHER_ROW) return otherSplit;
    return Object.values(row.kinds).includes("LEAF");
  }).map((row) => row.code);
}

const REVIEW_LITIGATION = getTable("REVIEW_LITIGATION");

/** The three groups of section 四 (行政复议, 行政诉讼·未经复议直接起诉, 行政诉讼·复议后起诉), in printed order. */
export const REVIEW_LITIGATION_GROUPS: readonly string[] = REVIEW_LITIGATION.rows.map((row) => row.code);

/** The outcome columns of each section 四 group, TOTAL last, in printed order. */
export const REVIEW_LITIGATION_OUTCOMES: readonly string[] = REVIEW_LITIGATION.columns.map((column) => column.code);

/** The four outcomes a section 四 group's TOTAL adds up (rule R4). */
export const REVIEW_LITIGATION_PARTS: readonly string[] = REVIEW_LITIGATION_OUTCOMES.filter((column) => column !== TOTAL_COLUMN);

/** Every cell of section 四 in printed order: each group's outcomes, group after group. */
export const REVIEW_LITIGATION_CELLS: readonly CellAddress[] = REVIEW_LITIGATION_GROUPS.flatMap((row) =>
  REVIEW_LITIGATION_OUTCOMES.map((column) => ({ table: "REVIEW_LITIGATION" as const, row, column })),
);
