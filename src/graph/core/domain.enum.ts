import { registerEnumType } from "type-graphql";
import { AGENCY_KINDS, CELL_KINDS, COMPARABILITIES, REGION_LEVELS, REPORT_SCOPES, TEMPLATE_VERSIONS, VALUE_STATES } from "../../domain/codes";

/** The domain's code lists (src/domain/codes.ts) as GraphQL enums, shared by every feature of the graph. */

/** Turns a list of codes into the enum object type-graphql registers. */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const RegionLevelEnum = enumOf(REGION_LEVELS);
export const AgencyKindEnum = enumOf(AGENCY_KINDS);
export const TemplateVersionEnum = enumOf(TEMPLATE_VERSIONS);
export const ReportScopeEnum = enumOf(REPORT_SCOPES);
export const ValueStateEnum = enumOf(VALUE_STATES);
export const CellKindEnum = enumOf(CELL_KINDS);
export const ComparabilityEnum = enumOf(COMPARABILITIES);

registerEnumType(RegionLevelEnum, {
  name: "RegionLevel",
  description: "Administrative level of a region (行政级别): province, city or county.",
});
registerEnumType(AgencyKindEnum, {
  name: "AgencyKind",
  description: "Kind of issuing organ (机关类型): government, general office, department, township or other.",
});
registerEnumType(TemplateVersionEnum, {
  name: "TemplateVersion",
  description: "Version of the national report template (模板版本): 2019, 2021, pre-2019 legacy, or unknown.",
});
registerEnumType(ReportScopeEnum, {
  name: "ReportScope",
  description: "What a report covers (报告范围): one agency, or a government's whole-jurisdiction aggregate.",
});
registerEnumType(ValueStateEnum, {
  name: "ValueState",
  description: "How a cell's value was read (取值状态): a value, blank, a not-applicable mark, illegible, uncertain, absent or derived.",
});
registerEnumType(CellKindEnum, {
  name: "CellKind",
  description: "What kind of number a cell holds (单元格类型): a count, item count, signed change, amount, printed total or derived value.",
});
registerEnumType(ComparabilityEnum, {
  name: "Comparability",
  description: "How an indicator compares across the 2019 and 2021 templates (跨版本可比性).",
});
