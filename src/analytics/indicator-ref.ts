import type { CatalogVersion } from "../domain/codes";
import { DERIVED_INDICATOR_NAMES, INDICATOR_FORMULAS, type DerivedIndicatorName, type FormulaTerm, type IndicatorFormula } from "../domain/derived-indicators";
import { INDICATORS, type IndicatorDefinition } from "../domain/indicator-catalog";
import { quoteInput } from "../domain/quote-input";

/**
 * What analytics can compute: a cell of the template (its catalog code, TABLE.ROW.COLUMN) or a derived indicator
 * (its name, e.g. disclosureRate). A cell indicator reads the member of its comparability group that a report's
 * template prints, so 2019 NEW_MADE and 2021 ISSUED line up as one (approximately comparable) series.
 */
export type IndicatorRef =
  | { readonly kind: "CELL"; readonly code: string; readonly definition: IndicatorDefinition; readonly members: readonly IndicatorDefinition[] }
  | { readonly kind: "DERIVED"; readonly code: DerivedIndicatorName; readonly formula: IndicatorFormula };

/** An indicator name that is neither a catalog code nor a derived indicator. */
export class UnknownIndicatorError extends Error {
  constructor(readonly code: string) {
    super(
      `${quoteInput(code)} is neither an indicator code (TABLE.ROW.COLUMN, see \`indicators\`) nor a derived indicator (${DERIVED_INDICATOR_NAMES.join(", ")})`,
    );
  }
}

const BY_CODE = new Map(INDICATORS.map((indicator) => [indicator.code, indicator]));

/** Resolves an indicator name; throws UnknownIndicatorError. */
export function resolveIndicator(code: string): IndicatorRef {
  if ((DERIVED_INDICATOR_NAMES as readonly string[]).includes(code)) {
    return { kind: "DERIVED", code: code as DerivedIndicatorName, formula: INDICATOR_FORMULAS[code as DerivedIndicatorName] };
  }
  const definition = BY_CODE.get(code);
  if (!definition) throw new UnknownIndicatorError(code);
  const members =
    definition.comparability === "APPROXIMATE"
      ? INDICATORS.filter((indicator) => indicator.comparabilityGroup === definition.comparabilityGroup)
      : [definition];
  return { kind: "CELL", code, definition, members };
}

/** The cells an indicator reads, as formula sides: a cell indicator is "any one member of its group". */
export function formulaOf(indicator: IndicatorRef): { numerator: readonly FormulaTerm[]; denominator: readonly FormulaTerm[] | null; anyOf: boolean } {
  if (indicator.kind === "DERIVED") return { ...indicator.formula, anyOf: false };
  return {
    numerator: indicator.members.map((member) => ({ table: member.tableCode, row: member.rowCode, column: member.columnCode, sign: 1 as const })),
    denominator: null,
    anyOf: true,
  };
}

/** The label of an indicator, Chinese and English. */
export function labelsOf(indicator: IndicatorRef): { labelZh: string; labelEn: string } {
  return indicator.kind === "DERIVED"
    ? { labelZh: indicator.formula.labelZh, labelEn: indicator.formula.labelEn }
    : { labelZh: indicator.definition.labelZh, labelEn: indicator.definition.labelEn };
}

/** How a value of this indicator compares between two template versions (null when it does not). */
export function comparabilityBetween(
  indicator: IndicatorRef,
  before: CatalogVersion | null,
  after: CatalogVersion | null,
): { comparable: boolean; exact: boolean; note: string | null } {
  if (!before || !after) return { comparable: false, exact: false, note: "the year is missing" };
  if (indicator.kind === "DERIVED" || before === after) return { comparable: true, exact: true, note: null };
  const inBefore = indicator.members.find((member) => member.versions.includes(before));
  const inAfter = indicator.members.find((member) => member.versions.includes(after));
  if (!inBefore || !inAfter) {
    const missing = !inBefore ? before : after;
    return { comparable: false, exact: false, note: indicator.definition.comparabilityNote ?? `not printed by the ${missing} template` };
  }
  if (inBefore.code !== inAfter.code)
    return { comparable: true, exact: false, note: `approximately comparable: ${indicator.definition.comparabilityNote ?? ""}`.trim() };
  if (indicator.definition.comparability === "AGGREGATE_ONLY") return { comparable: true, exact: true, note: "compared as the total of （六）其他处理" };
  return { comparable: true, exact: true, note: null };
}
