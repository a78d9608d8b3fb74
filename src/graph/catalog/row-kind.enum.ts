import { registerEnumType } from "type-graphql";

export const RowKindEnum = { LEAF: "LEAF", PRINTED_TOTAL: "PRINTED_TOTAL", GROUP: "GROUP" } as const;
registerEnumType(RowKindEnum, {
  name: "RowKind",
  description: "How a row is printed (行类型): a data row, a printed total, or a group label whose subtotal is derived.",
  valuesConfig: {
    LEAF: { description: "A data row with its own printed values (数据行)." },
    PRINTED_TOTAL: { description: "A total row the template prints (合计行)." },
    GROUP: { description: "A group label whose subtotal is derived from its rows (分组标题行)." },
  },
});
