import { registerEnumType } from "type-graphql";

export const RowKindEnum = { LEAF: "LEAF", PRINTED_TOTAL: "PRINTED_TOTAL", GROUP: "GROUP" } as const;
registerEnumType(RowKindEnum, {
  name: "RowKind",
  description: "How a row is printed (行类型): a data row, a printed total, or a group label whose subtotal is derived.",
});
