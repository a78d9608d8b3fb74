import { createHash, timingSafeEqual } from "node:crypto";
import { ClientError } from "./errors";

/** What a token may do: an EDITOR corrects and verifies; an ADMIN also ingests, deletes and releases. */
export type TokenRole = "EDITOR" | "ADMIN";

/** The roles, weakest first. */
export const TOKEN_ROLES: readonly TokenRole[] = ["EDITOR", "ADMIN"];

/** One configured API token: who holds it, what it may do, and the hex SHA-256 of the token (never the token). */
export interface ApiToken {
  readonly name: string;
  readonly role: TokenRole;
  readonly sha256: string;
}

/** Who is calling: which configured token the request carried, if any. */
export interface Caller {
  /** The request carried a token that matched one configured. */
  readonly authenticated: boolean;
  /** False when the server has no token configured at all: writes are off. */
  readonly writesEnabled: boolean;
  /** The matched token's name, recorded as who made a change; null when not authenticated. */
  readonly name: string | null;
  /** The matched token's role; null when not authenticated. */
  readonly role: TokenRole | null;
}

/** The hex SHA-256 of a token: what the tokens file holds for it. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const ANONYMOUS: Caller = Object.freeze({ authenticated: false, writesEnabled: true, name: null, role: null });
const WRITES_DISABLED: Caller = Object.freeze({ authenticated: false, writesEnabled: false, name: null, role: null });

/**
 * Reads `Authorization: Bearer TOKEN`, hashes the token and compares the hash with every configured hash in
 * constant time, without stopping at a match, so that the time taken tells neither which token matched nor how
 * many there are. The token itself is never logged or returned.
 */
export function callerFrom(authorization: string | undefined, tokens: readonly ApiToken[]): Caller {
  if (tokens.length === 0) return WRITES_DISABLED;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return ANONYMOUS;
  const presented = createHash("sha256").update(match[1], "utf8").digest();
  let matched: ApiToken | null = null;
  for (const token of tokens) {
    const expected = Buffer.from(token.sha256, "hex");
    // A malformed configured hash (the configuration refuses them) matches nothing rather than throwing.
    const equal = expected.length === presented.length && timingSafeEqual(presented, expected);
    if (equal && matched === null) matched = token;
  }
  if (!matched) return ANONYMOUS;
  return Object.freeze({ authenticated: true, writesEnabled: true, name: matched.name, role: matched.role });
}

/** Whether a token of role `held` may do what needs `needed` (ADMIN includes EDITOR). */
function includes(held: TokenRole, needed: TokenRole): boolean {
  return TOKEN_ROLES.indexOf(held) >= TOKEN_ROLES.indexOf(needed);
}

/** How a role is asked for in messages: the role itself and every role that includes it. */
function tokensWith(role: TokenRole): string {
  return TOKEN_ROLES.filter((held) => includes(held, role)).join(" or ");
}

/**
 * Throws FORBIDDEN when writes are disabled or the caller's token lacks `role`, UNAUTHENTICATED when the request
 * carried no configured token; answers the caller's name.
 */
export function requireRole(caller: Caller, role: TokenRole): string {
  if (!caller.writesEnabled)
    throw new ClientError("FORBIDDEN", "writes are disabled on this server: it has no API tokens (GONGKAI_TOKENS_FILE or GONGKAI_TOKENS)");
  if (!caller.authenticated || caller.name === null || caller.role === null)
    throw new ClientError("UNAUTHENTICATED", `this operation needs an ${tokensWith(role)} token: send Authorization: Bearer TOKEN`);
  if (!includes(caller.role, role))
    throw new ClientError("FORBIDDEN", `this operation needs an ${tokensWith(role)} token; the token "${caller.name}" has role ${caller.role}`, {
      requiredRole: role,
    });
  return caller.name;
}
