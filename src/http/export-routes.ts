import type { Request, Response, Router } from "express";
import express from "express";
import type { DataSource } from "typeorm";
import { AnalyticsInputError } from "../analytics/compare";
import {
  checkExportFilter,
  checkExportTargets,
  checkReportFilter,
  exportCells,
  exportReports,
  exportWide,
  resolveExportPoint,
  splitPointRequest,
  type CsvSink,
  type ExportFilter,
} from "../analytics/csv-export";
import { ChangeRangeError, checkChangeRange, writeChanges } from "../revisions/change-feed";
import type { HistoryPoint, PointRequest } from "../revisions/history";
import { exportWorkbook } from "../analytics/xlsx-export";
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

type Exporter = (dataSource: DataSource, filter: ExportFilter, sink: CsvSink, point: HistoryPoint | null) => Promise<number>;

/** An export: how it checks its filter, the file it answers, and how it writes to the response. */
interface ExportKind {
  readonly name: string;
  readonly filename: string;
  readonly contentType: string;
  readonly check: (filter: ExportFilter) => ExportFilter;
  /** Whether it can be taken as of a point in the history (asOf, release). */
  readonly history: boolean;
  /** Writes to the response; `start` sends the status and headers before the first byte. */
  readonly write: (dataSource: DataSource, filter: ExportFilter, response: Response, start: () => void, point: HistoryPoint | null) => Promise<number>;
}

const CSV_TYPE = "text/csv; charset=utf-8";

function csvKind(name: string, exporter: Exporter, check: (filter: ExportFilter) => ExportFilter = (filter) => filter, history = false): ExportKind {
  return {
    name,
    filename: `gongkai-${name}.csv`,
    contentType: CSV_TYPE,
    check,
    history,
    write: (dataSource, filter, response, start, point) => exporter(dataSource, filter, responseSink(response, start), point),
  };
}

const XLSX_KIND: ExportKind = {
  name: "reports-xlsx",
  filename: "gongkai-reports.xlsx",
  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  check: checkReportFilter,
  history: false,
  write: (dataSource, filter, response, start) => {
    start();
    return exportWorkbook(dataSource, filter, response);
  },
};

/** Reads and checks the query string; answers 400 BAD_USER_INPUT and returns null when it is refused. */
function readFilter(request: Request, response: Response, kind: ExportKind): { filter: ExportFilter; point: PointRequest | null } | null {
  try {
    const { point, rest } = splitPointRequest(request.query as Record<string, unknown>);
    if (point !== null && !kind.history)
      throw new AnalyticsInputError(`asOf and release apply to cells.csv and reports-wide.csv only, not to ${kind.filename}`);
    return { filter: kind.check(checkExportFilter(rest)), point };
  } catch (error) {
    if (!(error instanceof AnalyticsInputError)) throw error;
    response.status(400).json({ error: { code: "BAD_USER_INPUT", message: error.message } });
    return null;
  }
}

function route(dataSource: DataSource, logger: Logger, kind: ExportKind) {
  return async (request: Request, response: Response) => {
    const read = readFilter(request, response, kind);
    if (read === null) return;
    const { filter } = read;
    const start = () =>
      response
        .status(200)
        .set({ "Content-Type": kind.contentType, "Content-Disposition": `attachment; filename="${kind.filename}"`, "Cache-Control": "no-store" });
    try {
      // The database answers before the 200 goes out: an outage is a coded 503, not a 200 and a cut connection.
      await dataSource.query("SELECT 1");
      await checkExportTargets(dataSource, filter);
      const point = await resolveExportPoint(dataSource, read.point);
      const rows = await kind.write(dataSource, filter, response, start, point);
      logger.info("export finished", { export: kind.name, rows, complete: !response.destroyed });
      if (!response.headersSent) start();
      if (!response.destroyed && !response.writableEnded && kind.contentType === CSV_TYPE) response.end();
    } catch (error) {
      failed(error, response, logger, kind.name);
    }
  };
}

/**
 * GET /export/changes.ndjson?after=N&limit=M: the change feed, one revision a line in id order, from the revision
 * after N, up to the last one committed when the request came.
 */
function changesRoute(dataSource: DataSource, logger: Logger) {
  return async (request: Request, response: Response) => {
    let range: ReturnType<typeof checkChangeRange>;
    try {
      const { after, limit, ...rest } = request.query as Record<string, unknown>;
      const unknown = Object.keys(rest);
      if (unknown.length > 0) throw new ChangeRangeError(`unknown parameter ${JSON.stringify(unknown[0].slice(0, 40))}; use after, limit`);
      range = checkChangeRange({ after, limit });
    } catch (error) {
      if (!(error instanceof ChangeRangeError)) throw error;
      response.status(400).json({ error: { code: "BAD_USER_INPUT", message: error.message } });
      return;
    }
    const start = () =>
      response.status(200).set({
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "Content-Disposition": 'attachment; filename="gongkai-changes.ndjson"',
        "Cache-Control": "no-store",
      });
    try {
      await dataSource.query("SELECT 1");
      const { written, lastId } = await writeChanges(dataSource.manager, range, responseSink(response, start));
      logger.info("export finished", { export: "changes", rows: written, lastId, complete: !response.destroyed });
      if (!response.headersSent) start();
      if (!response.destroyed && !response.writableEnded) response.end();
    } catch (error) {
      failed(error, response, logger, "changes");
    }
  };
}

/** Answers a failed export: 400 for an unknown region, agency or release, 503 for an outage, 500 otherwise; cuts a started body. */
function failed(error: unknown, response: Response, logger: Logger, name: string): void {
  if (error instanceof AnalyticsInputError && !response.headersSent) {
    response.status(400).json({ error: { code: "BAD_USER_INPUT", message: error.message } });
    return;
  }
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

/**
 * GET /export/cells.csv, /export/reports.csv, /export/reports-wide.csv and /export/reports.xlsx, with the filters
 * as query parameters (agencyId takes the graph's global id or the databaseId); cells.csv also takes `asOf` (an
 * ISO 8601 moment with its time zone) or `release` (a release's name), for the data as it was then;
 * GET /export/changes.ndjson?after=N&limit=M is the change feed.
 */
export function exportRoutes(dataSource: DataSource, logger: Logger): Router {
  const router = express.Router();
  router.get("/cells.csv", route(dataSource, logger, csvKind("cells", exportCells, undefined, true)));
  router.get("/reports.csv", route(dataSource, logger, csvKind("reports", exportReports, checkReportFilter)));
  router.get("/reports-wide.csv", route(dataSource, logger, csvKind("reports-wide", exportWide, checkReportFilter, true)));
  router.get("/reports.xlsx", route(dataSource, logger, XLSX_KIND));
  router.get("/changes.ndjson", changesRoute(dataSource, logger));
  return router;
}
