import { Field, Int, ObjectType } from "type-graphql";
import type { AgencyKind } from "../domain/codes";
import { AgencyKindEnum } from "./enums";

/** An issuing organ. */
@ObjectType("Agency", { description: "An issuing organ (机关) that publishes annual reports; one identity across years." })
export class AgencyType {
  @Field(() => Int, { description: "Stable id (机关编号)." })
  id: number;

  @Field({ description: "Name as printed in its most recent report (机关名称)." })
  name: string;

  @Field(() => AgencyKindEnum, { description: "Kind of organ (机关类型)." })
  kind: AgencyKind;

  regionCode: string;
}
