import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLFormattedError } from "graphql";
import type { Context } from "../graph/context";
import { queryCostPlugin } from "../graph/query-cost";
import { buildGongkaiSchema } from "../graph/schema";
import type { Logger } from "../logger";

const CLIENT_CODES = new Set([
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "QUERY_TOO_COMPLEX",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Keeps client errors (those with a known code) and masks everything else as INTERNAL_SERVER_ERROR, logging the
 * original so that no stack trace or SQL reaches a client.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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

/** The Apollo server over the Gongkai schema. */
export function createApolloServer(logger: Logger): ApolloServer<Context> {
  const schema = buildGongkaiSchema();
  return new ApolloServer<Context>({
    schema,
    formatError: formatError(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), queryCostPlugin(schema)],
  });
}
