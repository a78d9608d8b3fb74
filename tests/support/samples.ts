import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { loadSamplesIntoEmptyDatabase } from "../../src/ingest/load-samples";
import { projectRoot, samplesFolder } from "../../src/project-paths";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import type { TestDatabase } from "./test-databases";

/** The project's sample reports, the ones `npm start` loads into an empty database. */
export const SAMPLES = samplesFolder();

/** A fresh database of this kind as `npm start` leaves it: migrated, reference data seeded, the samples ingested. */
export async function openWithSamples(database: Pick<TestDatabase, "open">): Promise<DataSource> {
  const dataSource = await database.open();
  await seedReferenceData(dataSource);
  await loadSamplesIntoEmptyDatabase(dataSource, SAMPLES);
  return dataSource;
}

/** The README's text from the heading `from` up to the heading `to`. */
export function readmeSection(from: string, to: string): string {
  const readme = fs.readFileSync(path.join(projectRoot(), "README.md"), "utf8");
  return readme.slice(readme.indexOf(from), readme.indexOf(to));
}
