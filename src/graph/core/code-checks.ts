import { TABLE_CODES } from "../../domain/codes";
import { quoteInput } from "../../domain/quote-input";
import { APPLICANT_COLUMNS, TEMPLATE_TABLES } from "../../domain/template-catalog";
import { CONTINUITY_RULES } from "../../ingest/continuity";
import { EVIDENCE_RULES } from "../../ingest/evidence";
import { NARRATIVE_RULE } from "../../parse/narrative";
import { ARITHMETIC_RULES } from "../../parse/validate-report";
import { BadUserInputError } from "./errors";

/**
 * Checks of code-valued arguments against the template's catalog: an unknown code is refused with
 * BAD_USER_INPUT naming the argument and listing the codes allowed, instead of silently matching nothing.
 */

/** The parser's and the metadata reader's own issue rules (src/parse, src/documents, src/ingest/value-range.ts). */
const PARSE_RULES = [
  "PARSE_AMBIGUOUS",
  "PARSE_LEGACY_LAYOUT",
  "PARSE_ROW_MISSING",
  "PARSE_TABLE_MISSING",
  "PARSE_TABLE_UNREADABLE",
  "PARSE_TEMPLATE_UNKNOWN",
  "PARSE_UNIT_CONVERTED",
  "PARSE_VALUE_MISSING",
  "PARSE_VALUE_OUT_OF_RANGE",
  "PARSE_VALUE_UNREADABLE",
  "META_AGENCY_MISSING",
  "META_REGION_AMBIGUOUS",
  "META_YEAR_MISSING",
] as const;

/** Every rule a validation issue can carry: the arithmetic, continuity, parse and metadata rules, the evidence decisions and T1. */
export const VALIDATION_RULES: readonly string[] = [...ARITHMETIC_RULES, ...CONTINUITY_RULES, ...PARSE_RULES, ...EVIDENCE_RULES, NARRATIVE_RULE];

/** Every table's code, and per table its row and column codes, in template order. */
const ROWS_BY_TABLE = new Map(TEMPLATE_TABLES.map((table) => [table.code as string, table.rows.map((row) => row.code)]));
const COLUMNS_BY_TABLE = new Map(TEMPLATE_TABLES.map((table) => [table.code as string, table.columns.map((column) => column.code)]));

/** The applicant-type column codes of section 三 (TOTAL, NATURAL_PERSON, …), in template order. */
export const APPLICANT_COLUMN_CODES: readonly string[] = APPLICANT_COLUMNS.map((column) => column.code);

const unique = (codes: Iterable<string>): string[] => [...new Set(codes)];

/** Refuses `value` unless it is one of `allowed`; the message lists them. Returns the value. */
export function checkCode(argument: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw new BadUserInputError(argument, `${quoteInput(value)} is not one of ${allowed.join(", ")}`);
  return value;
}

/** Checks a table code. */
export function checkTableCode(argument: string, code: string): string {
  return checkCode(argument, code, TABLE_CODES);
}

/** Checks a row code: one of the table's rows when the table is known, else one of any table's rows. */
export function checkRowCode(argument: string, code: string, tableCode?: string | null): string {
  const allowed = tableCode ? ROWS_BY_TABLE.get(tableCode)! : unique([...ROWS_BY_TABLE.values()].flat());
  return checkCode(argument, code, allowed);
}

/** Checks a column code: one of the table's columns when the table is known, else one of any table's columns. */
export function checkColumnCode(argument: string, code: string, tableCode?: string | null): string {
  const allowed = tableCode ? COLUMNS_BY_TABLE.get(tableCode)! : unique([...COLUMNS_BY_TABLE.values()].flat());
  return checkCode(argument, code, allowed);
}
