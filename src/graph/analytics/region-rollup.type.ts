import { Field, Int, ObjectType } from "type-graphql";
import type { Agency } from "../../entities";
import { AgencyType } from "../agencies/agency.type";
import { CohortChangeType, IndicatorValueType, ReconciliationValueType } from "./analytics.type";

@ObjectType("Reconciliation", { description: "A government's aggregate report beside the sum of its members (汇总核对)." })
export class ReconciliationType {
  reportId: number;

  @Field(() => [ReconciliationValueType], { description: "Per indicator (各指标)." })
  values: ReconciliationValueType[];
}

@ObjectType("RegionRollup", { description: "A region's AGENCY-scope reports summed for a year, with reconciliation (辖区汇总)." })
export class RegionRollupType {
  regionCode: string;

  @Field(() => Int, { description: "Year (年度)." })
  year: number;

  @Field(() => Int, { description: "AGENCY-scope reports summed (成员报告数)." })
  memberReportCount: number;

  @Field(() => [IndicatorValueType], { description: "The sums (汇总值)." })
  values: IndicatorValueType[];

  @Field(() => Int, { description: "Agencies that reported the year before but not this year (缺报机关数)." })
  missingAgencyCount: number;

  @Field(() => [AgencyType], { description: "Those agencies, at most 100 (缺报机关)." })
  missingAgencies: Agency[];

  @Field(() => CohortChangeType, { description: "The members that reported this year against the year before (报送机关变化)." })
  cohort: CohortChangeType;

  @Field(() => [ReconciliationType], { description: "The region's own GOVERNMENT_AGGREGATE reports against the sum (汇总核对)." })
  reconciliations: ReconciliationType[];
}
