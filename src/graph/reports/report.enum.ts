import { registerEnumType } from "type-graphql";

export const ReportOrderFieldEnum = { ID: "ID", YEAR: "YEAR", AGENCY_NAME: "AGENCY_NAME", ERROR_COUNT: "ERROR_COUNT" } as const;
registerEnumType(ReportOrderFieldEnum, { name: "ReportOrderField", description: "What reports can be ordered by (报告排序字段)." });
