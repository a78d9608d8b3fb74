import type { ApolloServer } from "@apollo/server";
import type { DataSource } from "typeorm";
import type { Context } from "../../src/graph/core/context";
import { callerFrom, hashToken, type ApiToken } from "../../src/graph/core/auth";
import { createLoaders } from "../../src/graph/core/entity.loader";
import { createApolloServer } from "../../src/http/apollo";
import { createLogger } from "../../src/logger";

/** The ADMIN token the tests' servers are configured with, named "test-admin". */
export const TEST_API_TOKEN = "test-token-0123456789abcdef";

/** The EDITOR token the tests' servers are configured with, named "test-editor". */
export const TEST_EDITOR_TOKEN = "test-editor-token-0123456789abcdef";

/** The tokens the tests' servers are configured with: TEST_API_TOKEN (ADMIN) and TEST_EDITOR_TOKEN (EDITOR). */
export const TEST_TOKENS: readonly ApiToken[] = Object.freeze([
  Object.freeze({ name: "test-admin", role: "ADMIN", sha256: hashToken(TEST_API_TOKEN) }),
  Object.freeze({ name: "test-editor", role: "EDITOR", sha256: hashToken(TEST_EDITOR_TOKEN) }),
]);

/** The result of one operation: data and errors as a client sees them. */
export interface OperationResult {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  readonly extensions?: Record<string, unknown>;
}

/** Runs operations through the whole Apollo pipeline (parse, validate, execute, format errors). */
export class GraphClient {
  private constructor(
    private readonly server: ApolloServer<Context>,
    private readonly dataSource: DataSource,
  ) {}

  static async start(dataSource: DataSource): Promise<GraphClient> {
    const server = createApolloServer(createLogger("silent"));
    await server.start();
    return new GraphClient(server, dataSource);
  }

  /** Runs an operation; `authorization` is the Authorization header's value, checked against `tokens`. */
  async run(
    query: string,
    variables: Record<string, unknown> = {},
    authorization?: string,
    tokens: readonly ApiToken[] = TEST_TOKENS,
  ): Promise<OperationResult> {
    const response = await this.server.executeOperation(
      { query, variables },
      { contextValue: { dataSource: this.dataSource, loaders: createLoaders(this.dataSource), caller: callerFrom(authorization, tokens) } },
    );
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult as OperationResult;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
