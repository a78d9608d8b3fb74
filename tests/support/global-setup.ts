import { createConnection } from "mysql2/promise";
import { loadTestDatabaseConfig } from "../../src/config";

/**
 * Says which databases the suite runs on. When TEST_DATABASE_URL is set but the server does not answer, the run
 * fails if REQUIRE_MYSQL=1 and otherwise runs on SQLite only, saying so.
 */
export default async function globalSetup(): Promise<void> {
  const { external, required } = loadTestDatabaseConfig();
  if (!external) {
    process.stdout.write("\ndatabases: sqlite (set TEST_DATABASE_URL=mariadb://… to add MySQL/MariaDB)\n");
    return;
  }
  const url = new URL(external.url ?? "");
  try {
    const connection = await createConnection({
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username || "root"),
      password: decodeURIComponent(url.password),
      connectTimeout: 5000,
    });
    const [rows] = await connection.query("SELECT VERSION() AS version");
    await connection.end();
    const version = (rows as { version: string }[])[0]?.version;
    process.stdout.write(`\ndatabases: sqlite, ${external.kind} ${version} at ${external.displayUrl}\n`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (required) throw new Error(`REQUIRE_MYSQL=1 but ${external.displayUrl} cannot be reached: ${reason}`, { cause: error });
    process.env.GONGKAI_TEST_MYSQL_UNREACHABLE = "1";
    process.stdout.write(`\ndatabases: sqlite only (${external.displayUrl} unreachable: ${reason})\n`);
  }
}
