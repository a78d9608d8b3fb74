import { AnalyticsTimeoutError, runBudgetedStatement, withStatementTimeout } from "../../src/analytics/statement-budget";
import { testDatabases } from "../support/test-databases";

describe("the analytics statement budget", () => {
  it("attaches the database's own time limit to a statement", () => {
    expect(withStatementTimeout("mariadb", "SELECT 1", 2500)).toBe("SET STATEMENT max_statement_time=2.500 FOR SELECT 1");
    expect(withStatementTimeout("mysql", "SELECT a FROM t", 2500)).toBe("SELECT /*+ MAX_EXECUTION_TIME(2500) */ a FROM t");
    expect(withStatementTimeout("better-sqlite3", "SELECT 1", 2500)).toBe("SELECT 1");
    expect(withStatementTimeout("mariadb", "SELECT 1", 0)).toBe("SELECT 1");
  });

  for (const database of testDatabases()) {
    describe(`on ${database.name}`, () => {
      it("starts no statement once the request's deadline has passed", async () => {
        const statements: string[] = [];
        const dataSource = await database.open({ onQuery: (sql) => statements.push(sql) });
        try {
          statements.length = 0;
          await expect(runBudgetedStatement(dataSource, "SELECT 1 AS one", [], { statementTimeoutMs: 1000, deadline: Date.now() - 1 })).rejects.toThrow(
            new AnalyticsTimeoutError("the request ran out of time before its analytics finished; narrow the filter or ask for fewer indicators"),
          );
          expect(statements).toEqual([]);
          await expect(runBudgetedStatement(dataSource, "SELECT 1 AS one", [], { statementTimeoutMs: 1000, deadline: Date.now() + 60_000 })).resolves.toEqual([
            { one: 1 },
          ]);
        } finally {
          await dataSource.destroy();
        }
      });

      if (database.name === "mariadb") {
        it("has MariaDB stop a statement that runs past its time, and reports it", async () => {
          const dataSource = await database.open();
          try {
            // Ten billion additions: minutes of work, stopped after 50 ms.
            const endless = "SELECT SUM(a.seq + b.seq) AS n FROM seq_1_to_100000 a, seq_1_to_100000 b";
            await expect(runBudgetedStatement(dataSource, endless, [], { statementTimeoutMs: 50, deadline: Date.now() + 60_000 })).rejects.toThrow(
              new AnalyticsTimeoutError("an analytics statement ran longer than 50 ms and was stopped; narrow the filter or ask for fewer indicators"),
            );
            await expect(dataSource.query("SELECT 2 AS two")).resolves.toEqual([{ two: 2 }]);
          } finally {
            await dataSource.destroy();
          }
        });
      }
    });
  }
});
