import type { SourceFormat } from "../domain/codes";
import { parseReport, type ParseResult, type ParsedCell, type ParsedReport } from "../parse";
import { renderHtml, type HtmlRowOrigin } from "../parse/html-text";
import type { CellProvenance } from "../parse/parsed-report";
import { normalizeLine } from "../parse/source-text";
import { decodeText } from "./decode-text";
import { extractPdfPages, layoutPdfText, PdfReadError, type LinePiece } from "./pdf-text";

/**
 * Documents as published → the parser. A PDF's text is rebuilt from positions; an HTML page is decoded (GBK too)
 * and rendered; plain text and Markdown are decoded. Every cell of a PDF keeps its page and box, every cell of an
 * HTML table its table/row/cell position. A PDF without a text layer (a scan) is refused: it needs OCR, and
 * nothing is guessed.
 */
export type DocumentResult = ParseResult | { readonly kind: "unreadable"; readonly reason: string };

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

async function parsePdf(bytes: Buffer): Promise<DocumentResult> {
  let layout;
  try {
    layout = layoutPdfText(await extractPdfPages(bytes));
  } catch (error) {
    if (error instanceof PdfReadError) return { kind: "unreadable", reason: error.message };
    throw error;
  }
  if (layout.characterCount < MIN_PDF_CHARACTERS) {
    return {
      kind: "not-a-report",
      reason: `the PDF has no text layer (${layout.pageCount} page(s), ${layout.characterCount} characters of text): it is a scan or an image and needs OCR first; nothing was guessed`,
    };
  }
  const result = parseReport(layout.text, "text");
  return result.kind === "report" ? { kind: "report", report: withProvenance(result.report, pdfProvenance(layout.pieces)) } : result;
}

/** Parses a document's bytes in its format; `contentType` is the HTTP header when it came from the web. */
export async function parseDocument(bytes: Buffer, format: SourceFormat, contentType?: string | null): Promise<DocumentResult> {
  if (format === "PDF" || bytes.subarray(0, 5).toString("latin1") === "%PDF-") return parsePdf(bytes);
  if (format === "JSON") throw new Error("structured JSON reports are read by the ingester, not parsed");
  const html = format === "HTML";
  const { text } = decodeText(bytes, { contentType, html });
  if (!html) return parseReport(text, "auto");
  const rendered = renderHtml(text);
  const result = parseReport(rendered.text, "text");
  return result.kind === "report" ? { kind: "report", report: withProvenance(result.report, htmlProvenance(rendered.text.split("\n"), rendered.rows)) } : result;
}
