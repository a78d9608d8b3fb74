import { registerEnumType } from "type-graphql";

export const AgencyOrderFieldEnum = { ID: "ID", NAME: "NAME" } as const;
registerEnumType(AgencyOrderFieldEnum, { name: "AgencyOrderField", description: "What agencies can be ordered by (机关排序字段)." });
