import { registerEnumType } from "type-graphql";

export const OrderDirectionEnum = { ASC: "ASC", DESC: "DESC" } as const;
registerEnumType(OrderDirectionEnum, {
  name: "OrderDirection",
  description: "Ascending or descending (排序方向).",
  valuesConfig: { ASC: { description: "Smallest first (升序)." }, DESC: { description: "Largest first (降序)." } },
});
