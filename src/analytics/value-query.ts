import type { DataSource } from "typeorm";
import { cellNumberSql } from "../domain/cell-value";
import { TOTAL_COLUMN } from "../domain/template-parts";
import { TEMPLATE_VERSIONS, type CatalogVersion } from "../domain/codes";
import { termColumn, type FormulaTerm } from "../domain/derived-indicators";
import { formulaOf, type IndicatorRef } from "./indicator-ref";
import { checkedTotalAt, INPUT_RULES, issueTouchesSql, type CellAddress, type TotalsMode } from "./printed-totals";
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
  /** PRINTED (default) or COMPONENTS: a total whose rule failed read as the sum of its components. */
  readonly totals?: TotalsMode;
}

/** One group's results. */
export interface ValueRow {
  readonly keys: Readonly<Record<string, string | number | null>>;
  readonly reportCount: number;
  readonly versions: readonly CatalogVersion[];
  /** Per indicator, in the query's order: the value and how many reports went into it. */
  readonly values: ReadonlyArray<{ readonly value: number | null; readonly reports: number; readonly quality: ValueQuality }>;
}

/**
 * How far a value can be trusted, over the reports counted in it: how many have an UNCERTAIN or ILLEGIBLE input
 * cell, fail an R1–R5 rule that touches an input, or had a failing total replaced by its components (COMPONENTS).
 * `inputsCorrected` counts inputs corrected by a person: 0 until corrections exist.
 */
export interface ValueQuality {
  readonly reportsCounted: number;
  readonly reportsWithUncertainInputs: number;
  readonly reportsFailingInputRules: number;
  readonly reportsWithComponentTotals: number;
  readonly inputsCorrected: number;
  readonly totals: TotalsMode;
}

/** The quality of a value that no report went into. */
export function emptyQuality(totals: TotalsMode = "PRINTED"): ValueQuality {
  return { reportsCounted: 0, reportsWithUncertainInputs: 0, reportsFailingInputRules: 0, reportsWithComponentTotals: 0, inputsCorrected: 0, totals };
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

/** Whether a term reads a checked total (R4) whose rule failed in report r: then COMPONENTS reads its parts. */
function replacedTotal(term: FormulaTerm, column: string, totals: TotalsMode): { failed: SqlPart; parts: SqlPart } | null {
  const total = totals === "COMPONENTS" ? checkedTotalAt({ table: term.table, row: term.row, column: termColumn(term, column) }) : undefined;
  if (!total) return null;
  const failed = issueTouchesSql([total.rule], [total.total]);
  const parts = total.parts.map((part) => matchTerm({ ...part, sign: 1 }, part.column));
  return { failed, parts: join(parts, " OR ") };
}

/** One signed term's sum over r's cells: the printed cell, or its components where COMPONENTS replaces it. */
function termSum(term: FormulaTerm, column: string, totals: TotalsMode): SqlPart {
  const match = matchTerm(term, column);
  const sign = term.sign === 1 ? "" : "-";
  const replaced = replacedTotal(term, column, totals);
  if (!replaced) return { sql: `COALESCE(SUM(CASE WHEN ${match.sql} THEN ${sign}${CELL_VALUE} END), 0)`, params: match.params };
  return {
    sql: `COALESCE(SUM(CASE WHEN ${match.sql} AND NOT ${replaced.failed.sql} THEN ${sign}${CELL_VALUE} WHEN (${replaced.parts.sql}) AND ${replaced.failed.sql} THEN ${sign}${CELL_VALUE} END), 0)`,
    params: [...match.params, ...replaced.failed.params, ...replaced.parts.params, ...replaced.failed.params],
  };
}

/** SUM of the signed terms, and COUNT of the terms present, for one side of a formula. */
function sideColumns(terms: readonly FormulaTerm[], column: string, name: string, totals: TotalsMode): SqlPart {
  // One SUM per term, so that a cell that is a term and also a component of a replaced total counts in both.
  const sums = terms.map((term) => termSum(term, column, totals));
  const any = terms.map((term) => matchTerm(term, column));
  return {
    sql: `${sums.map((sum) => sum.sql).join(" + ")} AS ${name}_sum, COUNT(CASE WHEN (${any.map((part) => part.sql).join(" OR ")}) AND ${CELL_VALUE} IS NOT NULL THEN 1 END) AS ${name}_n`,
    params: [...sums.flatMap((sum) => sum.params), ...any.flatMap((part) => part.params)],
  };
}

/** Every cell an indicator reads, the components of replaceable totals included. */
function inputCells(terms: readonly FormulaTerm[], column: string, totals: TotalsMode): CellAddress[] {
  return terms.flatMap((term) => {
    const address = { table: term.table, row: term.row, column: termColumn(term, column) };
    const total = totals === "COMPONENTS" ? checkedTotalAt(address) : undefined;
    return [address, ...(total?.parts ?? [])];
  });
}

/**
 * Per report, an indicator's quality: input cells UNCERTAIN or ILLEGIBLE, an R1–R5 error touching an input, and
 * (COMPONENTS) a total of its inputs replaced by its components.
 */
function qualityColumns(cells: readonly CellAddress[], terms: readonly FormulaTerm[], column: string, totals: TotalsMode, name: string): SqlPart {
  const matches = join(
    cells.map((cell) => matchTerm({ ...cell, sign: 1 }, cell.column)),
    " OR ",
  );
  const failing = issueTouchesSql(INPUT_RULES, cells);
  const replaced = terms.map((term) => replacedTotal(term, column, totals)).filter((entry) => entry !== null);
  const replacedSql =
    replaced.length > 0
      ? join(
          replaced.map((entry) => entry.failed),
          " OR ",
        )
      : { sql: "1 = 0", params: [] };
  return {
    sql:
      `COUNT(CASE WHEN (${matches.sql}) AND c.value_state IN ('UNCERTAIN', 'ILLEGIBLE') THEN 1 END) AS ${name}_u, ` +
      // Over r.id alone (a grouped column), so each is evaluated once per report, not once per cell row.
      `CASE WHEN ${failing.sql} THEN 1 ELSE 0 END AS ${name}_f, CASE WHEN ${replacedSql.sql} THEN 1 ELSE 0 END AS ${name}_x`,
    params: [...matches.params, ...failing.params, ...replacedSql.params],
  };
}

function join(parts: readonly SqlPart[], separator: string): SqlPart {
  return { sql: parts.map((part) => part.sql).join(separator), params: parts.flatMap((part) => part.params) };
}

/** Builds the statement. */
export function buildValueQuery(query: ValueQuery): SqlPart {
  const column = query.column ?? TOTAL_COLUMN;
  const totals = query.totals ?? "PRINTED";
  const formulas = query.indicators.map(formulaOf);
  const columns: SqlPart[] = [];
  const complete: string[] = [];
  const cellMatches: SqlPart[] = [];
  formulas.forEach((formula, index) => {
    columns.push(sideColumns(formula.numerator, column, `i${index}n`, totals));
    const needNumerator = formula.anyOf ? 1 : formula.numerator.length;
    let condition = `pr.i${index}n_n >= ${needNumerator}`;
    if (formula.denominator) {
      columns.push(sideColumns(formula.denominator, column, `i${index}d`, totals));
      condition += ` AND pr.i${index}d_n >= ${formula.denominator.length}`;
    }
    const terms = [...formula.numerator, ...(formula.denominator ?? [])];
    const cells = inputCells(terms, column, totals);
    columns.push(qualityColumns(cells, terms, column, totals, `i${index}`));
    complete.push(condition);
    cellMatches.push(...cells.map((cell) => matchTerm({ ...cell, sign: 1 }, cell.column)));
  });
  const keys = query.keys.map((key) => `${key.sql} AS ${key.alias}`).join(", ");
  const keyAliases = query.keys.map((key) => key.alias);
  const where = query.where.length > 0 ? join(query.where, " AND ") : { sql: "1 = 1", params: [] };
  const cellJoin = join(cellMatches, " OR ");
  const selected = join(columns, ", ");
  const inner: SqlPart = {
    sql:
      `SELECT ${keys}${keys ? ", " : ""}r.id AS report_id, r.template_version AS version, ${selected.sql} ` +
      `FROM report r JOIN agency a ON a.id = r.agency_id ${query.joins?.sql ?? ""} ` +
      `LEFT JOIN report_cell c ON c.report_id = r.id AND (${cellJoin.sql}) ` +
      `WHERE ${where.sql} GROUP BY ${[...query.keys.map((key) => key.sql), "r.id", "r.template_version"].join(", ")}`,
    params: [...selected.params, ...(query.joins?.params ?? []), ...cellJoin.params, ...where.params],
  };
  const outerValues = formulas.map((formula, index) => {
    const ok = complete[index];
    const numerator = `SUM(CASE WHEN ${ok} THEN pr.i${index}n_sum END)`;
    const value = formula.denominator
      ? `CASE WHEN SUM(CASE WHEN ${ok} THEN pr.i${index}d_sum END) = 0 THEN NULL ELSE ${numerator} * 1.0 / SUM(CASE WHEN ${ok} THEN pr.i${index}d_sum END) END`
      : numerator;
    const counted = (flag: string, alias: string) => `COUNT(CASE WHEN ${ok} AND pr.i${index}_${flag} > 0 THEN 1 END) AS ${alias}${index}`;
    return `${value} AS v${index}, COUNT(CASE WHEN ${ok} THEN 1 END) AS k${index}, ${counted("u", "u")}, ${counted("f", "f")}, ${counted("x", "x")}`;
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
          [row.version_min, row.version_max].filter(
            (version): version is CatalogVersion => version !== "UNKNOWN" && (TEMPLATE_VERSIONS as readonly unknown[]).includes(version),
          ),
        ),
      ],
      values: query.indicators.map((_, index) => ({
        value: toNumber(row[`v${index}`]),
        reports: Number(row[`k${index}`]),
        quality: {
          reportsCounted: Number(row[`k${index}`]),
          reportsWithUncertainInputs: Number(row[`u${index}`]),
          reportsFailingInputRules: Number(row[`f${index}`]),
          reportsWithComponentTotals: Number(row[`x${index}`]),
          inputsCorrected: 0,
          totals: query.totals ?? "PRINTED",
        },
      })),
    }));
}
