import type { IndicatorRef } from "./indicator-ref";

/**
 * The precision analytics answer with, applied once, on output: amounts and counts (sums of DECIMAL(20,4) cells)
 * to 4 decimal places, rates and relative changes to 6. A change is computed on the values scaled to whole
 * ten-thousandths (exact integers), so it carries no float noise such as -185.27999999999975.
 */
export const AMOUNT_PLACES = 4;
export const RATE_PLACES = 6;

/** The places an indicator's values are given to: a rate's RATE_PLACES, anything else's AMOUNT_PLACES. */
export function placesOf(indicator: IndicatorRef): number {
  return indicator.kind === "DERIVED" && indicator.formula.denominator !== null ? RATE_PLACES : AMOUNT_PLACES;
}

/** `value` rounded half away from zero to `places` decimal places; null stays null. */
export function roundTo(value: number | null, places: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const scale = 10 ** places;
  return (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale;
}

/** value − previous in exact ten-thousandths (both rounded to AMOUNT_PLACES first). */
export function exactChange(value: number, previous: number): number {
  const scale = 10 ** AMOUNT_PLACES;
  return (Math.round(value * scale) - Math.round(previous * scale)) / scale;
}
