import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { TOKEN_NAME_PATTERN } from "../config";
import { hashToken, TOKEN_ROLES, type ApiToken, type TokenRole } from "../graph/core/auth";

const USAGE = `usage: gongkai token create NAME --role EDITOR|ADMIN
  NAME is 1–64 characters of A–Z, a–z, 0–9 and . _ @ - (who the token belongs to; recorded with every change it makes)`;

/** A usage error: the message is printed with the usage, exit 2. */
class TokenUsageError extends Error {}

/** Reads `create NAME --role ROLE`; a usage error is thrown. */
function readTokenArgs(args: readonly string[]): { name: string; role: TokenRole } {
  // Not strict: an unknown option or a missing value is reported here in this command's own words.
  const parsed = parseArgs({ args: [...args], allowPositionals: true, strict: false, tokens: true, options: { role: { type: "string" } } });
  const unknown = parsed.tokens.find((token) => token.kind === "option" && token.name !== "role");
  if (unknown && unknown.kind === "option") throw new TokenUsageError(`unknown option ${unknown.rawName}`);
  const [action, name, ...extra] = parsed.positionals;
  if (action !== "create") throw new TokenUsageError(action === undefined ? "say what to do: create" : `unknown action "${action}"; the action is create`);
  if (name === undefined) throw new TokenUsageError("say whose token it is: NAME");
  if (extra.length > 0) throw new TokenUsageError(`one NAME only, got also ${extra.map((value) => JSON.stringify(value)).join(", ")}`);
  if (!TOKEN_NAME_PATTERN.test(name)) throw new TokenUsageError(`the name ${JSON.stringify(name)} is not 1–64 characters of A–Z, a–z, 0–9 and . _ @ -`);
  const role = parsed.values.role;
  if (typeof role !== "string") throw new TokenUsageError(`say what the token may do: --role ${TOKEN_ROLES.join("|")}`);
  if (!TOKEN_ROLES.includes(role as TokenRole)) throw new TokenUsageError(`the role ${JSON.stringify(role)} is not ${TOKEN_ROLES.join(" or ")}`);
  return { name, role: role as TokenRole };
}

/**
 * `gongkai token create NAME --role EDITOR|ADMIN`: makes a random token (32 bytes, base64url) and prints it once on
 * `out`, then on the next line the entry that holds its SHA-256 for the tokens file; what to do with them goes to
 * `err`. The token is stored nowhere. Exit 2 on bad usage.
 */
export function runToken(args: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  let request: { name: string; role: TokenRole };
  try {
    request = readTokenArgs(args);
  } catch (error) {
    if (!(error instanceof TokenUsageError)) throw error;
    err.write(`token: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const token = randomBytes(32).toString("base64url");
  const entry: ApiToken = { name: request.name, role: request.role, sha256: hashToken(token) };
  out.write(`${token}\n${JSON.stringify(entry)}\n`);
  err.write(
    `The first line is the ${request.role} token for "${request.name}": hand it over now, it is shown only this once and stored nowhere. ` +
      "The second line is its entry: add it to the JSON array in the file GONGKAI_TOKENS_FILE names (or in GONGKAI_TOKENS) and restart the server. " +
      "Requests send the token as Authorization: Bearer TOKEN.\n",
  );
  return 0;
}
