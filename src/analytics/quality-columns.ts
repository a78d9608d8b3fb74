import type { ValueQuality } from "./value-query";

/**
 * The quality of an analytic value as columns, for the exports: every value `runValueQuery` answers carries a
 * `ValueQuality` (`row.values[i].quality`), and an export writes these columns beside it, in this order, with
 * these labels, so the graph and the files say the same thing.
 */
export const QUALITY_COLUMNS: ReadonlyArray<{ readonly key: keyof ValueQuality; readonly labelZh: string; readonly labelEn: string }> = [
  { key: "reportsCounted", labelZh: "计入报告数", labelEn: "Reports counted" },
  { key: "reportsWithUncertainInputs", labelZh: "含存疑或无法辨认输入的报告数", labelEn: "Reports with uncertain or illegible inputs" },
  { key: "reportsFailingInputRules", labelZh: "输入单元格违反校验规则的报告数", labelEn: "Reports failing an R1–R5 rule on an input" },
  { key: "reportsWithComponentTotals", labelZh: "以分项之和替代合计的报告数", labelEn: "Reports whose failing total was replaced by its components" },
  { key: "inputsCorrected", labelZh: "人工更正的输入数", labelEn: "Inputs corrected by a person (0 until corrections exist)" },
  { key: "totals", labelZh: "合计取值方式", labelEn: "Totals read as" },
];

/** A value's quality as the cells of QUALITY_COLUMNS, in order. */
export function qualityCells(quality: ValueQuality): Array<string | number> {
  return QUALITY_COLUMNS.map((column) => quality[column.key]);
}
