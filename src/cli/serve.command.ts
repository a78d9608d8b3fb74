import { loadConfig, type Config } from "../config";
import { openDatabase } from "../db/data-source";
import { startHttpServer, type RunningServer } from "../http/server";
import { loadSamplesIntoEmptyDatabase } from "../ingest/load-samples";
import { createLogger } from "../logger";
import { seedReferenceData } from "../seed/seed-reference-data";

/**
 * Starts the service: reads the configuration, migrates, loads reference data (and the sample reports into an empty
 * database), and serves HTTP until SIGTERM or SIGINT, then finishes requests in flight and closes the database.
 */
export async function runServe(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const dataSource = await openDatabase(config.db);
  let server: RunningServer;
  try {
    const seeded = await seedReferenceData(dataSource);
    logger.info("reference data ready", { database: config.db.displayUrl, ...seeded });
    const samples = await loadSamplesIntoEmptyDatabase(dataSource);
    if (samples) logger.info("empty database: loaded the sample reports", { ...samples });
    server = await startHttpServer(dataSource, { port: config.port, tokens: config.tokens, limits: config.http }, logger);
  } catch (error) {
    // An open pool would keep a failed start-up alive: close it so that the process exits with the error.
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  logger.info("listening", { graphql: `${server.url}/graphql`, health: `${server.url}/healthz` });
  const shutdown = (signal: string) => {
    logger.info("shutting down", { signal });
    server
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error("shutdown failed", { error: String(error) });
        process.exit(1);
      });
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}
