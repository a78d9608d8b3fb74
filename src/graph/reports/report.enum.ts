import { registerEnumType } from "type-graphql";

export const ReportOrderFieldEnum = { ID: "ID", YEAR: "YEAR", AGENCY_NAME: "AGENCY_NAME", ERROR_COUNT: "ERROR_COUNT" } as const;
registerEnumType(ReportOrderFieldEnum, {
  name: "ReportOrderField",
  description: "What reports can be ordered by (报告排序字段).",
  valuesConfig: {
    ID: { description: "By id, the order reports were first stored (按编号)." },
    YEAR: { description: "By the year the report covers (按年度)." },
    AGENCY_NAME: { description: "By the issuing agency's name (按机关名称)." },
    ERROR_COUNT: { description: "By the number of validation errors (按校验错误数)." },
  },
});
