import { parseArgs } from "node:util";
import type { DataSource } from "typeorm";
import { loadConfig } from "../config";
import { openDatabase } from "../db/data-source";
import { RevisionInputError } from "../revisions/revision-errors";
import { createRelease, listReleases } from "../services/releases";
import { cliAuthor } from "./cli-author";

const USAGE = `usage: gongkai release create NAME [--note TEXT]
       gongkai release list`;

function openConfiguredDatabase(): Promise<DataSource> {
  return openDatabase(loadConfig().db);
}

/**
 * `gongkai release create NAME [--note TEXT]` names the data as committed now and prints the name, the revision id
 * and the time; `gongkai release list` prints every release, oldest first (name, revision, time, author, note, tab
 * separated). Exit 2 on bad usage or a bad or taken name. `open` gives the database (tests pass theirs).
 */
export async function runRelease(
  args: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  open: () => Promise<DataSource> = openConfiguredDatabase,
): Promise<number> {
  let parsed: { positionals: string[]; values: { note?: string } };
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { note: { type: "string" } } }) as typeof parsed;
  } catch (error) {
    err.write(`release: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [action, ...names] = parsed.positionals;
  const creating = action === "create" && names.length === 1;
  const listing = action === "list" && names.length === 0 && parsed.values.note === undefined;
  if (!creating && !listing) {
    err.write(`${USAGE}\n`);
    return 2;
  }
  const dataSource = await open();
  try {
    if (listing) {
      for (const release of await listReleases(dataSource))
        out.write(`${[release.name, release.revisionId, release.createdAt.toISOString(), release.createdBy, release.note ?? ""].join("\t")}\n`);
      return 0;
    }
    try {
      const release = await createRelease(dataSource, { name: names[0], note: parsed.values.note ?? null }, cliAuthor());
      out.write(`release ${release.name} at revision ${release.revisionId}, ${release.createdAt.toISOString()}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof RevisionInputError)) throw error;
      err.write(`release: ${error.message}\n`);
      return 2;
    }
  } finally {
    await dataSource.destroy();
  }
}
