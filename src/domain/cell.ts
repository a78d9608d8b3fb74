import { TABLE_CODES, type TableCode, type ValueState } from "./codes";
import type { CellProvenance } from "./provenance";

/**
 * One table cell, spelled one way from the parser to the graph and the CSV: its address (table, row, column), what
 * was read (value, state, raw) and where (line, lineOffset, provenance). The database stores the same fields under
 * its own column names; `toCellRecord` and `fromCellRecord` are the one place the two spellings meet.
 */

/** The code of one table cell: `TABLE.ROW.COLUMN`, e.g. `APPLICATIONS.NEW_RECEIVED.TOTAL`. */
export type CellCode = `${TableCode}.${string}.${string}`;

/** Where a cell sits in the template. */
export interface CellAddress {
  readonly table: TableCode;
  readonly row: string;
  readonly column: string;
}

/** The most candidate values a cell lists. */
export const MAX_CANDIDATES = 8;
/** The most readings of a row its cells list; a row the text reads more ways than this is never settled by evidence. */
export const MAX_ROW_READINGS = 32;

/**
 * What is known of a cell the text reads several ways (UNCERTAIN: glued digits, for one): the values it allows and
 * why it cannot tell. A reading of a row settles all its cells at once (they come from one split of the printed
 * digits), so each cell also lists its value in every reading of its row, aligned across the row's cells. Evidence
 * from outside the text (src/ingest/evidence.ts) may later choose one reading; the cell is then VALUE and says what
 * decided it, and keeps what the text allowed.
 */
export interface CellAlternatives {
  /** The distinct values the text allows, in the order of the row's readings, most plausible first; at most MAX_CANDIDATES. */
  readonly candidates?: readonly number[];
  /**
   * The cell's value in each reading of its row, most plausible reading first: the k-th entries of a row's cells
   * together are its k-th reading. Absent when the row has more than MAX_ROW_READINGS readings.
   */
  readonly readings?: readonly number[];
  /** Why the text cannot settle the value, in words (e.g. `glued run "898989" splits 10 ways into 3 cells; no rule checks them`). */
  readonly uncertainty?: string;
  /** The evidence that chose one of the row's readings, e.g. `X3:2019` or `NARRATIVE:line 12`. */
  readonly decidedBy?: string;
}

/** A cell as read from a report. */
export interface Cell extends CellAddress, CellAlternatives {
  /** The number; null unless the state is VALUE, UNCERTAIN or DERIVED. */
  readonly value: number | null;
  readonly state: ValueState;
  /**
   * The printed text of the cell; null for derived and absent cells. A cell of a row printed as glued digits keeps the
   * whole glued text (`3960181`): that is what was printed for it, whichever reading its value comes from.
   */
  readonly raw: string | null;
  /** 1-based source line; null for derived and absent cells. */
  readonly line: number | null;
  /** 0-based position of the printed value within its line (where the value starts; for a glued run, the run). */
  readonly lineOffset?: number | null;
  /** Where the value sits in the published document (a PDF page and box, an HTML table cell), when known. */
  readonly provenance?: CellProvenance | null;
}

/** The one builder of a cell code: `TABLE.ROW.COLUMN`. */
export function formatCellCode(table: TableCode, row: string, column: string): CellCode {
  return `${table}.${row}.${column}`;
}

/** The code of a cell (or of anything that carries a cell's address). */
export function cellCode(cell: CellAddress): CellCode {
  return formatCellCode(cell.table, cell.row, cell.column);
}

/**
 * The one reader of a cell code: its table, row and column; null when the text is not three dot-separated parts
 * or its table is not a table of the template. Promises `cellCode(splitCellCode(code)!) === code` for a valid code.
 */
export function splitCellCode(code: string): CellAddress | null {
  const parts = code.split(".");
  if (parts.length !== 3 || parts.some((part) => part === "")) return null;
  const [table, row, column] = parts;
  if (!(TABLE_CODES as readonly string[]).includes(table)) return null;
  return { table: table as TableCode, row, column };
}

/**
 * The stored spelling of a cell (report_cell's entity fields). Column names stay as they are in the database and
 * the graph; only this mapping knows both spellings.
 */
export interface CellRecord {
  readonly tableCode: string;
  readonly rowCode: string;
  readonly columnCode: string;
  readonly value: number | null;
  readonly valueState: ValueState;
  readonly rawText: string | null;
  readonly line: number | null;
  readonly provenance: CellProvenance | null;
  readonly candidates: readonly number[] | null;
  readonly rowReadings: readonly number[] | null;
  readonly uncertainty: string | null;
  readonly decidedBy: string | null;
}

/** The longest printed text report_cell.raw_text holds; longer text is cut, never rejected. */
export const RAW_TEXT_MAX_LENGTH = 255;
/** The longest reason (report_cell.uncertainty) or evidence (report_cell.decided_by) stored; longer is cut. */
export const NOTE_MAX_LENGTH = 255;

/** A cell in its stored spelling, ready to insert (raw text and notes cut to what their columns hold). */
export function toCellRecord(cell: Cell): CellRecord {
  return {
    tableCode: cell.table,
    rowCode: cell.row,
    columnCode: cell.column,
    value: cell.value,
    valueState: cell.state,
    rawText: cell.raw === null ? null : cell.raw.slice(0, RAW_TEXT_MAX_LENGTH),
    line: cell.line,
    provenance: cell.provenance ?? null,
    candidates: cell.candidates ?? null,
    rowReadings: cell.readings ?? null,
    uncertainty: cell.uncertainty?.slice(0, NOTE_MAX_LENGTH) ?? null,
    decidedBy: cell.decidedBy?.slice(0, NOTE_MAX_LENGTH) ?? null,
  };
}

/** A stored cell in the code's spelling. A stored table code is trusted: only ingest writes it, from a `Cell`. */
export function fromCellRecord(record: CellRecord): Cell {
  return {
    table: record.tableCode as TableCode,
    row: record.rowCode,
    column: record.columnCode,
    value: record.value,
    state: record.valueState,
    raw: record.rawText,
    line: record.line,
    provenance: record.provenance,
    candidates: record.candidates ?? undefined,
    readings: record.rowReadings ?? undefined,
    uncertainty: record.uncertainty ?? undefined,
    decidedBy: record.decidedBy ?? undefined,
  };
}

/** The code of a stored cell. */
export function recordCellCode(record: Pick<CellRecord, "tableCode" | "rowCode" | "columnCode">): CellCode {
  return formatCellCode(record.tableCode as TableCode, record.rowCode, record.columnCode);
}
