import type { DataSource } from "typeorm";
import { cellNumberSql } from "../domain/cell-value";
import { TOTAL_COLUMN } from "../domain/template-parts";
import { TABULAR_VERSIONS, type TabularVersion } from "../domain/codes";
import { termColumn, type FormulaTerm } from "../domain/derived-indicators";
import { formulaOf, type IndicatorRef } from "./indicator-ref";
import { runBudgetedStatement, type StatementBudget } from "./statement-budget";

/**
 * One SQL statement that computes indicators for groups of reports: for each report, the signed sums of each
 * indicator's numerator and denominator cells and how many of those cells it has; then, per group, the sums over
 * the reports that have every cell an indicator needs, and the ratio of those sums for a rate. A BLANK cell counts
 * as 0 (`cellNumberSql`, the rule validation uses in JS); a report missing a needed cell is left out of that
 * indicator and counted as left out.
 */

/** SQL with its parameters in textual order ("?" placeholders, the same in SQLite and MySQL). */
export interface SqlPart {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** What to group reports by, and which reports. */
export interface ValueQuery {
  readonly indicators: readonly IndicatorRef[];
  /** The applicant column derived indicators read (TOTAL unless asked). */
  readonly column?: string;
  /** Extra joins after `report r JOIN agency a` (e.g. a subject table), with their parameters. */
  readonly joins?: SqlPart;
  /** Conditions on r (report) and a (agency), ANDed. */
  readonly where: readonly SqlPart[];
  /** Group keys: alias and SQL expression. */
  readonly keys: ReadonlyArray<{ readonly alias: string; readonly sql: string }>;
}

/** One group's results. */
export interface ValueRow {
  readonly keys: Readonly<Record<string, string | number | null>>;
  readonly reportCount: number;
  readonly versions: readonly TabularVersion[];
  /** Per indicator, in the query's order: the value and how many reports went into it. */
  readonly values: ReadonlyArray<{ readonly value: number | null; readonly reports: number }>;
}

/** "?, ?, …" for an IN list of `count` parameters. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}

/** A cell's number in SQL over report_cell c (the one BLANK rule, `cellNumberSql`). */
const CELL_VALUE = cellNumberSql("c");

function matchTerm(term: FormulaTerm, column: string): SqlPart {
  return { sql: "(c.table_code = ? AND c.row_code = ? AND c.column_code = ?)", params: [term.table, term.row, termColumn(term, column)] };
}

/** SUM of the signed terms, and COUNT of the terms present, for one side of a formula. */
function sideColumns(terms: readonly FormulaTerm[], column: string, name: string): SqlPart {
  const whens = terms.map((term) => {
    const match = matchTerm(term, column);
    return { sql: `WHEN ${match.sql} THEN ${term.sign === 1 ? "" : "-"}${CELL_VALUE}`, params: match.params };
  });
  const any = terms.map((term) => matchTerm(term, column));
  return {
    sql: `SUM(CASE ${whens.map((when) => when.sql).join(" ")} END) AS ${name}_sum, COUNT(CASE WHEN (${any.map((part) => part.sql).join(" OR ")}) AND ${CELL_VALUE} IS NOT NULL THEN 1 END) AS ${name}_n`,
    params: [...whens.flatMap((when) => when.params), ...any.flatMap((part) => part.params)],
  };
}

function join(parts: readonly SqlPart[], separator: string): SqlPart {
  return { sql: parts.map((part) => part.sql).join(separator), params: parts.flatMap((part) => part.params) };
}

/** Builds the statement. */
export function buildValueQuery(query: ValueQuery): SqlPart {
  const column = query.column ?? TOTAL_COLUMN;
  const formulas = query.indicators.map(formulaOf);
  const sides: SqlPart[] = [];
  const complete: string[] = [];
  const cellMatches: SqlPart[] = [];
  formulas.forEach((formula, index) => {
    sides.push(sideColumns(formula.numerator, column, `i${index}n`));
    const needNumerator = formula.anyOf ? 1 : formula.numerator.length;
    let condition = `pr.i${index}n_n >= ${needNumerator}`;
    if (formula.denominator) {
      sides.push(sideColumns(formula.denominator, column, `i${index}d`));
      condition += ` AND pr.i${index}d_n >= ${formula.denominator.length}`;
    }
    complete.push(condition);
    cellMatches.push(...[...formula.numerator, ...(formula.denominator ?? [])].map((term) => matchTerm(term, column)));
  });
  const keys = query.keys.map((key) => `${key.sql} AS ${key.alias}`).join(", ");
  const keyAliases = query.keys.map((key) => key.alias);
  const where = query.where.length > 0 ? join(query.where, " AND ") : { sql: "1 = 1", params: [] };
  const cellJoin = join(cellMatches, " OR ");
  const inner: SqlPart = {
    sql:
      `SELECT ${keys}${keys ? ", " : ""}r.id AS report_id, r.template_version AS version, ${sides.map((side) => side.sql).join(", ")} ` +
      `FROM report r JOIN agency a ON a.id = r.agency_id ${query.joins?.sql ?? ""} ` +
      `LEFT JOIN report_cell c ON c.report_id = r.id AND (${cellJoin.sql}) ` +
      `WHERE ${where.sql} GROUP BY ${[...query.keys.map((key) => key.sql), "r.id", "r.template_version"].join(", ")}`,
    params: [...sides.flatMap((side) => side.params), ...(query.joins?.params ?? []), ...cellJoin.params, ...where.params],
  };
  const outerValues = formulas.map((formula, index) => {
    const ok = complete[index];
    const numerator = `SUM(CASE WHEN ${ok} THEN pr.i${index}n_sum END)`;
    const value = formula.denominator
      ? `CASE WHEN SUM(CASE WHEN ${ok} THEN pr.i${index}d_sum END) = 0 THEN NULL ELSE ${numerator} * 1.0 / SUM(CASE WHEN ${ok} THEN pr.i${index}d_sum END) END`
      : numerator;
    return `${value} AS v${index}, COUNT(CASE WHEN ${ok} THEN 1 END) AS k${index}`;
  });
  const groupBy = keyAliases.length > 0 ? ` GROUP BY ${keyAliases.map((alias) => `pr.${alias}`).join(", ")}` : "";
  return {
    sql:
      `SELECT ${keyAliases.map((alias) => `pr.${alias} AS ${alias}, `).join("")}COUNT(*) AS report_count, MIN(pr.version) AS version_min, MAX(pr.version) AS version_max, ${outerValues.join(", ")} ` +
      `FROM (${inner.sql}) pr${groupBy}`,
    params: inner.params,
  };
}

function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Runs the statement under the request's budget and reads its rows. */
export async function runValueQuery(dataSource: DataSource, query: ValueQuery, budget?: StatementBudget): Promise<ValueRow[]> {
  const statement = buildValueQuery(query);
  const rows = await runBudgetedStatement(dataSource, statement.sql, statement.params, budget);
  return rows
    .filter((row) => Number(row.report_count) > 0)
    .map((row) => ({
      keys: Object.fromEntries(query.keys.map((key) => [key.alias, row[key.alias] as string | number | null])),
      reportCount: Number(row.report_count),
      versions: [
        ...new Set(
          [row.version_min, row.version_max].filter((version): version is TabularVersion => (TABULAR_VERSIONS as readonly unknown[]).includes(version)),
        ),
      ],
      values: query.indicators.map((_, index) => ({ value: toNumber(row[`v${index}`]), reports: Number(row[`k${index}`]) })),
    }));
}
