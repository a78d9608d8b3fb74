import { registerEnumType } from "type-graphql";

export const AgencyOrderFieldEnum = { ID: "ID", NAME: "NAME" } as const;
registerEnumType(AgencyOrderFieldEnum, {
  name: "AgencyOrderField",
  description: "What agencies can be ordered by (机关排序字段).",
  valuesConfig: {
    ID: { description: "By id, the order agencies were first stored (按编号)." },
    NAME: { description: "By name, in the database's collation (按名称)." },
  },
});
