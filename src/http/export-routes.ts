import type { Request, Response, Router } from "express";
import express from "express";
import type { DataSource } from "typeorm";
import { AnalyticsInputError } from "../analytics/compare";
import { checkExportFilter, exportCells, exportReports, type CsvSink, type ExportFilter } from "../analytics/csv-export";
import type { Logger } from "../logger";

/** A sink on an HTTP response that waits for the socket to drain, and reports when the client has gone. */
export function responseSink(response: Response): CsvSink {
  return {
    write: (chunk) =>
      new Promise<boolean>((resolve) => {
        if (response.destroyed || response.writableEnded) return resolve(false);
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
    response.status(200).set({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="gongkai-${name}.csv"`,
      "Cache-Control": "no-store",
    });
    try {
      const rows = await exporter(dataSource, filter, responseSink(response));
      logger.info("export finished", { export: name, rows, complete: !response.destroyed });
      if (!response.destroyed) response.end();
    } catch (error) {
      logger.error("export failed", { export: name, error: error instanceof Error ? error.message : String(error) });
      response.destroy(error instanceof Error ? error : undefined);
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
