import { ArgsType, Field, Int } from "type-graphql";
import { BadUserInputError } from "./errors";

/** The largest page any list returns. */
export const MAX_PAGE_SIZE = 100;

/** `first`/`after` arguments of every list: a page size and the key of the last item already seen. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `How many items to return (1–${MAX_PAGE_SIZE}).` })
  first: number;

  @Field(() => String, {
    nullable: true,
    description: "Return the items after this key (the last key of the previous page).",
  })
  after?: string | null;
}

/** Checks `first` and returns it; a value out of range is a BAD_USER_INPUT error. */
export function pageSize(args: PageArgs, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > max) {
    throw new BadUserInputError("first", `must be between 1 and ${max}, got ${args.first}`);
  }
  return args.first;
}

/** Reads `after` as a numeric id; a non-numeric key is a BAD_USER_INPUT error. */
export function afterId(args: PageArgs): number | null {
  if (args.after === undefined || args.after === null) return null;
  if (!/^\d{1,15}$/.test(args.after)) throw new BadUserInputError("after", `"${args.after}" is not an id`);
  return Number(args.after);
}
