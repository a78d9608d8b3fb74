import { Field, ObjectType } from "type-graphql";

@ObjectType("PageInfo", { description: "Where a page stands in its list (分页信息)." })
export class PageInfo {
  @Field({ description: "True when more items follow this page (是否有下一页)." })
  hasNextPage: boolean;

  @Field({ description: "True when items precede this page; pages are read forward from `after` (是否有上一页)." })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item of the page (首项游标)." })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item; pass it as `after` for the next page (末项游标)." })
  endCursor: string | null;
}
