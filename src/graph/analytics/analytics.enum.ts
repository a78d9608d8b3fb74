import { registerEnumType } from "type-graphql";

export const ChangeComparabilityEnum = { SAME: "SAME", APPROXIMATE: "APPROXIMATE", NOT_COMPARABLE: "NOT_COMPARABLE", NO_PREVIOUS: "NO_PREVIOUS" } as const;
registerEnumType(ChangeComparabilityEnum, {
  name: "ChangeComparability",
  description:
    "Whether a value can be compared with the year before (与上年可比性): same definition, approximately, not at all (template change), or no previous year.",
});

export const IndicatorKindEnum = { CELL: "CELL", DERIVED: "DERIVED" } as const;
registerEnumType(IndicatorKindEnum, { name: "IndicatorKind", description: "A template cell (单元格指标) or a derived indicator (派生指标)." });

export const AggregateDimensionEnum = { YEAR: "YEAR", REGION: "REGION", AGENCY_KIND: "AGENCY_KIND", TEMPLATE_VERSION: "TEMPLATE_VERSION" } as const;
registerEnumType(AggregateDimensionEnum, { name: "AggregateDimension", description: "What reports can be grouped by (分组维度)." });
