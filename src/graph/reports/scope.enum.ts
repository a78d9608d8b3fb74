import { registerEnumType } from "type-graphql";
import { SCOPE_EVIDENCE_KINDS, SCOPE_SOURCES } from "../../domain/codes";
import { enumOf } from "../core/domain.enum";

/** How a report's scope was decided (src/domain/codes.ts SCOPE_SOURCES), as a GraphQL enum. */
export const ScopeSourceEnum = enumOf(SCOPE_SOURCES);

/** Kinds of evidence for a report's scope (src/domain/codes.ts SCOPE_EVIDENCE_KINDS), as a GraphQL enum. */
export const ScopeEvidenceKindEnum = enumOf(SCOPE_EVIDENCE_KINDS);

registerEnumType(ScopeSourceEnum, {
  name: "ScopeSource",
  description: "How a report's scope was decided (报告范围的判定依据).",
  valuesConfig: {
    PARSED_TEXT: { description: "From statements in the report's own text (依据报告正文)." },
    NAME: { description: "From the agency's name and kind alone; the text said nothing either way (依据机关名称)." },
    MAINTAINER: { description: "Set by a maintainer over the parser's reading (维护人员指定)." },
  },
});
registerEnumType(ScopeEvidenceKindEnum, {
  name: "ScopeEvidenceKind",
  description: "A kind of evidence for a report's scope (报告范围证据类型).",
  valuesConfig: {
    JURISDICTION_TOTAL: { description: "A whole-jurisdiction total with a sum word, e.g. 全市共受理…件 (全域合计)." },
    JURISDICTION_STATEMENT: { description: "A whole-jurisdiction figure without a sum word, e.g. 全区受理…件 (全域表述)." },
    UNITS_SUMMARY: { description: "Figures of subordinate units summed, e.g. 各级行政机关, 汇总 (汇总下属单位)." },
    OWN_ORGAN: { description: "The figures are the organ's own, e.g. 代表区政府受理 (本机关数据)." },
    AGENCY_KIND: { description: "The agency kind: a government leans to aggregate; a department or township never is (机关类型)." },
    REGION_NAME: { description: "The agency read is the bare name of a region, not of an organ (名称为行政区)." },
  },
});
