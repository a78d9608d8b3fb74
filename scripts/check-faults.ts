import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { parseDatabaseUrl } from "../src/config";
import { prepareSyntheticDatabase, startServerProcess, type ServerProcess } from "./server-process";

/**
 * `npm run check:faults` (CI runs it): the server against MariaDB while the database is stopped and started again
 * (coded errors and /healthz 503 while it is down, service back by itself), a client that goes away in the middle
 * of an export, and SIGTERM during a request (the request finishes, then the process exits 0). Needs root on a
 * machine whose MariaDB it may stop: it starts it again. Prints each step; exits 1 on a failure.
 */
const DATABASE_URL = process.env.CHECK_DATABASE_URL ?? "mariadb://root@127.0.0.1:3306/gongkai_faults";
const problems: string[] = [];

function step(name: string, ok: boolean, detail = ""): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
  if (!ok) problems.push(name);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function mariadbAnswers(): boolean {
  try {
    execFileSync("mysqladmin", ["--protocol=tcp", "-h", "127.0.0.1", "-uroot", "ping"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) if (await condition()) return true;
  return false;
}

function mariadbRunning(): boolean {
  try {
    execFileSync("pgrep", ["-x", "mariadbd"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function startMariadb(): void {
  fs.mkdirSync("/run/mysqld", { recursive: true });
  try {
    execFileSync("chown", ["mysql:mysql", "/run/mysqld"], { stdio: "ignore" });
  } catch {
    // not fatal: the directory may already belong to mysql
  }
  execFileSync("start-stop-daemon", ["--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd"], { stdio: "ignore" });
}

function startServer(): Promise<ServerProcess> {
  return startServerProcess({ DATABASE_URL, RATE_LIMIT_PER_MINUTE: "0" });
}

async function query(url: string, text: string): Promise<{ status: number; codes: string[]; data: unknown }> {
  try {
    const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: text }) });
    const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    return { status: response.status, codes: (body.errors ?? []).map((error) => error.extensions?.code ?? "?"), data: body.data };
  } catch (error) {
    return { status: 0, codes: [`fetch failed: ${(error as Error).message}`], data: null };
  }
}

async function health(url: string): Promise<number> {
  return (await fetch(`${url}/healthz`)).status;
}

async function prepare(): Promise<void> {
  const config = parseDatabaseUrl(DATABASE_URL);
  console.log(`prepared ${await prepareSyntheticDatabase(config, 200)} reports in ${config.displayUrl}`);
}

async function databaseOutage(url: string): Promise<void> {
  let counter = 0;
  const fresh = () => `{ q${++counter}: reports(first: 1) { totalCount } }`; // a new text each time: not a cached answer
  step("answers before the outage", (await query(url, fresh())).codes.length === 0);
  execFileSync("mysqladmin", ["--protocol=tcp", "-h", "127.0.0.1", "-uroot", "shutdown"]);
  // Wait for the process itself to end: start-stop-daemon would take a dying server for a running one.
  step("MariaDB stopped", await waitFor(() => !mariadbAnswers() && !mariadbRunning(), 60_000));
  const down = await query(url, fresh());
  step("a query during the outage gets SERVICE_UNAVAILABLE", JSON.stringify(down.codes) === '["SERVICE_UNAVAILABLE"]', JSON.stringify(down.codes));
  step("/healthz answers 503 during the outage", (await health(url)) === 503);
  startMariadb();
  step("MariaDB started again", await waitFor(mariadbAnswers, 60_000));
  step("the server answers again without a restart", await waitFor(async () => (await query(url, fresh())).codes.length === 0, 30_000));
  step("/healthz answers 200 again", (await health(url)) === 200);
}

async function disconnectDuringExport(url: string): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${url}/export/cells.csv`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const first = await reader.read();
  controller.abort();
  step("an export starts streaming", !first.done && (first.value?.length ?? 0) > 0);
  await sleep(300);
  step("the server carries on after the client went away", (await health(url)) === 200);
}

async function sigtermDuringRequest(child: ChildProcess, url: string): Promise<void> {
  const response = await fetch(`${url}/export/cells.csv`);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  const text = await response.text();
  const lines = text.split("\r\n").filter(Boolean);
  step("a request in flight at SIGTERM finishes", response.status === 200 && lines.length > 10_000 && text.endsWith("\r\n"), `${lines.length} lines`);
  const code = await Promise.race([exited, sleep(20_000).then(() => "timeout")]);
  step("the process then exits 0", code === 0, String(code));
}

async function main(): Promise<void> {
  if (!mariadbAnswers()) startMariadb();
  await waitFor(mariadbAnswers, 60_000);
  await prepare();
  const server = await startServer();
  try {
    await databaseOutage(server.url);
    await disconnectDuringExport(server.url);
    await sigtermDuringRequest(server.child, server.url);
  } finally {
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
    if (!mariadbAnswers()) startMariadb();
  }
  console.log(problems.length === 0 ? "fault checks passed" : `fault checks FAILED: ${problems.join("; ")}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  if (!mariadbAnswers()) startMariadb();
  process.exit(1);
});
