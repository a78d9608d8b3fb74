import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDatabaseUrl } from "../src/config";
import { hashToken } from "../src/graph/core/auth";
import { prepareSyntheticDatabase, startServerProcess, type ServerProcess } from "./server-process";

/**
 * `npm run check:abuse` (CI runs it): replays the attacks that once froze or bloated the server against a real
 * server process, on SQLite and on MariaDB (CHECK_DATABASE_URL), and checks that each is refused cheaply:
 * - a 1 KB query of doubling fragments is refused with HTTP 400 QUERY_TOO_COMPLEX in under 100 ms while /healthz,
 *   asked at the same moment, answers in under 100 ms;
 * - 200 distinct large page queries leave the server's RSS under the configured cache budget + 200 MB;
 * - an aggregate alias bomb and 1,000,000 aliases in 19 MB are refused;
 * - a request with a wrong token is rate-limited like an anonymous one;
 * - and no response at all is an HTTP 500.
 * Prints each step with its numbers; exits 1 on a failure.
 */
const CACHE_MB = 64;
/** Page queries in flight at once: a steady client load; a burst of more shows in the peak, which is printed. */
const CONCURRENCY = 2;
const TOKEN = "check-abuse-token-0123456789";
const problems: string[] = [];
const statuses = new Map<number, number>();

function step(name: string, ok: boolean, detail = ""): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
  if (!ok) problems.push(name);
}

function startServer(databaseUrl: string, env: Record<string, string>): Promise<ServerProcess> {
  return startServerProcess({
    DATABASE_URL: databaseUrl,
    GONGKAI_TOKENS: JSON.stringify([{ name: "check-abuse", role: "ADMIN", sha256: hashToken(TOKEN) }]),
    RESPONSE_CACHE_MB: String(CACHE_MB),
    ...env,
  });
}

/** The server's resident set and its peak, in MB, from /proc. */
function memoryOf(child: ChildProcess): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

interface Answer {
  readonly status: number;
  readonly codes: string[];
  readonly ms: number;
  readonly text: string;
}

async function send(url: string, body: string | object, headers: Record<string, string> = {}, pathName = "/graphql"): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}${pathName}`, {
      method: pathName === "/graphql" ? "POST" : "GET",
      headers: pathName === "/graphql" ? { "content-type": "application/json", ...headers } : headers,
      body: pathName === "/graphql" ? (typeof body === "string" ? body : JSON.stringify(body)) : undefined,
    });
    const text = await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    let codes: string[] = [];
    try {
      codes = ((JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors ?? []).map((error) => error.extensions?.code ?? "?");
    } catch {
      codes = [];
    }
    return { status: response.status, codes, ms: performance.now() - started, text };
  } catch (error) {
    return { status: 0, codes: [`fetch failed: ${(error as Error).message}`], ms: performance.now() - started, text: "" };
  }
}

function fragmentBomb(levels: number): string {
  let text = `query { ...F${levels} }\nfragment F0 on Query { years { year } }\n`;
  for (let level = 1; level <= levels; level += 1) text += `fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }\n`;
  return text;
}

async function fragmentBombStep(url: string): Promise<void> {
  const query = fragmentBomb(24);
  // Warm the connection and the code paths first: the first request of a process is not the one being measured.
  await send(url, { query: "{ years { year } }" });
  await send(url, {}, {}, "/healthz");
  const [bomb, health] = await Promise.all([send(url, { query }), send(url, {}, {}, "/healthz")]);
  step(
    `a ${query.length}-byte fragment bomb is refused with 400 QUERY_TOO_COMPLEX in < 100 ms`,
    bomb.status === 400 && bomb.codes.join() === "QUERY_TOO_COMPLEX" && bomb.ms < 100,
    `${bomb.status} ${bomb.codes.join()} in ${bomb.ms.toFixed(1)} ms`,
  );
  step("/healthz asked at the same moment answers in < 100 ms", health.status === 200 && health.ms < 100, `${health.status} in ${health.ms.toFixed(1)} ms`);
}

async function pageQueriesStep(url: string, child: ChildProcess): Promise<void> {
  const before = memoryOf(child);
  let cached = 0;
  let largest = 0;
  for (let batch = 0; batch < 200; batch += CONCURRENCY) {
    const answers = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, offset) =>
        send(url, { query: `{ p${batch + offset}: reports(first: 6) { nodes { year cells { code value state raw line provenance { kind page } } } } }` }),
      ),
    );
    for (const answer of answers) largest = Math.max(largest, answer.text.length);
    cached += answers.filter((answer) => answer.status === 200).length;
  }
  const after = memoryOf(child);
  step(
    `200 distinct large page queries leave RSS under the cache budget + 200 MB (${CACHE_MB + 200} MB)`,
    cached === 200 && after.rss < CACHE_MB + 200,
    `${cached} answered (largest ${Math.round(largest / 1024)} KB); RSS ${before.rss} → ${after.rss} MB, peak ${after.peak} MB`,
  );
}

async function aliasBombStep(url: string): Promise<void> {
  const aggregate = `aggregate(groupBy: [YEAR, REGION], regionLevel: CITY, indicators: ["requestsReceived"]) { reportCount }`;
  const costly = await send(url, { query: `{ ${Array.from({ length: 100 }, (_, index) => `a${index}: ${aggregate}`).join(" ")} }` });
  step(
    "100 aliased aggregates are refused by their cost",
    costly.status === 400 && costly.codes.join() === "QUERY_TOO_COMPLEX",
    `${costly.status} ${costly.codes.join()} in ${costly.ms.toFixed(1)} ms`,
  );
  const many = await send(url, { query: `{ ${Array.from({ length: 500 }, (_, index) => `a${index}: ${aggregate}`).join(" ")} }` });
  // Over 5,000 tokens: the parser itself stops.
  step(
    "500 aliased aggregates are refused",
    many.status === 400 && many.codes.join() === "GRAPHQL_PARSE_FAILED",
    `${many.status} ${many.codes.join()} in ${many.ms.toFixed(1)} ms`,
  );
  const million = `{ ${Array.from({ length: 1_000_000 }, (_, index) => `a${index}: __typename`).join(" ")} }`;
  const huge = await send(url, { query: million });
  step(
    `1,000,000 aliases in ${(million.length / 1e6).toFixed(1)} MB are refused`,
    huge.status === 400 && huge.codes.join() === "GRAPHQL_PARSE_FAILED",
    `${huge.status} ${huge.codes.join()} in ${huge.ms.toFixed(0)} ms`,
  );
}

async function smallAttacksStep(url: string): Promise<void> {
  const forged = Buffer.from("[1e400,1]").toString("base64url");
  const cases: Array<[string, Promise<Answer>, number, string]> = [
    ["a forged cursor holding 1e400", send(url, { query: `{ reports(first: 1, after: "${forged}") { totalCount } }` }), 200, "BAD_USER_INPUT"],
    [
      "a NUL in a name filter",
      send(url, { query: "query ($t: String) { agencies(first: 1, filter: { nameContains: $t }) { totalCount } }", variables: { t: "\u0000" } }),
      200,
      "BAD_USER_INPUT",
    ],
    [
      "a variable of the wrong type",
      send(url, { query: "query ($n: Int!) { reports(first: $n) { totalCount } }", variables: { n: "x" } }),
      400,
      "BAD_USER_INPUT",
    ],
    ["an unsupported charset", send(url, "{}", { "content-type": "application/json; charset=klingon" }), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["an unknown Content-Encoding", send(url, "{}", { "content-encoding": "zz" }), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a 14-level query", send(url, { query: `{ region(code: "320813") { ${"parent { ".repeat(12)}name${" }".repeat(12)} } }` }), 400, "QUERY_TOO_COMPLEX"],
  ];
  for (const [name, pending, status, code] of cases) {
    const answer = await pending;
    step(`${name} is answered ${status} ${code}`, answer.status === status && answer.codes.join() === code, `${answer.status} ${answer.codes.join()}`);
  }
}

async function wrongTokenStep(databaseUrl: string): Promise<void> {
  const server = await startServer(databaseUrl, { RATE_LIMIT_PER_MINUTE: "5", RESPONSE_CACHE_ENTRIES: "0" });
  try {
    const seen: number[] = [];
    for (let index = 0; index < 6; index += 1)
      seen.push((await send(server.url, { query: "{ years { year } }" }, { authorization: "Bearer wrong-token-wrong-token" })).status);
    const withToken = await send(server.url, { query: "{ years { year } }" }, { authorization: `Bearer ${TOKEN}` });
    step(
      "a wrong token is rate-limited like an anonymous request",
      seen.join() === "200,200,200,200,200,429" && withToken.status === 200,
      `${seen.join(",")}; with the token ${withToken.status}`,
    );
  } finally {
    server.child.kill("SIGKILL");
  }
}

async function checkDatabase(databaseUrl: string): Promise<void> {
  const config = parseDatabaseUrl(databaseUrl);
  console.log(`--- ${config.kind}`);
  console.log(`prepared ${await prepareSyntheticDatabase(config, 300)} reports in ${config.displayUrl}`);
  const server = await startServer(databaseUrl, { RATE_LIMIT_PER_MINUTE: "0" });
  try {
    await fragmentBombStep(server.url);
    await pageQueriesStep(server.url, server.child);
    await aliasBombStep(server.url);
    await smallAttacksStep(server.url);
    step("the server is still healthy", (await send(server.url, {}, {}, "/healthz")).status === 200);
  } finally {
    server.child.kill("SIGKILL");
  }
  await wrongTokenStep(databaseUrl);
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-abuse-"));
  try {
    await checkDatabase(`sqlite:${path.join(folder, "abuse.sqlite")}`);
    await checkDatabase(process.env.CHECK_DATABASE_URL ?? "mariadb://root@127.0.0.1:3306/gongkai_abuse");
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  const fiveHundreds = statuses.get(500) ?? 0;
  step("no response was an HTTP 500", fiveHundreds === 0, `statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(problems.length === 0 ? "abuse checks passed" : `abuse checks FAILED: ${problems.join("; ")}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
