import type { DataSource } from "typeorm";

/**
 * How long analytics statements may run. Analytics are the one kind of read whose work grows with the data
 * (a ranking sorts a whole cohort, an aggregate scans every report it groups), so they run under a budget:
 * - on MariaDB each statement carries `SET STATEMENT max_statement_time=… FOR`, on MySQL the MAX_EXECUTION_TIME
 *   hint, so the server stops it and the connection returns to the pool;
 * - at most `MAX_CONCURRENT_STATEMENTS` run at once per process, so slow analytics never hold every pooled
 *   connection and page reads keep being served;
 * - before each statement the request's deadline is checked: SQLite runs statements synchronously and cannot
 *   interrupt one, so on SQLite the budget is the query cost limit (bounded work) plus this check between
 *   statements, which ends a request that has run past its time instead of starting more work.
 */
export interface StatementBudget {
  /** The longest one statement may run (ms); 0 for no limit. */
  readonly statementTimeoutMs: number;
  /** When the request's time is up (ms since the epoch); Infinity for none. */
  readonly deadline: number;
}

/** No limits: the CLI and tests that run analytics directly. */
export const UNLIMITED_BUDGET: StatementBudget = Object.freeze({ statementTimeoutMs: 0, deadline: Number.POSITIVE_INFINITY });

/** Analytics statements in flight at once per process (the MariaDB pool has 10 connections). */
export const MAX_CONCURRENT_STATEMENTS = 4;

/** An analytics statement ran out of time; nothing was changed. */
export class AnalyticsTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnalyticsTimeoutError";
  }
}

/** A first-come first-served limit on how many statements run at once. */
class StatementGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly capacity: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

const gates = new WeakMap<DataSource, StatementGate>();

function gateOf(dataSource: DataSource): StatementGate {
  let gate = gates.get(dataSource);
  if (!gate) gates.set(dataSource, (gate = new StatementGate(MAX_CONCURRENT_STATEMENTS)));
  return gate;
}

/** The statement with the database's own time limit attached. */
export function withStatementTimeout(type: string, sql: string, timeoutMs: number): string {
  if (timeoutMs <= 0) return sql;
  if (type === "mariadb") return `SET STATEMENT max_statement_time=${(timeoutMs / 1000).toFixed(3)} FOR ${sql}`;
  if (type === "mysql" && /^\s*SELECT\b/i.test(sql)) return sql.replace(/^\s*SELECT\b/i, `SELECT /*+ MAX_EXECUTION_TIME(${Math.round(timeoutMs)}) */`);
  return sql;
}

/** MariaDB's ER_STATEMENT_TIMEOUT (1969) and MySQL's ER_QUERY_TIMEOUT (3024). */
function isStatementTimeout(error: unknown): boolean {
  const errno = (error as { errno?: number; driverError?: { errno?: number } }).driverError?.errno ?? (error as { errno?: number }).errno;
  return errno === 1969 || errno === 3024;
}

/** Runs one analytics statement under the budget; throws AnalyticsTimeoutError when it runs out of time. */
export async function runBudgetedStatement(
  dataSource: DataSource,
  sql: string,
  params: readonly unknown[],
  budget: StatementBudget = UNLIMITED_BUDGET,
): Promise<Array<Record<string, unknown>>> {
  return gateOf(dataSource).run(async () => {
    const remaining = budget.deadline - Date.now();
    if (remaining <= 0)
      throw new AnalyticsTimeoutError("the request ran out of time before its analytics finished; narrow the filter or ask for fewer indicators");
    const timeoutMs = Math.min(budget.statementTimeoutMs > 0 ? budget.statementTimeoutMs : Number.POSITIVE_INFINITY, remaining);
    try {
      return (await dataSource.query(withStatementTimeout(dataSource.options.type, sql, Number.isFinite(timeoutMs) ? timeoutMs : 0), [...params])) as Array<
        Record<string, unknown>
      >;
    } catch (error) {
      if (isStatementTimeout(error)) {
        throw new AnalyticsTimeoutError(
          `an analytics statement ran longer than ${Math.round(timeoutMs)} ms and was stopped; narrow the filter or ask for fewer indicators`,
        );
      }
      throw error;
    }
  });
}
