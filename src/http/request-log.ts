import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../graph/core/context";
import type { Logger } from "../logger";

/**
 * One JSON log line per GraphQL request: operation, duration, cost, whether the cache answered, and the error codes
 * and who called: whether a configured token matched and its name (never the query's variables, any header or a token,
 * so no secret reaches a log).
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const body = response.body.kind === "single" ? response.body.singleResult : null;
          const cost = (body?.extensions?.cost as { requested?: number } | undefined)?.requested ?? null;
          logger.info("graphql", {
            operation: operationName ?? null,
            type: operation?.operation ?? null,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            cost,
            cache: response.http.headers.get("x-cache") ?? "none",
            status: response.http.status ?? 200,
            errors: body?.errors?.map((error) => error.extensions?.code ?? "UNKNOWN") ?? [],
            authenticated: contextValue.caller?.authenticated ?? false,
            token: contextValue.caller?.name ?? null,
          });
        },
      };
    },
  };
}
