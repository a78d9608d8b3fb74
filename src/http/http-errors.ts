import type { ErrorRequestHandler, RequestHandler } from "express";
import { quoteInput } from "../domain/quote-input";
import type { Logger } from "../logger";

/** A GraphQL-shaped error body with a code, for refusals made before GraphQL runs. */
export function errorBody(code: string, message: string): { errors: Array<{ message: string; extensions: { code: string } }> } {
  return { errors: [{ message, extensions: { code } }] };
}

/** The body-parser failures a client causes, with the status and code each answers. */
const BODY_ERRORS: Readonly<Record<string, { status: number; code: string; message: (limit: string) => string }>> = {
  "entity.too.large": { status: 413, code: "PAYLOAD_TOO_LARGE", message: (limit) => `the request body is larger than ${limit}` },
  "entity.parse.failed": { status: 400, code: "BAD_REQUEST", message: () => "the request body is not valid JSON" },
  "encoding.unsupported": {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: () => "the request body's Content-Encoding is not supported (use identity, gzip, deflate or br)",
  },
  "charset.unsupported": { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: () => "the request body's charset is not supported (send UTF-8)" },
  "request.aborted": { status: 400, code: "BAD_REQUEST", message: () => "the request body ended before its declared length" },
  "request.size.invalid": { status: 400, code: "BAD_REQUEST", message: () => "the request body's length does not match its Content-Length" },
};

/** Unknown paths: 404 with the code NOT_FOUND, in JSON. */
export const notFoundHandler: RequestHandler = (request, response) => {
  response
    .status(404)
    .json(
      errorBody(
        "NOT_FOUND",
        `no route ${request.method} ${quoteInput(request.path)}; the API is POST /graphql, GET /healthz, GET /export/*.csv and GET /export/reports.xlsx`,
      ),
    );
};

/**
 * The last handler: every error in JSON with a code and without a stack. Body-parser failures and other client
 * errors (status 4xx) keep their status; anything else is logged and answered 500 INTERNAL_SERVER_ERROR.
 */
export function errorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (error: { type?: string; status?: number; statusCode?: number; message?: string; stack?: string }, request, response, _next) => {
    if (response.headersSent) {
      logger.warn("error after the response started", { path: request.path, error: String(error.message ?? error) });
      response.destroy();
      return;
    }
    const known = error.type ? BODY_ERRORS[error.type] : undefined;
    if (known) return void response.status(known.status).json(errorBody(known.code, known.message(bodyLimit)));
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 400 && status < 500) return void response.status(status).json(errorBody("BAD_REQUEST", "the request cannot be read"));
    logger.error("internal error while handling a request", { path: request.path, error: error.stack ?? String(error.message ?? error) });
    response.status(500).json(errorBody("INTERNAL_SERVER_ERROR", "Internal server error"));
  };
}
