import type { CellKind } from "./codes";
import { getTable, type ColumnDefinition, type TableDefinition } from "./template-catalog";

/**
 * Units of the template's cells (docs/tables.md). Counts are 件 or 项; every amount of money is stored in the
 * template's unit, 万元, whatever unit the report printed, so that no sum mixes units. Conversion moves the decimal
 * point of the printed digits (no binary floating-point arithmetic), so a converted value is the printed amount
 * rounded once, to the nearest double.
 */

/** The units a report prints money in. */
export type MoneyUnit = "元" | "万元";

/** The unit every amount of money is stored, served and exported in. */
export const TEMPLATE_MONEY_UNIT: MoneyUnit = "万元";

/** Powers of ten from a printed money unit to the template's (1 元 = 10^-4 万元). */
const PLACES_TO_TEMPLATE: Readonly<Record<MoneyUnit, number>> = { 元: -4, 万元: 0 };

const UNIT_OF_KIND: Readonly<Record<CellKind, string>> = {
  COUNT: "件",
  PRINTED_TOTAL: "件",
  DERIVED: "件",
  ITEM_COUNT: "项",
  RECORD_COUNT: "条",
  SIGNED_DELTA: "项",
  AMOUNT_WAN_YUAN: TEMPLATE_MONEY_UNIT,
  // 采购总金额 has no unit in the 2019 template; it is stored converted to 万元 like every amount.
  AMOUNT_RAW_UNIT: TEMPLATE_MONEY_UNIT,
};

/** The unit a cell of this kind is stored in: 件, 项 or 万元. */
export function unitOfKind(kind: CellKind): string {
  return UNIT_OF_KIND[kind];
}

/** Whether cells of this kind hold an amount of money (and so are converted to 万元). */
export function isMoneyKind(kind: CellKind): boolean {
  return kind === "AMOUNT_WAN_YUAN" || kind === "AMOUNT_RAW_UNIT";
}

/**
 * The unit the cell (table, row, column) is stored, served and exported in, from the template catalog. Throws on a
 * table, row or column the template does not have, which is a programmer error.
 */
export function unitOfCell(table: string, row: string, column: string): string {
  const definition = getTable(table);
  if (!definition.rows.some((entry) => entry.code === row) || !definition.columns.some((entry) => entry.code === column)) {
    throw new Error(`Unknown cell ${table}.${row}.${column}`);
  }
  return unitOfKind(definition.cellKind(row, column));
}

/**
 * A column's header as a writer of reports should print it: the template's label, with the stored unit added to a
 * money column whose label states none (采购总金额 → 采购总金额(单位:万元)), so that a reader does not have to guess it.
 */
export function headerLabelWithUnit(table: TableDefinition, column: ColumnDefinition): string {
  const kind = table.cellKind(table.rows[0].code, column.code);
  if (!isMoneyKind(kind) || headerMoneyUnit(column.labelZh) !== null) return column.labelZh;
  return `${column.labelZh}(单位:${unitOfKind(kind)})`;
}

/** A unit glued to a printed number ("75394432.52元"), or null. */
export function gluedMoneyUnit(printed: string): MoneyUnit | null {
  const match = /(万元|元)$/.exec(printed);
  return match ? (match[1] as MoneyUnit) : null;
}

/**
 * The money unit a table header states ("采购总金额(单位:万元)", "金额（元）"), or null. Only a unit introduced by
 * 单位 or an opening parenthesis counts, so that a word merely containing 元 is not read as one.
 */
export function headerMoneyUnit(header: string): MoneyUnit | null {
  const match = /(?:单位\s*[:：]?|[(（])\s*(万元|元)/.exec(header);
  return match ? (match[1] as MoneyUnit) : null;
}

/** Moves the decimal point of a plain decimal numeral ("-75394432.52") by `places`, exactly, as text. */
function shiftDecimal(numeral: string, places: number): string {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(numeral);
  if (!match) throw new Error(`Not a decimal numeral: "${numeral}"`);
  const [, sign, whole, fraction = ""] = match;
  const digits = whole + fraction;
  const point = whole.length + places;
  const padded = point <= 0 ? "0".repeat(1 - point) + digits : digits.padEnd(point, "0");
  const at = Math.max(point, 1);
  const integer = padded.slice(0, at).replace(/^0+(?=\d)/, "");
  const decimals = padded.slice(at).replace(/0+$/, "");
  return `${sign === "-" ? "-" : ""}${integer}${decimals ? `.${decimals}` : ""}`;
}

/**
 * Decimals a stored amount keeps: the cell column is DECIMAL(20,4) (report-cell.entity.ts), so 万元 are kept to the
 * yuan. A converted amount is rounded to it here, once, so that every database stores the same number.
 */
export const STORED_MONEY_DECIMALS = 4;

/** Rounds a plain decimal numeral to `places` decimals, half away from zero, exactly, as text. */
function roundDecimal(numeral: string, places: number): string {
  const [, sign, whole, fraction = ""] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(numeral)!;
  if (fraction.length <= places) return numeral;
  const kept = BigInt(whole + fraction.slice(0, places)) + (fraction[places] >= "5" ? 1n : 0n);
  const digits = kept.toString().padStart(places + 1, "0");
  return shiftDecimal(`${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`, 0);
}

/** A printed amount in the template's unit: the stored value, the exact decimal text, and the factor applied. */
export interface ConvertedAmount {
  readonly value: number;
  readonly exact: string;
  readonly stored: string;
  readonly factor: string;
}

/**
 * Converts a printed amount (its digits, without the unit: "75394432.52") from `unit` to 万元: exactly 7539.443252,
 * stored as 7539.4433 (`STORED_MONEY_DECIMALS`), factor "0.0001". Decimal arithmetic on the digits, rounded once.
 */
export function toTemplateMoney(numeral: string, unit: MoneyUnit): ConvertedAmount {
  const places = PLACES_TO_TEMPLATE[unit];
  const exact = shiftDecimal(numeral, places);
  const stored = roundDecimal(exact, STORED_MONEY_DECIMALS);
  return { value: Number(stored), exact, stored, factor: shiftDecimal("1", places) };
}
