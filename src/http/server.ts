import http from "node:http";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { DataSource } from "typeorm";
import { callerFrom } from "../graph/auth";
import { createLoaders } from "../graph/loaders";
import type { Logger } from "../logger";
import { createApolloServer } from "./apollo";
import { explorerAssets, explorerPage, wantsHtml } from "./explorer";
import { exportRoutes } from "./export-routes";
import { healthHandler } from "./health";

/** A running HTTP server and how to stop it. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, lets requests in flight finish, then stops Apollo. */
  stop(): Promise<void>;
}

/** What the HTTP server needs besides the database. */
export interface HttpOptions {
  readonly port: number;
  /** The token that write operations need; null turns writes off. */
  readonly apiToken: string | null;
}

/** Starts Express with `POST /graphql` and `GET /healthz` on `options.port` (0 picks a free one). */
export async function startHttpServer(dataSource: DataSource, options: HttpOptions, logger: Logger): Promise<RunningServer> {
  const apollo = createApolloServer(logger);
  await apollo.start();
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", healthHandler(dataSource));
  app.get("/", explorerPage);
  app.use("/explorer", explorerAssets());
  app.use("/export", exportRoutes(dataSource, logger));
  app.get("/graphql", (request, response, next) => (wantsHtml(request.headers.accept) ? explorerPage(request, response, next) : next()));
  app.use(
    "/graphql",
    express.json({ limit: "5mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        dataSource,
        loaders: createLoaders(dataSource),
        caller: callerFrom(req.headers.authorization, options.apiToken),
      }),
    }),
  );
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
