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
  valuesConfig: {
    PROVINCE: { description: "Province-level (省级)." },
    CITY: { description: "City-level, prefecture (地市级)." },
    COUNTY: { description: "County-level: county, district or county-level city (县级)." },
  },
});
registerEnumType(AgencyKindEnum, {
  name: "AgencyKind",
  description: "Kind of issuing organ (机关类型): government, general office, department, township or other.",
  valuesConfig: {
    GOVERNMENT: { description: "A people's government (人民政府)." },
    GENERAL_OFFICE: { description: "A government's general office (办公厅/办公室)." },
    DEPARTMENT: { description: "A government department or bureau (政府部门)." },
    TOWNSHIP: { description: "A township, town or sub-district (乡镇/街道)." },
    OTHER: { description: "Any other organ (其他机关)." },
  },
});
registerEnumType(TemplateVersionEnum, {
  name: "TemplateVersion",
  description: "Version of the national report template (模板版本): 2019, 2021, pre-2019 legacy, or unknown.",
  valuesConfig: {
    TPL_2019: { description: "The 2019 national template, used for 2019 and 2020 reports (2019版模板)." },
    TPL_2021: { description: "The 2021 national template, used from 2021 reports on (2021版模板)." },
    LEGACY_PRE2019: { description: "A report before the 2019 template, without the national tables (2019年前旧版)." },
    UNKNOWN: { description: "The template could not be recognised (无法识别)." },
  },
});
registerEnumType(ReportScopeEnum, {
  name: "ReportScope",
  description: "What a report covers (报告范围): one agency, or a government's whole-jurisdiction aggregate.",
  valuesConfig: {
    AGENCY: { description: "The report covers one agency's own work (单个机关)." },
    GOVERNMENT_AGGREGATE: { description: "The report totals a government's whole jurisdiction (全辖区汇总)." },
  },
});
registerEnumType(ValueStateEnum, {
  name: "ValueState",
  description:
    "How a cell's value was read (取值状态): a value, blank, a not-applicable mark, illegible, uncertain, absent, derived, or corrected by a person.",
  valuesConfig: {
    VALUE: { description: "A number was read (有数值)." },
    BLANK: { description: "The cell was printed empty (空白)." },
    NA_MARK: { description: "The cell holds a not-applicable mark such as — or / (不适用标记)." },
    ILLEGIBLE: { description: "The cell could not be read (无法识别)." },
    UNCERTAIN: { description: "A number was read but may be wrong (存疑)." },
    ABSENT: { description: "The template has the cell but the text did not yield it (未取得)." },
    DERIVED: { description: "Computed from other cells, not printed (推算值)." },
    CORRECTED: { description: "Entered by a person over the parser's reading, which is kept beside it (人工更正)." },
  },
});
registerEnumType(CellKindEnum, {
  name: "CellKind",
  description: "What kind of number a cell holds (单元格类型): a count, item count, signed change, amount, printed total or derived value.",
  valuesConfig: {
    COUNT: { description: "A count of items, such as documents or requests (件数)." },
    ITEM_COUNT: { description: "A count of matters or items (项数)." },
    RECORD_COUNT: { description: "A count of published records, 条, such as the pieces of information a pre-2019 report says it published (条数)." },
    SIGNED_DELTA: { description: "A change in matters, may be negative (增减数)." },
    AMOUNT_WAN_YUAN: { description: "An amount of money in 万元, ten thousand yuan (金额，万元)." },
    AMOUNT_RAW_UNIT: {
      description: "An amount of money the 2019 template prints without a unit (采购总金额), stored converted to 万元 (金额，模板未印单位，按万元存储).",
    },
    PRINTED_TOTAL: { description: "A total printed by the report (印刷合计)." },
    DERIVED: { description: "A value computed from other cells (推算值)." },
  },
});
registerEnumType(ComparabilityEnum, {
  name: "Comparability",
  description: "How an indicator compares across the 2019 and 2021 templates (跨版本可比性).",
  valuesConfig: {
    SAME: { description: "Same meaning in both templates (两版含义相同)." },
    APPROXIMATE: { description: "Close but not identical across the templates (两版近似可比)." },
    AGGREGATE_ONLY: { description: "Printed in one template, derived from sub-rows in the other: compare totals only (仅合计可比)." },
    SINGLE_VERSION: { description: "Printed by one template only (仅一版模板有)." },
  },
});
