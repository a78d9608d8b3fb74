import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { parseDatabaseUrl } from "../src/config";
import { hashToken } from "../src/graph/core/auth";
import { openDatabase } from "../src/db/data-source";
import { ingestFile } from "../src/ingest/ingest-files";
import { expandSourcePaths } from "../src/ingest/source-files";
import { parseReport } from "../src/parse";
import { projectRoot } from "../src/project-paths";
import { seedReferenceData } from "../src/seed/seed-reference-data";
import { renderMarkdown } from "../src/synthetic/report-writer";
import { syntheticAgencies, syntheticReport } from "../src/synthetic/synthetic-reports";
import { startBaseline } from "./baseline-server";
import { startNodeFlags } from "./start-flags";

/** The heading after which BENCHMARKS.md holds other scripts' results, kept when this script rewrites the file. */
const OTHER_BENCHMARKS = "## Other benchmarks";

/**
 * The server's API token. Only a request with the valid token bypasses the response cache (a wrong one is
 * anonymous), so the uncached workloads send it.
 */
const BENCH_TOKEN = "benchmark-token-0123456789";
const UNCACHED = { authorization: `Bearer ${BENCH_TOKEN}` };

/**
 * `npm run bench`: a reproducible benchmark on loopback. Generates BENCH_AGENCIES agencies (default 2,000) × 5 years
 * of synthetic reports (both templates, consistent arithmetic), loads them into MariaDB (BENCH_DATABASE_URL,
 * default database gongkai_bench, emptied first), measures parse and ingest throughput, then drives the GraphQL
 * server and a hand-written SQL+JSON baseline with autocannon, each workload after a 2-second unmeasured warm-up:
 * (a) one report with all cells, (b) a page of 100 reports with agency and region, (c) a compare over 1,000
 * agencies × 5 years, (d) a province rollup; plus the cached report query and a 60-second soak at 100 connections
 * watching the server's memory. The server runs with the Node flags of `npm start`. Writes BENCHMARKS.md.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "mariadb://root@127.0.0.1:3306/gongkai_bench";
const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 2000);
const YEARS = [2020, 2021, 2022, 2023, 2024];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const LOADERS = 4;
const ROOT = projectRoot();
const lines: string[] = [];

function say(line = ""): void {
  console.log(line);
  lines.push(line);
}

/** Runs SQL with the mysql client against the benchmark's server; returns what it prints. */
function mysqlClient(sql: string): string {
  const url = new URL(DATABASE_URL);
  const password = url.password ? [`-p${decodeURIComponent(url.password)}`] : [];
  return execFileSync("mysql", [
    "--protocol=tcp",
    "-h",
    url.hostname,
    "-P",
    url.port || "3306",
    `-u${decodeURIComponent(url.username) || "root"}`,
    ...password,
    "-N",
    "-e",
    sql,
  ])
    .toString()
    .trim();
}

async function resetDatabase(): Promise<void> {
  const url = new URL(DATABASE_URL);
  mysqlClient(
    `DROP DATABASE IF EXISTS \`${url.pathname.slice(1)}\`; CREATE DATABASE \`${url.pathname.slice(1)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
}

async function loadDataset(): Promise<{ agencyIds: number[]; reportId: number }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-bench-"));
  const agencies = syntheticAgencies(AGENCIES, 2026);
  let written = 0;
  const texts: string[] = [];
  for (const [index, agency] of agencies.entries()) {
    for (const year of YEARS) {
      const text = renderMarkdown(syntheticReport(agency, year, index * 10 + year));
      if (texts.length < 200) texts.push(text);
      fs.writeFileSync(path.join(folder, `${String(written++).padStart(6, "0")}.md`), text);
    }
  }
  const parseStarted = performance.now();
  let parsed = 0;
  while (performance.now() - parseStarted < 3000) for (const text of texts) if (parseReport(text).kind === "report") parsed += 1;
  say(`- parse: ${((parsed * 1000) / (performance.now() - parseStarted)).toFixed(0)} synthetic reports/s on one thread`);
  const dataSource = await openDatabase(parseDatabaseUrl(DATABASE_URL));
  await seedReferenceData(dataSource);
  const files = expandSourcePaths([folder]).files;
  const started = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: LOADERS }, async () => {
      while (next < files.length) {
        const result = await ingestFile(dataSource, files[next++], {});
        if (!result.ok) failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  say(
    `- ingest: ${files.length} reports (${AGENCIES} agencies × ${YEARS.length} years) in ${seconds.toFixed(1)} s = ${(files.length / seconds).toFixed(0)} reports/s with ${LOADERS} concurrent loaders, ${failed} failed`,
  );
  // Fresh statistics after a bulk load, as an operator would run: MariaDB otherwise plans on the empty tables' numbers.
  await dataSource.query("ANALYZE TABLE report, report_cell, agency, region");
  const agencyIds = ((await dataSource.query("SELECT id FROM agency ORDER BY id LIMIT 1000")) as Array<{ id: number }>).map((row) => Number(row.id));
  const [{ id: reportId }] = (await dataSource.query("SELECT MAX(id) AS id FROM report")) as Array<{ id: number }>;
  await dataSource.destroy();
  fs.rmSync(folder, { recursive: true });
  return { agencyIds, reportId: Number(reportId) };
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the GraphQL server as production would run it (NODE_ENV=production, logs at info), rate limit off. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startNodeFlags(), path.join(ROOT, "dist", "src", "main.js")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL,
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: "0",
      GONGKAI_TOKENS: JSON.stringify([{ name: "bench", role: "ADMIN", sha256: hashToken(BENCH_TOKEN) }]),
    },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const url = `http://localhost:${port}`;
  for (let attempt = 0; attempt < 150; attempt += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not start");
}

interface Run {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function load(title: string, options: autocannon.Options): Promise<Run> {
  // Two seconds of the same load first, unmeasured, so that neither side is timed while its JIT warms up.
  await autocannon({ duration: 2, connections: 50, ...options });
  const result = await autocannon({ duration: SECONDS, connections: 50, ...options });
  const run = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
  say(`| ${title} | ${options.connections ?? 50} | ${run.rps.toFixed(0)} | ${run.p50} | ${run.p99} | ${run.errors + run.non2xx} |`);
  return run;
}

function graphql(url: string, query: string, variables: Record<string, unknown> = {}, cached = false): autocannon.Options {
  return {
    url: `${url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json", ...(cached ? {} : UNCACHED) },
    body: JSON.stringify({ query, variables }),
  };
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  say(`# Benchmarks`);
  say();
  say(
    `Produced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, database server ${mysqlClient("SELECT VERSION()")}. Load generator (autocannon), GraphQL server, baseline and MariaDB share the machine; loopback only.`,
  );
  say();
  say(`## Data`);
  await resetDatabase();
  const { agencyIds, reportId } = await loadDataset();
  const { child, url } = await startServer();
  const baseline = await startBaseline(DATABASE_URL);
  try {
    const id = Buffer.from(`Report:${reportId}`).toString("base64url");
    const ids = agencyIds.map((agency) => Buffer.from(`Agency:${agency}`).toString("base64url"));
    const reportQuery = `query ($id: ID!) { report(id: $id) { year templateVersion agency { name } cells { tableCode rowCode columnCode value state raw line } } }`;
    const pageQuery = `{ reports(first: 100) { nodes { id year agency { name region { name } } } } }`;
    const compareQuery = `query ($ids: [ID!]!) { compare(subjects: { agencyIds: $ids }, years: [2020, 2021, 2022, 2023, 2024], indicators: ["APPLICATIONS.NEW_RECEIVED.TOTAL"]) { rows { subject { key } values { year value change } } } }`;
    const rollupQuery = `{ regionRollup(regionCode: "320000", year: 2024, indicators: ["requestsReceived", "disclosureRate"]) { memberReportCount values { value } } }`;
    for (const [name, body] of [
      ["report", { query: reportQuery, variables: { id } }],
      ["page", { query: pageQuery }],
      ["compare", { query: compareQuery, variables: { ids } }],
      ["rollup", { query: rollupQuery }],
    ] as const) {
      const answer = (await (
        await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      ).json()) as { errors?: unknown[] };
      if (answer.errors) throw new Error(`the ${name} workload's query fails: ${JSON.stringify(answer.errors).slice(0, 300)}`);
    }
    say();
    say(`## HTTP workloads (${SECONDS} s each, after 2 s of unmeasured warm-up)`);
    say();
    say(`| workload | connections | requests/s | p50 ms | p99 ms | failed |`);
    say(`| --- | --- | --- | --- | --- | --- |`);
    const cached = await load("(a) one report with all cells, GraphQL, cached", { ...graphql(url, reportQuery, { id }, true), connections: 10 });
    const reportGraph = await load("(a) one report with all cells, GraphQL, uncached", graphql(url, reportQuery, { id }));
    const reportBase = await load("(a) one report with all cells, baseline", { url: `${baseline.url}/report?id=${reportId}` });
    const pageGraph = await load("(b) page of 100 reports + agency + region, GraphQL, uncached", graphql(url, pageQuery));
    const pageBase = await load("(b) page of 100 reports + agency + region, baseline", { url: `${baseline.url}/reports` });
    const compareGraph = await load("(c) compare 1,000 agencies × 5 years, GraphQL, uncached", { ...graphql(url, compareQuery, { ids }), connections: 10 });
    const compareBase = await load("(c) compare 1,000 agencies × 5 years, baseline", {
      url: `${baseline.url}/compare?agencies=${agencyIds.join(",")}&years=${YEARS.join(",")}`,
      connections: 10,
    });
    const rollupGraph = await load("(d) province rollup, GraphQL, uncached", { ...graphql(url, rollupQuery), connections: 10 });
    const rollupBase = await load("(d) province rollup, baseline", { url: `${baseline.url}/rollup?prefix=32&year=2024`, connections: 10 });
    say();
    say(`## Against the targets`);
    say();
    const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
    say(
      `- cached report query ≥ 1,000 requests/s with p99 ≤ 20 ms: ${cached.rps.toFixed(0)} requests/s, p99 ${cached.p99} ms — ${verdict(cached.rps >= 1000 && cached.p99 <= 20)}`,
    );
    say(`- uncached page of 100 reports p99 ≤ 150 ms at 50 connections: p99 ${pageGraph.p99} ms — ${verdict(pageGraph.p99 <= 150)}`);
    for (const [name, graph, base] of [
      ["(a) report", reportGraph, reportBase],
      ["(b) page", pageGraph, pageBase],
      ["(c) compare", compareGraph, compareBase],
      ["(d) rollup", rollupGraph, rollupBase],
    ] as const) {
      const ratio = graph.rps / base.rps;
      say(`- GraphQL / baseline throughput, ${name}: ${ratio.toFixed(2)} — ${verdict(ratio >= 0.5)} (target ≥ 0.5)`);
    }
    say();
    say(`## Soak: ${SOAK_SECONDS} s at 100 connections (mixed cached and uncached reads)`);
    const samples: Array<[number, number]> = [];
    const started = Date.now();
    const sampler = setInterval(() => samples.push([(Date.now() - started) / 1000, rssOf(child.pid!)]), 1000);
    const soak = await autocannon({
      url: `${url}/graphql`,
      connections: 100,
      duration: SOAK_SECONDS,
      requests: [
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: reportQuery, variables: { id } }) },
        { method: "POST", headers: { "content-type": "application/json", ...UNCACHED }, body: JSON.stringify({ query: pageQuery }) },
      ],
    });
    clearInterval(sampler);
    const first = samples.filter(([at]) => at <= 10).map(([, rss]) => rss);
    const last = samples.filter(([at]) => at >= SOAK_SECONDS - 10).map(([, rss]) => rss);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
    say();
    say(
      `- ${soak.requests.total} requests, ${soak.requests.average.toFixed(0)} requests/s, p99 ${soak.latency.p99} ms, failed ${soak.errors + soak.timeouts + soak.non2xx}`,
    );
    say(
      `- server memory (RSS): ${mean(first).toFixed(0)} MiB over the first 10 s, ${mean(last).toFixed(0)} MiB over the last 10 s (${(mean(last) - mean(first)).toFixed(0)} MiB)`,
    );
  } finally {
    child.kill("SIGTERM");
    await baseline.stop();
  }
  // The sections after OTHER_BENCHMARKS are other scripts' results, written by hand: they are kept.
  const file = path.join(ROOT, "BENCHMARKS.md");
  const previous = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const others = previous.includes(OTHER_BENCHMARKS) ? previous.slice(previous.indexOf(OTHER_BENCHMARKS)) : "";
  fs.writeFileSync(
    file,
    `${lines.join("\n")}\n\nReproduce with \`npm run bench\` (MariaDB running; BENCH_AGENCIES, BENCH_SECONDS, BENCH_SOAK_SECONDS and BENCH_DATABASE_URL change the defaults).\n${others ? `\n${others}` : ""}`,
  );
  console.log("wrote BENCHMARKS.md");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
