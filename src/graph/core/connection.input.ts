import { ArgsType, Field, Int } from "type-graphql";
import { MAX_PAGE_SIZE } from "./connection";

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { description: `How many items to return, 1–${MAX_PAGE_SIZE} (每页条数).` })
  first: number;

  @Field(() => String, {
    nullable: true,
    description: "Return the items after this cursor, the `pageInfo.endCursor` of the previous page under the same order and filter (起始游标).",
  })
  after?: string | null;
}
