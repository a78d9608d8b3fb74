import { registerEnumType } from "type-graphql";

export const ChangeComparabilityEnum = {
  SAME: "SAME",
  APPROXIMATE: "APPROXIMATE",
  NOT_COMPARABLE: "NOT_COMPARABLE",
  REPORTERS_CHANGED: "REPORTERS_CHANGED",
  NO_PREVIOUS: "NO_PREVIOUS",
} as const;
registerEnumType(ChangeComparabilityEnum, {
  name: "ChangeComparability",
  description:
    "Whether a value can be compared with the year before (与上年可比性): same definition, approximately, not at all (template change), a region whose reporting members changed, or no previous value.",
  valuesConfig: {
    SAME: { description: "Same definition and, for a region, the same reporting members (口径相同)." },
    APPROXIMATE: { description: "Approximately comparable: the template renamed or regrouped the cell (近似可比)." },
    NOT_COMPARABLE: { description: "Not comparable: the template changed what is counted (不可比)." },
    REPORTERS_CHANGED: { description: "A region whose set of reporting members changed; see cohort (报送机关变化)." },
    NO_PREVIOUS: { description: "No value the year before, or no report this year (无上年数值)." },
  },
});

export const TotalsModeEnum = { PRINTED: "PRINTED", COMPONENTS: "COMPONENTS" } as const;
registerEnumType(TotalsModeEnum, {
  name: "TotalsMode",
  description: "How a printed total that fails its rule is read (合计取值方式).",
  valuesConfig: {
    PRINTED: { description: "As printed: nothing is silently fixed; the default (按印刷值)." },
    COMPONENTS: { description: "A section 四 TOTAL that fails R4 is replaced by the sum of its printed components (按分项之和)." },
  },
});

export const CohortModeEnum = { ALL: "ALL", BALANCED: "BALANCED" } as const;
registerEnumType(CohortModeEnum, {
  name: "CohortMode",
  description: "Which members of a region are counted (成员口径).",
  valuesConfig: {
    ALL: { description: "Every member that reported that year; the default (全部报送机关)." },
    BALANCED: { description: "Only members that reported in every year asked (各年均报送的机关)." },
  },
});

export const IndicatorKindEnum = { CELL: "CELL", DERIVED: "DERIVED" } as const;
registerEnumType(IndicatorKindEnum, {
  name: "IndicatorKind",
  description: "A template cell (单元格指标) or a derived indicator (派生指标).",
  valuesConfig: {
    CELL: { description: "A cell of the template, TABLE.ROW.COLUMN (单元格指标)." },
    DERIVED: { description: "A derived indicator computed from cells (派生指标)." },
  },
});

export const AggregateDimensionEnum = { YEAR: "YEAR", REGION: "REGION", AGENCY_KIND: "AGENCY_KIND", TEMPLATE_VERSION: "TEMPLATE_VERSION" } as const;
registerEnumType(AggregateDimensionEnum, {
  name: "AggregateDimension",
  description: "What reports can be grouped by (分组维度).",
  valuesConfig: {
    YEAR: { description: "The report's year (年度)." },
    REGION: { description: "The agency's region at regionLevel (行政区划)." },
    AGENCY_KIND: { description: "The agency kind (机关类型)." },
    TEMPLATE_VERSION: { description: "The template version (模板版本)." },
  },
});
