import type { EntityManager } from "typeorm";
import { ValidationIssue } from "../entities";
import { formatCellCode, type CellCode } from "../domain/cell";
import { cellNumberSql } from "../domain/cell-value";
import type { TableCode, TabularVersion } from "../domain/codes";
import type { ParseIssue } from "../parse";
import { issueRow } from "./issue-rows";

/**
 * Continuity across years, checked between an agency's report and its report of the year before,
 * and stored as warnings on the later report, queryable like the in-report rules:
 *   X1 each column of section 三: CARRIED_OVER_IN(Y) = CARRIED_FORWARD_OUT(Y−1)
 *   X2 TPL_2021, section 二 (一): IN_FORCE(Y) = IN_FORCE(Y−1) + ISSUED(Y) − REPEALED(Y)
 *   X3 TPL_2019, section 二 (五)(六)(八): PREV_YEAR_ITEMS(Y) = PREV_YEAR_ITEMS(Y−1) + ITEMS_DELTA(Y−1)
 * They are soft rules (agencies restructure, documents are cleaned up), hence warnings. A BLANK cell counts as 0
 * (`cellNumberSql`). Ingest, reparse and deletion call this inside their transaction, beside the in-report rules
 * R1–R5, so every validation_issue row is written by the ingest layer; analytics only reads them.
 *
 * Each rule is written once, as data (`CONTINUITY_DEFINITIONS`), and read two ways: compiled to SQL to check the
 * stored reports here, and expanded into equations (`continuityEquations`) that evidence.ts evaluates on the
 * readings of a row the text reads several ways.
 */
export const CONTINUITY_RULES = ["X1", "X2", "X3"] as const;
export type ContinuityRuleId = (typeof CONTINUITY_RULES)[number];

/** A term of a rule's right side: a cell of the checked report or of the year before, in the checked cell's table. */
export interface ContinuityTerm {
  readonly sign: 1 | -1;
  readonly year: "SAME" | "PREVIOUS";
  /** The term's row and column; the checked cell's when not given. */
  readonly row?: string;
  readonly column?: string;
}

/**
 * A cross-year rule: the printed cells of year Y it checks (every cell matching `checked`), the sum they must equal,
 * and the template both reports must be on (null: any two).
 */
export interface ContinuityRule {
  readonly id: ContinuityRuleId;
  readonly version: TabularVersion | null;
  readonly checked: { readonly table?: TableCode; readonly row?: string; readonly column?: string };
  readonly terms: readonly ContinuityTerm[];
}

export const CONTINUITY_DEFINITIONS: readonly ContinuityRule[] = [
  {
    id: "X1",
    version: null,
    checked: { table: "APPLICATIONS", row: "CARRIED_OVER_IN" },
    terms: [{ sign: 1, year: "PREVIOUS", row: "CARRIED_FORWARD_OUT" }],
  },
  {
    id: "X2",
    version: "TPL_2021",
    checked: { table: "ART20_1", column: "IN_FORCE" },
    terms: [
      { sign: 1, year: "PREVIOUS" },
      { sign: 1, year: "SAME", column: "ISSUED" },
      { sign: -1, year: "SAME", column: "REPEALED" },
    ],
  },
  {
    id: "X3",
    version: "TPL_2019",
    checked: { column: "PREV_YEAR_ITEMS" },
    terms: [
      { sign: 1, year: "PREVIOUS" },
      { sign: 1, year: "PREVIOUS", column: "ITEMS_DELTA" },
    ],
  },
];

const V = cellNumberSql;

/** "?, ?, ?" for `count` parameters. */
const placeholders = (count: number): string => Array.from({ length: count }, () => "?").join(", ");

/** A code of the catalog as a SQL literal (codes are upper-case identifiers, never input). */
const literal = (code: string): string => `'${code}'`;

/** A signed sum of terms, `a + b - c`, each term spelled for SQL or for a message. */
function signedSum<Term extends { readonly sign: 1 | -1 }>(terms: readonly Term[], spell: (term: Term, index: number) => string): string {
  return terms.map((term, index) => `${index === 0 ? (term.sign < 0 ? "-" : "") : term.sign < 0 ? " - " : " + "}${spell(term, index)}`).join("");
}

/** The rule as one SELECT of its violations among the pairs (report, previous report) matched by `scope`. */
function violationSql(rule: ContinuityRule, scope: string): string {
  const { table, row, column } = rule.checked;
  const checked = [
    "cur.report_id = r.id",
    "cur.value_state <> 'DERIVED'",
    ...(table ? [`cur.table_code = ${literal(table)}`] : []),
    ...(row ? [`cur.row_code = ${literal(row)}`] : []),
    ...(column ? [`cur.column_code = ${literal(column)}`] : []),
  ];
  const joins = rule.terms.map(
    (term, index) =>
      `JOIN report_cell t${index} ON t${index}.report_id = ${term.year === "SAME" ? "r" : "p"}.id AND t${index}.table_code = cur.table_code` +
      ` AND t${index}.row_code = ${term.row ? literal(term.row) : "cur.row_code"} AND t${index}.column_code = ${term.column ? literal(term.column) : "cur.column_code"}`,
  );
  const expected = signedSum(rule.terms, (_, index) => V(`t${index}`));
  const versions = rule.version ? [`r.template_version = ${literal(rule.version)}`, `p.template_version = ${literal(rule.version)}`] : [];
  const known = [V("cur"), ...rule.terms.map((_, index) => V(`t${index}`))].map((value) => `${value} IS NOT NULL`);
  return `SELECT r.id AS report_id, ${literal(rule.id)} AS rule, cur.table_code AS table_code, cur.row_code AS row_code, cur.column_code AS column_code,
      ${expected} AS expected, ${V("cur")} AS actual, cur.line AS line, r.year AS year
    FROM report r JOIN report p ON p.agency_id = r.agency_id AND p.year = r.year - 1
    JOIN report_cell cur ON ${checked.join(" AND ")}
    ${joins.join("\n    ")}
    WHERE ${[scope, ...versions, ...known, `${V("cur")} <> ${expected}`].join(" AND ")}`;
}

interface Violation {
  readonly report_id: number;
  readonly rule: string;
  readonly table_code: TableCode;
  readonly row_code: string;
  readonly column_code: string;
  readonly expected: number | string;
  readonly actual: number | string;
  readonly line: number | null;
  readonly year: number;
}

async function findViolations(manager: EntityManager, agencyId: number, years: readonly number[]): Promise<Violation[]> {
  const scope = `r.agency_id = ? AND r.year IN (${placeholders(years.length)})`;
  const params = [agencyId, ...years];
  const sql = CONTINUITY_DEFINITIONS.map((rule) => violationSql(rule, scope)).join(" UNION ALL ");
  const rows = (await manager.query(
    sql,
    CONTINUITY_DEFINITIONS.flatMap(() => params),
  )) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    report_id: Number(row.report_id),
    rule: String(row.rule),
    table_code: String(row.table_code) as TableCode,
    row_code: String(row.row_code),
    column_code: String(row.column_code),
    expected: Number(row.expected),
    actual: Number(row.actual),
    line: row.line === null ? null : Number(row.line),
    year: Number(row.year),
  }));
}

/**
 * How a rule names its cells: by the coordinate it fixes (X1 fixes rows and runs over the columns, X2 and X3 fix
 * columns and run over the rows), the checked cell's when a term does not give its own.
 */
function cellName(rule: ContinuityRule, term?: ContinuityTerm): string {
  return rule.checked.row ? (term?.row ?? rule.checked.row) : (term?.column ?? rule.checked.column!);
}

/** What a rule runs over, for one violation: the column (X1) or the row (X2, X3). */
function subjectOf(rule: ContinuityRule, violation: Violation): string {
  return rule.checked.row ? `column ${violation.column_code}` : violation.row_code;
}

/**
 * A violation in words, from the rule's definition, e.g.
 * `X3 (ADMIN_PENALTY): PREV_YEAR_ITEMS 2020 = 264 but PREV_YEAR_ITEMS 2019 + ITEMS_DELTA 2019 = 2648`.
 */
function messageOf(violation: Violation): string {
  const rule = CONTINUITY_DEFINITIONS.find((definition) => definition.id === violation.rule)!;
  const yearOf = (term: ContinuityTerm) => (term.year === "SAME" ? violation.year : violation.year - 1);
  const expected = signedSum(rule.terms, (term) => `${cellName(rule, term)} ${yearOf(term)}`);
  return `${rule.id} (${subjectOf(rule, violation)}): ${cellName(rule)} ${violation.year} = ${violation.actual} but ${expected} = ${violation.expected}`;
}

/** A violation as the warning stored on the later report. */
function violationIssue(violation: Violation): ParseIssue {
  return {
    rule: violation.rule,
    severity: "warning",
    message: messageOf(violation),
    cells: [formatCellCode(violation.table_code, violation.row_code, violation.column_code)],
    line: violation.line ?? undefined,
  };
}

/**
 * Recomputes the continuity warnings of an agency's reports for `years` (each against its year before), replacing
 * the X1–X3 issues they had. Runs inside the caller's transaction.
 */
export async function recomputeContinuity(manager: EntityManager, agencyId: number, years: readonly number[]): Promise<number> {
  if (years.length === 0) return 0;
  const reportIds = (
    (await manager.query(`SELECT id FROM report WHERE agency_id = ? AND year IN (${placeholders(years.length)})`, [agencyId, ...years])) as Array<{
      id: number | string;
    }>
  ).map((row) => Number(row.id));
  if (reportIds.length === 0) return 0;
  // Delete by primary key, and only what exists: a range DELETE would take gap locks that deadlock concurrent loaders.
  const stale = await manager
    .createQueryBuilder(ValidationIssue, "issue")
    .select("issue.id", "id")
    .where("issue.reportId IN (:...reportIds) AND issue.rule IN (:...rules)", { reportIds, rules: [...CONTINUITY_RULES] })
    .getRawMany<{ id: number }>();
  if (stale.length > 0)
    await manager.delete(
      ValidationIssue,
      stale.map((row) => Number(row.id)),
    );
  const violations = await findViolations(manager, agencyId, years);
  if (violations.length > 0) {
    await manager.insert(
      ValidationIssue,
      violations.map((violation) => issueRow(violation.report_id, violationIssue(violation))),
    );
  }
  return violations.length;
}

/** A cell of an equation: which of the pair's reports it is in, and its code. */
export interface EquationCell {
  readonly year: "SAME" | "PREVIOUS";
  readonly code: CellCode;
}

/** One instance of a rule between a report (SAME) and the report of the year before (PREVIOUS): checked = Σ terms. */
export interface ContinuityEquation {
  readonly rule: ContinuityRule;
  readonly checked: EquationCell;
  readonly terms: ReadonlyArray<EquationCell & { readonly sign: 1 | -1 }>;
}

/** A printed cell of the later report of a pair, as the rules match it. */
interface MatchedCell {
  readonly table: TableCode;
  readonly row: string;
  readonly column: string;
  readonly state: string;
}

/**
 * The equations the rules make between two consecutive reports of one agency, from the later report's printed
 * cells (each cell a rule checks gives one) and both templates. The same instances the SQL checks, for evaluating
 * on values that are not stored (evidence.ts).
 */
export function continuityEquations(laterCells: Iterable<MatchedCell>, laterVersion: string, earlierVersion: string): ContinuityEquation[] {
  const equations: ContinuityEquation[] = [];
  for (const rule of CONTINUITY_DEFINITIONS) {
    if (rule.version && (laterVersion !== rule.version || earlierVersion !== rule.version)) continue;
    const { table, row, column } = rule.checked;
    for (const cell of laterCells) {
      if (cell.state === "DERIVED" || (table && cell.table !== table) || (row && cell.row !== row) || (column && cell.column !== column)) continue;
      equations.push({
        rule,
        checked: { year: "SAME", code: formatCellCode(cell.table, cell.row, cell.column) },
        terms: rule.terms.map((term) => ({
          sign: term.sign,
          year: term.year,
          code: formatCellCode(cell.table, term.row ?? cell.row, term.column ?? cell.column),
        })),
      });
    }
  }
  return equations;
}

/**
 * Whether an equation holds for the values `valueOf` gives its cells (compared after rounding to 4 decimals, the
 * cell column's scale), or null when a cell has no number: the rule then says nothing, as in SQL.
 */
export function equationHolds(equation: ContinuityEquation, valueOf: (cell: EquationCell) => number | null): boolean | null {
  const checked = valueOf(equation.checked);
  const terms = equation.terms.map((term) => ({ sign: term.sign, value: valueOf(term) }));
  if (checked === null || terms.some((term) => term.value === null)) return null;
  const sum = terms.reduce((total, term) => total + term.sign * term.value!, 0);
  return Math.round(checked * 10_000) === Math.round(sum * 10_000);
}

/** An equation in words, e.g. `PREV_YEAR_ITEMS 2020 = PREV_YEAR_ITEMS 2019 + ITEMS_DELTA 2019`, naming cells by column. */
export function describeEquation(equation: ContinuityEquation, laterYear: number, spell: (cell: EquationCell, year: number) => string): string {
  const yearOf = (cell: EquationCell) => (cell.year === "SAME" ? laterYear : laterYear - 1);
  return `${spell(equation.checked, yearOf(equation.checked))} = ${signedSum(equation.terms, (term) => spell(term, yearOf(term)))}`;
}
