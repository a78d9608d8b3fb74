import { Field, Int, ObjectType } from "type-graphql";
import type { AgencyKind } from "../../domain/codes";
import { Connection } from "../core/connection";
import { AgencyKindEnum } from "../core/domain.enum";
import { NodeInterface } from "../core/node.type";

/** An issuing organ. */
@ObjectType("Agency", { implements: NodeInterface, description: "An issuing organ (机关) that publishes annual reports; one identity across years." })
export class AgencyType extends NodeInterface {
  @Field(() => Int, { description: "Numeric key in the database (数据库编号); prefer `id`." })
  databaseId: number;

  @Field({ description: "Name as printed in its most recent report (机关名称)." })
  name: string;

  @Field(() => AgencyKindEnum, { description: "Kind of organ (机关类型)." })
  kind: AgencyKind;

  regionCode: string;
}

export const AgencyConnection = Connection(AgencyType, "Agency", "agencies (机关)");
