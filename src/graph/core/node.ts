import { BadUserInputError } from "./errors";
import { quoteInput } from "../../domain/quote-input";

/** Types that have a global id. */
export type NodeTypeName = "Region" | "Agency" | "Report";
const NODE_TYPES: readonly NodeTypeName[] = ["Region", "Agency", "Report"];

/** An opaque global id: base64 of "Type:key". Clients must not build or take them apart. */
export function toGlobalId(type: NodeTypeName, key: string | number): string {
  return Buffer.from(`${type}:${key}`, "utf8").toString("base64url");
}

/** "a Report", "an Agency": the English article of a type name, for messages. */
function withArticle(type: NodeTypeName): string {
  return `${/^[AEIOU]/.test(type) ? "an" : "a"} ${type}`;
}

/** Reads a global id; a malformed one, or one of another type than `expected`, is a BAD_USER_INPUT error. */
export function fromGlobalId(id: string, argument = "id", expected?: NodeTypeName): { type: NodeTypeName; key: string } {
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(id) ? Buffer.from(id, "base64url").toString("utf8") : "";
  const match = /^(\w+):(\w{1,64})$/.exec(decoded);
  const type = match?.[1] as NodeTypeName | undefined;
  if (!match || !type || !NODE_TYPES.includes(type)) throw new BadUserInputError(argument, `${quoteInput(id)} is not a valid id`);
  if (expected && type !== expected)
    throw new BadUserInputError(argument, `${quoteInput(id)} is the id of ${withArticle(type)}, not of ${withArticle(expected)}`);
  return { type, key: match[2] };
}

/** Reads the numeric key of an Agency or Report global id. */
export function numericKey(id: string, argument: string, expected: NodeTypeName): number {
  const { key } = fromGlobalId(id, argument, expected);
  if (!/^\d{1,15}$/.test(key)) throw new BadUserInputError(argument, `${quoteInput(id)} is not a valid id`);
  return Number(key);
}
