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

/** A cell as read from a report. */
export interface Cell extends CellAddress {
  /** The number; null unless the state is VALUE, UNCERTAIN or DERIVED. */
  readonly value: number | null;
  readonly state: ValueState;
  /** The printed text of the cell; null for derived and absent cells. */
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
}

/** The longest printed text report_cell.raw_text holds; longer text is cut, never rejected. */
export const RAW_TEXT_MAX_LENGTH = 255;

/** A cell in its stored spelling, ready to insert (raw text cut to what the column holds). */
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
  };
}

/** The code of a stored cell. */
export function recordCellCode(record: Pick<CellRecord, "tableCode" | "rowCode" | "columnCode">): CellCode {
  return formatCellCode(record.tableCode as TableCode, record.rowCode, record.columnCode);
}
