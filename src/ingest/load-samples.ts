import type { DataSource } from "typeorm";
import { Report } from "../entities";
import { samplesFolder } from "../project-paths";
import { ingestFiles, type IngestSummary } from "./ingest-files";
import { expandSourcePaths } from "./source-files";

/**
 * Loads the sample reports when the database holds no report at all, so that a newcomer's first query returns
 * real data; a database with reports is left alone. Returns null when nothing was loaded.
 */
export async function loadSamplesIntoEmptyDatabase(dataSource: DataSource, folder = samplesFolder()): Promise<IngestSummary | null> {
  if ((await dataSource.getRepository(Report).count()) > 0) return null;
  return ingestFiles(dataSource, expandSourcePaths([folder]).files, {});
}
