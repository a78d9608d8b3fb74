import { Field, InputType } from "type-graphql";
import type { AgencyKind } from "../../domain/codes";
import { AgencyKindEnum } from "../core/domain.enum";
import { OrderDirectionEnum } from "../core/order-direction.enum";
import { AgencyOrderFieldEnum } from "./agency.enum";

@InputType("AgencyOrder", { description: "How to order agencies; ties are broken by id (机关排序)." })
export class AgencyOrder {
  @Field(() => AgencyOrderFieldEnum, { description: "What to order by (排序字段)." })
  field: keyof typeof AgencyOrderFieldEnum;

  @Field(() => OrderDirectionEnum, { defaultValue: "ASC", description: "Ascending or descending (方向)." })
  direction: keyof typeof OrderDirectionEnum;
}

@InputType("AgencyFilter", { description: "Which agencies to list (机关筛选)." })
export class AgencyFilter {
  @Field(() => String, { nullable: true, description: "Only agencies in this region or under it (行政区划及其下级)." })
  regionCode?: string | null;

  @Field(() => [AgencyKindEnum], { nullable: true, description: "Only these kinds (机关类型)." })
  kinds?: AgencyKind[] | null;

  @Field(() => String, { nullable: true, description: "Only names containing this text (名称包含)." })
  nameContains?: string | null;
}
