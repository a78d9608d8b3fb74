import { GraphQLError } from "graphql";

/** Error codes a client can rely on, in `extensions.code`. */
export type ClientErrorCode = "NOT_FOUND" | "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "QUERY_TOO_COMPLEX" | "TIMEOUT" | "CONFLICT";

/** A client-facing error with a code. */
export class ClientError extends GraphQLError {
  constructor(code: ClientErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** The object asked for does not exist. */
export class NotFoundError extends ClientError {
  constructor(type: string, key: string | number) {
    super("NOT_FOUND", `${type} ${JSON.stringify(key)} does not exist`, { type, key });
  }
}

/** An argument is out of range or malformed. */
export class BadUserInputError extends ClientError {
  constructor(argument: string, problem: string) {
    super("BAD_USER_INPUT", `${argument}: ${problem}`, { argument });
  }
}
