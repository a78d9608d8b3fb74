import { cellCode, parseReport, type ParseResult, type ParsedCell, type ParsedReport } from "../parse";
import { renderHtml, type HtmlRowOrigin } from "../parse/html-text";
import type { CellProvenance } from "../parse/parsed-report";
import { normalizeLine } from "../parse/source-text";
import { decodeText, type DecodedText } from "./decode-text";
import { extractPdfPages, layoutPdfText, type LinePiece } from "./pdf-text";

/**
 * The readers of documents as published, one per kind of document; document-format.ts says which reads what. A
 * PDF's text is rebuilt from positions; an HTML page is decoded (GBK too) and rendered; plain text and Markdown are
 * decoded. Every cell of a PDF keeps its page and box, every cell of an HTML table its table/row/cell position. A PDF
 * without a text layer (a scan) is refused: it needs OCR, and nothing is guessed. Each reader may throw
 * DocumentLimitError or PdfReadError for a document past a limit of limits.ts or that cannot be read; the dispatch
 * (`readDocument`) turns those into an unreadable document.
 */

/** Fewer printed characters than this in a whole PDF means it has no usable text layer. */
const MIN_PDF_CHARACTERS = 20;

function withProvenance(report: ParsedReport, provenanceOf: (cell: ParsedCell) => CellProvenance | null): ParsedReport {
  return { ...report, cells: report.cells.map((cell) => (cell.line === null ? cell : { ...cell, provenance: provenanceOf(cell) })) };
}

function pdfProvenance(pieces: ReadonlyArray<readonly LinePiece[]>) {
  return (cell: ParsedCell): CellProvenance | null => {
    const offset = cell.lineOffset ?? 0;
    const piece = pieces[(cell.line ?? 0) - 1]?.find((candidate) => offset >= candidate.start && offset < candidate.end);
    return piece ? { kind: "PDF", page: piece.page, bbox: piece.bbox } : null;
  };
}

function htmlProvenance(lines: readonly string[], rows: ReadonlyMap<number, HtmlRowOrigin>) {
  return (cell: ParsedCell): CellProvenance | null => {
    const origin = rows.get(cell.line ?? 0);
    if (!origin || cell.lineOffset === null || cell.lineOffset === undefined) return null;
    // The parser's normalised pipe row keeps one "|" between cells and drops the leading one.
    const normalised = normalizeLine(lines[(cell.line ?? 1) - 1]);
    const before = normalised.slice(0, cell.lineOffset).split("|").length - 1;
    return { kind: "HTML", table: origin.table, row: origin.row, cell: before };
  };
}

/** Reads a PDF from its text layer, each cell with its page and box; a PDF without one is not a report (a scan). */
export async function readPdfDocument(bytes: Buffer): Promise<ParseResult> {
  const layout = layoutPdfText(await extractPdfPages(bytes));
  if (layout.characterCount < MIN_PDF_CHARACTERS) {
    return {
      kind: "not-a-report",
      reason: `the PDF has no text layer (${layout.pageCount} page(s), ${layout.characterCount} characters of text): it is a scan or an image and needs OCR first; nothing was guessed`,
    };
  }
  const result = parseReport(layout.text, "text");
  return result.kind === "report" ? { kind: "report", report: withProvenance(result.report, pdfProvenance(layout.pieces)) } : result;
}

/**
 * With an issue saying how many characters could not be decoded, when some could not, and which cells that made
 * ILLEGIBLE (source-text.ts reads a number with a U+FFFD in it as an illegible cell, not as a number).
 */
function withDecodingIssue(result: ParseResult, decoded: DecodedText): ParseResult {
  if (result.kind !== "report" || decoded.invalidSequences === 0) return result;
  const cells = result.report.cells.filter((cell) => cell.state === "ILLEGIBLE" && cell.raw === "\uFFFD").map(cellCode);
  const message =
    `${decoded.invalidSequences} byte sequence(s) of the document are not valid ${decoded.charset} and were read as U+FFFD; ` +
    (cells.length > 0 ? `the cells printed with one are ILLEGIBLE: ${cells.join(", ")}` : "no table cell holds one");
  const issue = { rule: "PARSE_VALUE_UNREADABLE", severity: "warning" as const, message, cells };
  return { kind: "report", report: { ...result.report, issues: [...result.report.issues, issue] } };
}

/** Reads plain text or Markdown in whatever character set it is written (GBK too), marking what could not be decoded. */
export function readTextDocument(bytes: Buffer, contentType: string | null): ParseResult {
  const decoded = decodeText(bytes, { contentType, html: false });
  return withDecodingIssue(parseReport(decoded.text, "auto"), decoded);
}

/** Reads an HTML page: decoded, rendered to text with its tables as rows, each cell with its table/row/cell position. */
export function readHtmlDocument(bytes: Buffer, contentType: string | null): ParseResult {
  const decoded = decodeText(bytes, { contentType, html: true });
  const rendered = renderHtml(decoded.text);
  const result = parseReport(rendered.text, "text");
  const located =
    result.kind === "report"
      ? { kind: "report" as const, report: withProvenance(result.report, htmlProvenance(rendered.text.split("\n"), rendered.rows)) }
      : result;
  return withDecodingIssue(located, decoded);
}
