import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { DatabaseConfig } from "../src/config";
import { openDatabase } from "../src/db/data-source";
import { ingestFiles } from "../src/ingest/ingest-files";
import { expandSourcePaths } from "../src/ingest/source-files";
import { seedReferenceData } from "../src/seed/seed-reference-data";
import { startNodeFlags } from "./start-flags";
import { writeSyntheticReports } from "./synthetic-files";

/** The compiled server entry point. */
const MAIN = path.join(__dirname, "..", "src", "main.js");

/** A server process and the URL it listens on. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/**
 * Starts the server as `npm start` runs it (its Node flags) with `env` over the process's environment, and resolves
 * once it logs where it listens. Its log is drained for as long as it runs, so the pipe never fills.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...startNodeFlags(), MAIN], {
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered: string | null = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      if (buffered === null) return;
      buffered += chunk.toString();
      const match = /"graphql":"(http:\/\/localhost:\d+)\/graphql"/.exec(buffered);
      if (match) {
        resolve(match[1]);
        buffered = null;
      }
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code} before listening: ${(buffered ?? "").slice(-500)}`)));
  });
  return { child, url };
}

/**
 * Makes a database with `count` synthetic reports: a MySQL/MariaDB database is dropped and created again first (so
 * point it only at a throw-away database), then migrated, seeded and loaded.
 */
export async function prepareSyntheticDatabase(config: DatabaseConfig, count: number): Promise<number> {
  if (config.kind !== "sqlite") {
    const url = new URL(config.url!);
    const name = url.pathname.slice(1);
    execFileSync("mysql", [
      "--protocol=tcp",
      "-h",
      url.hostname,
      "-P",
      url.port || "3306",
      "-uroot",
      "-e",
      `DROP DATABASE IF EXISTS \`${name}\`; CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    ]);
  }
  const dataSource = await openDatabase(config);
  try {
    await seedReferenceData(dataSource);
    const folder = writeSyntheticReports(count);
    const summary = await ingestFiles(dataSource, expandSourcePaths([folder]).files, {});
    fs.rmSync(folder, { recursive: true });
    return summary.ingested;
  } finally {
    await dataSource.destroy();
  }
}
