import { createHash, timingSafeEqual } from "node:crypto";
import { ClientError } from "./errors";

/** Who is calling: whether the request carried the API token. */
export interface Caller {
  readonly authenticated: boolean;
  /** False when the server has no token configured: writes are off. */
  readonly writesEnabled: boolean;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Reads `Authorization: Bearer TOKEN` and compares it with the configured token in constant time (both are hashed
 * first, so neither the comparison nor the lengths leak). The token itself is never logged or returned.
 */
export function callerFrom(authorization: string | undefined, apiToken: string | null): Caller {
  if (!apiToken) return { authenticated: false, writesEnabled: false };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return { authenticated: false, writesEnabled: true };
  return { authenticated: timingSafeEqual(digest(match[1]), digest(apiToken)), writesEnabled: true };
}

/** Throws unless the caller may write. */
export function requireWriter(caller: Caller): void {
  if (!caller.writesEnabled) throw new ClientError("FORBIDDEN", "writes are disabled on this server: it has no GONGKAI_API_TOKEN");
  if (!caller.authenticated) throw new ClientError("UNAUTHENTICATED", "this operation needs the API token: send Authorization: Bearer TOKEN");
}
