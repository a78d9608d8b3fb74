import type { EntityManager } from "typeorm";
import { IsNull } from "typeorm";
import { cellCode, fromCellRecord, recordCellCode, type Cell, type CellCode } from "../domain/cell";
import { cellNumber } from "../domain/cell-value";
import { CORRECTABLE_STATES, type CorrectionStatus, type TemplateVersion, type ValueState } from "../domain/codes";
import { INDICATORS } from "../domain/indicator-catalog";
import { CellCorrection, ReportCell, ValidationIssue } from "../entities";
import { fitsCellColumn } from "../ingest/value-range";
import { PARSER_VERSION, type ParsedReport, type ParseIssue } from "../parse";
import { rederive } from "../parse/rederive";
import { RevisionInputError } from "./revision-errors";

/**
 * A person's corrections as an overlay on the parser's reading: the parse is kept whole, each corrected cell takes
 * the person's value (state CORRECTED) or state, the derived cells and R1–R5 are computed again over the result,
 * and the parser's own reading of each corrected cell is kept beside the correction (cell_correction) and compared
 * with it on every parse: CONFIRMED when the parser reads the same, DISPUTED when it reads something else (the
 * correction stands; the report goes to the review queue).
 */

/** A correction as a client sends it: exactly one of `value` and `state`, and always a reason. */
export interface CorrectionInput {
  /** TABLE.ROW.COLUMN. */
  readonly cell: string;
  readonly value?: number | null;
  readonly state?: string | null;
  readonly reason: string;
  /** Where the person read it: a page of the PDF, a URL, a letter. */
  readonly evidence?: string | null;
}

/** A correction checked against the report's template: its cell, the value or state it sets, why and on what. */
export interface CheckedCorrection {
  readonly code: CellCode;
  readonly tableCode: string;
  readonly rowCode: string;
  readonly columnCode: string;
  readonly value: number | null;
  readonly valueState: ValueState;
  readonly reason: string;
  readonly evidence: string | null;
}

/** Corrections one request may carry. */
export const MAX_CORRECTIONS = 500;
/** The longest reason, evidence or note kept (the columns' length). */
export const NOTE_MAX = 1024;

/** The kinds of cell a value may be negative in (a change in items), and may have decimals in (money). */
const SIGNED_KINDS = new Set(["SIGNED_DELTA"]);
const FRACTIONAL_KINDS = new Set(["AMOUNT_WAN_YUAN", "AMOUNT_RAW_UNIT"]);

function checkText(field: string, value: unknown, required: boolean): string | null {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    if (required) throw new RevisionInputError(field, "is required: say why, in words");
    return null;
  }
  if (typeof value !== "string") throw new RevisionInputError(field, `must be text, got ${typeof value}`);
  if (value.length > NOTE_MAX) throw new RevisionInputError(field, `is ${value.length} characters long, over the ${NOTE_MAX} kept`);
  return value.trim();
}

/**
 * Checks a request's corrections against a report of `version`: a catalog cell the version prints (a derived cell
 * follows from its parts and is not corrected itself), a number that fits the cell's kind or a state a person may
 * give, a reason, each cell once. Throws RevisionInputError naming the field (`corrections[2].value`).
 */
export function checkCorrections(version: TemplateVersion, inputs: readonly CorrectionInput[], field = "corrections"): CheckedCorrection[] {
  if (inputs.length === 0) throw new RevisionInputError(field, "lists no correction");
  if (inputs.length > MAX_CORRECTIONS)
    throw new RevisionInputError(field, `lists ${inputs.length} corrections, over the ${MAX_CORRECTIONS} one request may carry`);
  const seen = new Map<string, number>();
  return inputs.map((input, index) => {
    const at = `${field}[${index}]`;
    const code = typeof input.cell === "string" ? input.cell.trim() : "";
    const indicator = INDICATORS.find((candidate) => candidate.code === code);
    if (!indicator)
      throw new RevisionInputError(
        `${at}.cell`,
        `${JSON.stringify(input.cell)} is not a cell of the catalog (TABLE.ROW.COLUMN; the indicators query lists them)`,
      );
    if (!(indicator.versions as readonly string[]).includes(version))
      throw new RevisionInputError(`${at}.cell`, `${code} is not a cell of a ${version} report (it exists in ${indicator.versions.join(", ")})`);
    if (indicator.derived) throw new RevisionInputError(`${at}.cell`, `${code} is derived from other cells: correct its parts instead`);
    if (seen.has(code)) throw new RevisionInputError(`${at}.cell`, `${code} is corrected twice in one request (also at ${field}[${seen.get(code)}])`);
    seen.set(code, index);
    const hasValue = input.value !== undefined && input.value !== null;
    const hasState = input.state !== undefined && input.state !== null;
    if (hasValue === hasState) throw new RevisionInputError(at, "give exactly one of value and state");
    let value: number | null = null;
    let valueState: ValueState = "CORRECTED";
    if (hasValue) {
      value = input.value as number;
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new RevisionInputError(`${at}.value`, `must be a number, got ${JSON.stringify(input.value)}`);
      if (!fitsCellColumn(value)) throw new RevisionInputError(`${at}.value`, `${value} is beyond what a cell holds (under 10^16 in magnitude)`);
      if (value < 0 && !SIGNED_KINDS.has(indicator.cellKind))
        throw new RevisionInputError(`${at}.value`, `${code} counts (${indicator.unit}) and cannot be negative`);
      if (!Number.isInteger(value) && !FRACTIONAL_KINDS.has(indicator.cellKind))
        throw new RevisionInputError(`${at}.value`, `${code} counts (${indicator.unit}) and must be a whole number`);
      if (Number(value.toFixed(4)) !== value) throw new RevisionInputError(`${at}.value`, "has more than the 4 decimal places a cell keeps");
    } else {
      if (!(CORRECTABLE_STATES as readonly string[]).includes(String(input.state)))
        throw new RevisionInputError(`${at}.state`, `must be one of ${CORRECTABLE_STATES.join(", ")}, got ${JSON.stringify(input.state)}`);
      valueState = input.state as ValueState;
    }
    return {
      code: code as CellCode,
      tableCode: indicator.tableCode,
      rowCode: indicator.rowCode,
      columnCode: indicator.columnCode,
      value,
      valueState,
      reason: checkText(`${at}.reason`, input.reason, true)!,
      evidence: checkText(`${at}.evidence`, input.evidence, false),
    };
  });
}

/** What a correction sets, as the overlay reads it. */
type Overlay = Pick<CellCorrection, "tableCode" | "rowCode" | "columnCode" | "value" | "valueState">;

/**
 * The report with `corrections` laid over its printed cells (each keeping the parser's printed text, line and
 * place in the document), derived cells and R1–R5 computed again. A report without corrections is returned as is.
 */
export function overlayCorrections<T extends Pick<ParsedReport, "cells" | "issues">>(report: T, corrections: readonly Overlay[]): T {
  if (corrections.length === 0) return report;
  const byCode = new Map(corrections.map((correction) => [recordCellCode(correction), correction]));
  const printed = report.cells.filter((cell) => cell.state !== "DERIVED");
  const overlaid = printed.map((cell): Cell => {
    const correction = byCode.get(cellCode(cell));
    if (!correction) return cell;
    byCode.delete(cellCode(cell));
    return { ...cell, value: correction.value, state: correction.valueState };
  });
  for (const correction of byCode.values()) {
    const { table, row, column } = fromCellRecord({
      ...correction,
      rawText: null,
      line: null,
      provenance: null,
      candidates: null,
      rowReadings: null,
      uncertainty: null,
      decidedBy: null,
    });
    overlaid.push({ table, row, column, value: correction.value, state: correction.valueState, raw: null, line: null });
  }
  return rederive(report, overlaid);
}

/** The parser's reading of one cell: value, state and printed text, or null when it has no such cell. */
export interface ParserReading {
  readonly value: number | null;
  readonly state: ValueState;
  readonly raw: string | null;
}

function readingOf(report: ParsedReport, code: string): ParserReading | null {
  const cell = report.cells.find((candidate) => cellCode(candidate) === code);
  return cell ? { value: cell.value, state: cell.state, raw: cell.raw } : null;
}

/**
 * What the parser's reading says of a correction: CONFIRMED when it reads the same number for certain (a BLANK
 * counting as 0) or the same state; STANDS when it cannot say (it reads the cell as UNCERTAIN or ILLEGIBLE, among
 * whose values the correction may be); DISPUTED when it reads something else for certain, or has no such cell.
 */
export function correctionStatus(correction: Overlay, reading: ParserReading | null): CorrectionStatus {
  if (!reading) return "DISPUTED";
  if (reading.state === "UNCERTAIN" || reading.state === "ILLEGIBLE") return "STANDS";
  if (correction.valueState !== "CORRECTED") return reading.state === correction.valueState ? "CONFIRMED" : "DISPUTED";
  return cellNumber(reading) === correction.value ? "CONFIRMED" : "DISPUTED";
}

/** What a new parse said of a report's standing corrections. */
export interface CorrectionCheck {
  readonly report: ParsedReport;
  /** Standing corrections, and how many of them the parser now confirms and disputes. */
  readonly standing: number;
  readonly confirmed: number;
  readonly disputed: number;
  /** Corrections whose parser's reading or status differs from what was kept beside them before. */
  readonly changed: number;
}

/** A report's standing corrections (not reverted), in the order they were made. */
export function standingCorrections(manager: EntityManager, reportId: number): Promise<CellCorrection[]> {
  return manager.find(CellCorrection, { where: { reportId, revertedAt: IsNull() }, order: { id: "ASC" } });
}

/**
 * Lays a report's standing corrections over a new parse of it (ingest of new content, reparse) and records, beside
 * each, the parser's new reading and what it says of the correction (`correctionStatus`). Answers the report to store
 * and the counts. Runs in the write's transaction; a report not stored yet has no corrections.
 */
export async function applyStandingCorrections(manager: EntityManager, reportId: number | null, parsed: ParsedReport): Promise<CorrectionCheck> {
  if (reportId === null) return { report: parsed, standing: 0, confirmed: 0, disputed: 0, changed: 0 };
  const corrections = await standingCorrections(manager, reportId);
  const counts = { CONFIRMED: 0, DISPUTED: 0, STANDS: 0 };
  let changed = 0;
  for (const correction of corrections) {
    const reading = readingOf(parsed, recordCellCode(correction));
    const status = correctionStatus(correction, reading);
    counts[status] += 1;
    const raw = reading?.raw?.slice(0, 255) ?? null;
    const same =
      correction.status === status &&
      correction.parsedValue === (reading?.value ?? null) &&
      correction.parsedState === (reading?.state ?? null) &&
      correction.parsedRawText === raw &&
      correction.parserVersion === PARSER_VERSION;
    if (same) continue;
    changed += 1;
    await manager.update(
      CellCorrection,
      { id: correction.id },
      {
        parsedValue: reading?.value ?? null,
        parsedState: reading?.state ?? null,
        parsedRawText: reading?.raw?.slice(0, 255) ?? null,
        parserVersion: PARSER_VERSION,
        status,
      },
    );
  }
  return { report: overlayCorrections(parsed, corrections), standing: corrections.length, confirmed: counts.CONFIRMED, disputed: counts.DISPUTED, changed };
}

/** A check of corrections in words, for a revision's reason: "3 corrections re-checked: 2 confirmed, 1 disputed". */
export function describeCheck(check: CorrectionCheck): string {
  return `${check.standing} correction${check.standing === 1 ? "" : "s"} re-checked: ${check.confirmed} confirmed, ${check.disputed} disputed, ${check.standing - check.confirmed - check.disputed} the parser cannot settle`;
}

/**
 * A stored report's parse as the parser left it: its cells with each standing correction's cell put back to the
 * parser's reading kept beside it (or left out, where the parser had none), and its issues. What a new correction or
 * a reversal is laid over.
 */
export async function storedParse(
  manager: EntityManager,
  reportId: number,
  corrections: readonly CellCorrection[],
): Promise<Pick<ParsedReport, "cells" | "issues">> {
  const byCode = new Map(corrections.map((correction) => [recordCellCode(correction), correction]));
  const cells = (await manager.find(ReportCell, { where: { reportId }, order: { id: "ASC" } })).flatMap((record): Cell[] => {
    const cell = fromCellRecord(record);
    const correction = byCode.get(cellCode(cell));
    if (!correction) return [cell];
    if (correction.parsedState === null) return [];
    return [{ ...cell, value: correction.parsedValue, state: correction.parsedState }];
  });
  const issues = (await manager.find(ValidationIssue, { where: { reportId }, order: { id: "ASC" } })).map((issue): ParseIssue => ({
    rule: issue.rule,
    severity: issue.severity,
    message: issue.message,
    cells: issue.cellCodes,
    line: issue.line ?? undefined,
  }));
  return { cells, issues };
}
