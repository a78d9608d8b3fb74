import type { Request, Response, Router } from "express";
import express from "express";
import type { DataSource } from "typeorm";
import { AnalyticsInputError } from "../analytics/compare";
import { checkExportFilter, exportCells, exportReports, type CsvSink, type ExportFilter } from "../analytics/csv-export";
import type { Logger } from "../logger";
import { isDatabaseUnavailable } from "./database-errors";
import { errorBody } from "./http-errors";

/**
 * A sink on an HTTP response that waits for the socket to drain, and reports when the client has gone. `start`
 * runs before the first chunk is written, to send the status and headers.
 */
export function responseSink(response: Response, start: () => void = () => {}): CsvSink {
  return {
    write: (chunk) =>
      new Promise<boolean>((resolve) => {
        if (response.destroyed || response.writableEnded) return resolve(false);
        if (!response.headersSent) start();
        if (response.write(chunk)) return resolve(true);
        const onDrain = () => done(true);
        const onClose = () => done(false);
        const done = (open: boolean) => {
          response.off("drain", onDrain);
          response.off("close", onClose);
          resolve(open && !response.destroyed);
        };
        response.once("drain", onDrain);
        response.once("close", onClose);
      }),
  };
}

type Exporter = (dataSource: DataSource, filter: ExportFilter, sink: CsvSink) => Promise<number>;

function route(dataSource: DataSource, logger: Logger, name: string, exporter: Exporter) {
  return async (request: Request, response: Response) => {
    let filter: ExportFilter;
    try {
      filter = checkExportFilter(request.query as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof AnalyticsInputError)) throw error;
      response.status(400).json({ error: { code: "BAD_USER_INPUT", message: error.message } });
      return;
    }
    const start = () =>
      response.status(200).set({
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="gongkai-${name}.csv"`,
        "Cache-Control": "no-store",
      });
    try {
      // The database answers before the 200 goes out: an outage is a coded 503, not a 200 and a cut connection.
      await dataSource.query("SELECT 1");
      const rows = await exporter(dataSource, filter, responseSink(response, start));
      logger.info("export finished", { export: name, rows, complete: !response.destroyed });
      if (!response.headersSent) start();
      if (!response.destroyed) response.end();
    } catch (error) {
      const unavailable = isDatabaseUnavailable(error);
      logger.error("export failed", { export: name, error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) {
        response
          .status(unavailable ? 503 : 500)
          .json(
            unavailable
              ? errorBody("SERVICE_UNAVAILABLE", "The database is not available right now; try again shortly")
              : errorBody("INTERNAL_SERVER_ERROR", "Internal server error"),
          );
        return;
      }
      // Mid-stream: end the chunked body without its last chunk, so the client sees an incomplete transfer and
      // never takes a cut file for a whole one.
      response.destroy();
    }
  };
}

/** GET /export/cells.csv and /export/reports.csv, with the filters as query parameters. */
export function exportRoutes(dataSource: DataSource, logger: Logger): Router {
  const router = express.Router();
  router.get("/cells.csv", route(dataSource, logger, "cells", exportCells));
  router.get("/reports.csv", route(dataSource, logger, "reports", exportReports));
  return router;
}
