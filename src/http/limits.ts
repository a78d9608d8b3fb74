import cors from "cors";
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import type { HttpLimits } from "../config";
import { errorBody } from "./http-errors";

/** CORS for the configured origins ("*" allows any); credentials are never needed: the API uses bearer tokens. */
export function corsMiddleware(limits: HttpLimits): RequestHandler {
  const any = limits.corsOrigins.includes("*");
  return cors({
    origin: any ? "*" : [...limits.corsOrigins],
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["content-type", "authorization", "apollo-require-preflight"],
    maxAge: 600,
  });
}

/**
 * A per-client (IP) rate limit for every request that does not carry the valid API token (a wrong token counts
 * as anonymous). Refused with 429 and the code RATE_LIMITED, and a Retry-After header.
 */
export function rateLimitMiddleware(limits: HttpLimits, isWriter: (authorization: string | undefined) => boolean): RequestHandler {
  if (limits.rateLimitPerMinute === 0) return (_request, _response, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: limits.rateLimitPerMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    skip: (request) => isWriter(request.headers.authorization),
    handler: (_request, response) => {
      response.status(429).json(errorBody("RATE_LIMITED", `more than ${limits.rateLimitPerMinute} requests a minute from this client; wait and try again`));
    },
  });
}

/**
 * Answers a request still running after the timeout with 503 and the code TIMEOUT (the work itself is not
 * interrupted; the client stops waiting). Streaming exports are exempt: they answer progressively.
 */
export function timeoutMiddleware(limits: HttpLimits): RequestHandler {
  return (_request, response, next) => {
    const timer = setTimeout(() => {
      if (!response.headersSent) response.status(503).json(errorBody("TIMEOUT", `the request took longer than ${limits.requestTimeoutMs} ms`));
    }, limits.requestTimeoutMs);
    timer.unref();
    response.on("close", () => clearTimeout(timer));
    response.on("finish", () => clearTimeout(timer));
    next();
  };
}
