import { ArgsType, Field, Int } from "type-graphql";
import { MAX_PAGE_SIZE } from "./connection";

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { description: `How many items to return (1–${MAX_PAGE_SIZE}).` })
  first: number;

  @Field(() => String, { nullable: true, description: "Return the items after this cursor (`pageInfo.endCursor` of the previous page)." })
  after?: string | null;
}
