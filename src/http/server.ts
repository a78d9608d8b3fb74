import http from "node:http";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { DataSource } from "typeorm";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "../config";
import { callerFrom, type ApiToken } from "../graph/core/auth";
import { createLoaders } from "../graph/core/entity.loader";
import type { Logger } from "../logger";
import { createApolloServer } from "./apollo";
import { explorerAssets, explorerPage, wantsHtml } from "./explorer";
import { exportRoutes } from "./export-routes";
import { healthHandler } from "./health";
import { errorHandler, notFoundHandler } from "./http-errors";
import { corsMiddleware, rateLimitMiddleware, timeoutMiddleware } from "./limits";
import { ResponseCache } from "./response-cache";

/** A running HTTP server and how to stop it. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets requests in flight finish for at most the shutdown deadline (then cuts
   * the connections still open), and stops Apollo.
   */
  stop(): Promise<void>;
  /** What the response cache holds now (null when it is off). */
  cacheStats(): { hits: number; misses: number; size: number; bytes: number } | null;
}

/** What the HTTP server needs besides the database. */
export interface HttpOptions {
  readonly port: number;
  /** The named tokens that may write, as hashes with their roles; none turns writes off. */
  readonly tokens: readonly ApiToken[];
  /** Limits and policies; the defaults when absent. */
  readonly limits?: HttpLimits;
  /** How often to look for writes by other processes, for the response cache (ms). */
  readonly cachePollMs?: number;
}

/** The largest request body: a report sent as base64 with room to spare. */
const MAX_BODY = "20mb";

/**
 * Starts Express on `options.port` (0 picks a free one): `POST /graphql` (and the explorer for browsers),
 * `GET /healthz`, the CSV exports, with CORS, a per-client rate limit, a request timeout, a response cache for
 * anonymous reads, and one log line per GraphQL request.
 */
export async function startHttpServer(dataSource: DataSource, options: HttpOptions, logger: Logger): Promise<RunningServer> {
  const limits = options.limits ?? DEFAULT_HTTP_LIMITS;
  const responseCache =
    limits.responseCacheEntries > 0 && limits.responseCacheBytes > 0
      ? new ResponseCache({ maxEntries: limits.responseCacheEntries, maxBytes: limits.responseCacheBytes, maxEntryBytes: limits.responseCacheMaxEntryBytes })
      : undefined;
  const stopWatching = responseCache?.watch(dataSource, options.cachePollMs ?? 2000, (error) => logger.warn("cache watch failed", { error: String(error) }));
  const apollo = createApolloServer(logger, { responseCache, logRequests: true });
  await apollo.start();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(corsMiddleware(limits));
  app.get("/healthz", healthHandler(dataSource));
  app.get("/", explorerPage);
  app.use("/explorer", explorerAssets());
  const isWriter = (authorization: string | undefined) => callerFrom(authorization, options.tokens).authenticated;
  app.use("/export", rateLimitMiddleware(limits, isWriter), exportRoutes(dataSource, logger));
  app.get("/graphql", (request, response, next) => (wantsHtml(request.headers.accept) ? explorerPage(request, response, next) : next()));
  app.use(
    "/graphql",
    rateLimitMiddleware(limits, isWriter),
    timeoutMiddleware(limits),
    express.json({ limit: MAX_BODY }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        dataSource,
        loaders: createLoaders(dataSource),
        caller: callerFrom(req.headers.authorization, options.tokens),
        budget: { statementTimeoutMs: limits.analyticsStatementTimeoutMs, deadline: Date.now() + limits.requestTimeoutMs },
        onDataChanged: () => responseCache?.invalidate(),
      }),
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(logger, MAX_BODY));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    stop: async () => {
      stopWatching?.();
      // close() stops accepting and ends idle keep-alive connections; requests in flight finish first, up to the
      // deadline, after which their connections are cut.
      const deadline = setTimeout(() => {
        logger.warn("shutdown deadline reached: cutting the requests still running", { deadlineMs: limits.shutdownDeadlineMs });
        server.closeAllConnections();
      }, limits.shutdownDeadlineMs);
      deadline.unref();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearTimeout(deadline);
      await apollo.stop();
    },
    cacheStats: () => responseCache?.stats() ?? null,
  };
}
