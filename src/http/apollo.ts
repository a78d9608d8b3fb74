import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLFormattedError } from "graphql";
import type { Context } from "../graph/core/context";
import { QUERY_LIMITS, queryCostPlugin } from "../graph/core/query-cost";
import { buildGongkaiSchema } from "../graph/core/schema";
import type { Logger } from "../logger";
import { CachePolicy } from "./cache-policy";
import { isDatabaseUnavailable } from "./database-errors";
import { requestLogPlugin } from "./request-log";
import type { ResponseCache } from "./response-cache";

const CLIENT_CODES = new Set([
  "SERVICE_UNAVAILABLE",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "QUERY_TOO_COMPLEX",
  "TIMEOUT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Keeps client errors (those with a known code), reports an unreachable database as SERVICE_UNAVAILABLE, and masks
 * everything else as INTERNAL_SERVER_ERROR, logging the original so that no stack trace or SQL reaches a client.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isDatabaseUnavailable(error)) {
      logger.warn("database unavailable during a GraphQL operation", { path: formatted.path });
      return { message: "The database is not available right now; try again shortly", path: formatted.path, extensions: { code: "SERVICE_UNAVAILABLE" } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && CLIENT_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error("internal error while executing a GraphQL operation", {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      path: formatted.path,
    });
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

/** What the Apollo server can be given besides a logger. */
export interface ApolloOptions {
  /** The response cache for anonymous reads; none when absent. */
  readonly responseCache?: ResponseCache;
  /** Log one line per request. */
  readonly logRequests?: boolean;
}

/** The Apollo server over the Gongkai schema. */
export function createApolloServer(logger: Logger, options: ApolloOptions = {}): ApolloServer<Context> {
  const schema = buildGongkaiSchema();
  return new ApolloServer<Context>({
    schema,
    formatError: formatError(logger),
    // The parser stops at this many tokens, before any other work on a document.
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    includeStacktraceInErrorResponses: false,
    // A public data API: introspection stays on in production (NODE_ENV=production), for the explorer and tools.
    introspection: true,
    // The server's own shutdown drains requests first; Apollo's would re-raise SIGTERM mid-response.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Cache-Control comes from cache-policy.ts, once per request; Apollo's plugin would instrument every field.
      ApolloServerPluginCacheControlDisabled(),
      queryCostPlugin(schema),
      ...(options.responseCache ? [options.responseCache.plugin(new CachePolicy(schema))] : []),
      ...(options.logRequests ? [requestLogPlugin(logger)] : []),
    ],
  });
}
