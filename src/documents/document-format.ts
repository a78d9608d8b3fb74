import type { SourceFormat } from "../domain/codes";
import { describeStructuredProblems, readStructuredReport, type ParseResult, type StructuredProblem } from "../parse";
import { DocumentLimitError } from "./limits";
import { readHtmlDocument, readPdfDocument, readTextDocument } from "./parse-document";
import { PdfReadError } from "./pdf-text";
import { checkDocumentSize } from "./read-document-file";

/**
 * The one entry point for documents: which format a document is in (`detectFormat`) and the one reader of each
 * format (`readDocument`), for `parse`, `ingest` (files and URLs), `reparse` and the API's ingest mutation alike.
 * Every format is one entry of DOCUMENT_FORMATS, which holds all that is known about it: its file endings, the
 * content types that name it, the bytes that can only be it, and its reader. A format to come (an image or a scan
 * read by OCR) is one more entry there, with its name added to SOURCE_FORMATS.
 */

/** What reading a document gives: a report, why it is not one, why it cannot be read, or what is wrong in it. */
export type DocumentResult =
  | ParseResult
  | { readonly kind: "unreadable"; readonly reason: string }
  | { readonly kind: "invalid"; readonly reason: string; readonly problems: readonly StructuredProblem[] };

/** Everything known about one input format. */
interface FormatEntry {
  /** File (or URL path) endings of the format. */
  readonly endings: RegExp;
  /** Content types (an HTTP header) that name the format. */
  readonly contentTypes?: RegExp;
  /** Bytes only this format starts with: they decide the format whatever a name, header or caller says. */
  readonly signature?: (bytes: Buffer) => boolean;
  /** A guess from the bytes, used only when neither a caller, a header nor a name says anything. */
  readonly looksLike?: (bytes: Buffer) => boolean;
  /** Reads the bytes (already within MAX_DOCUMENT_BYTES); may throw DocumentLimitError or PdfReadError. */
  readonly read: (bytes: Buffer, contentType: string | null) => Promise<DocumentResult> | DocumentResult;
}

const startsWith = (magic: string) => (bytes: Buffer) => bytes.subarray(0, magic.length).toString("latin1") === magic;

/** Reads the structured JSON form; its problems, each at its JSON path, make the document invalid. */
function readStructuredDocument(bytes: Buffer): DocumentResult {
  const result = readStructuredReport(bytes.toString("utf8"));
  if (result.kind === "report") return result;
  return { kind: "invalid", reason: `not a structured report: ${describeStructuredProblems(result.problems)}`, problems: result.problems };
}

/**
 * Every format, in the order a content type or a look at the bytes is tried. Typed over SourceFormat: a format
 * named there without an entry here does not compile.
 */
export const DOCUMENT_FORMATS: { readonly [format in SourceFormat]: FormatEntry } = {
  PDF: { endings: /\.pdf$/i, contentTypes: /pdf/i, signature: startsWith("%PDF-"), read: readPdfDocument },
  HTML: {
    endings: /\.(?:html?|xhtml)$/i,
    contentTypes: /html/i,
    looksLike: (bytes) => /<html|<!doctype html/i.test(bytes.subarray(0, 2048).toString("latin1")),
    read: readHtmlDocument,
  },
  JSON: { endings: /\.json$/i, contentTypes: /json/i, read: readStructuredDocument },
  MARKDOWN: { endings: /\.(?:md|markdown)$/i, read: readTextDocument },
  TEXT: { endings: /\.txt$/i, read: readTextDocument },
};

const ENTRIES = Object.entries(DOCUMENT_FORMATS) as ReadonlyArray<[SourceFormat, FormatEntry]>;

/** What is known about a document besides its bytes; any of it may be missing. */
export interface DocumentClues {
  readonly bytes: Buffer;
  /** The file's name or path, or a URL's path (not its query). */
  readonly fileName?: string | null;
  /** The HTTP Content-Type it was served with. */
  readonly contentType?: string | null;
  /** The format a caller says it is in (an API client, a stored source). */
  readonly declared?: SourceFormat | null;
}

/** The format whose file ending `fileName` has, or null. */
export function formatOfName(fileName: string): SourceFormat | null {
  return ENTRIES.find(([, entry]) => entry.endings.test(fileName))?.[0] ?? null;
}

/**
 * The format of a document, decided once: bytes only one format starts with (%PDF-) win; then the format a caller
 * declared; then the Content-Type; then the file ending; then a look at the first bytes (an HTML page without a
 * telling name); else TEXT. Promises to read only the document's first 2 KiB.
 */
export function detectFormat(clues: DocumentClues): SourceFormat {
  const bySignature = ENTRIES.find(([, entry]) => entry.signature?.(clues.bytes))?.[0];
  if (bySignature) return bySignature;
  if (clues.declared) return clues.declared;
  const type = clues.contentType ?? "";
  const byType = type ? ENTRIES.find(([, entry]) => entry.contentTypes?.test(type))?.[0] : undefined;
  if (byType) return byType;
  const byName = clues.fileName ? formatOfName(clues.fileName) : null;
  if (byName) return byName;
  return ENTRIES.find(([, entry]) => entry.looksLike?.(clues.bytes))?.[0] ?? "TEXT";
}

/**
 * Reads a document's bytes in the given format; `contentType` is the HTTP header when it came from the web. Never
 * throws for what the bytes hold: a document past a limit of limits.ts or that cannot be read is `unreadable` with
 * the reason, one that is not an annual report `not-a-report`, a structured report with problems `invalid` with
 * each problem at its JSON path. Anything else thrown is a fault of the reader, and is thrown as it is.
 */
export async function readDocument(bytes: Buffer, format: SourceFormat, contentType?: string | null): Promise<DocumentResult> {
  try {
    checkDocumentSize(bytes);
    return await DOCUMENT_FORMATS[format].read(bytes, contentType ?? null);
  } catch (error) {
    if (error instanceof DocumentLimitError || error instanceof PdfReadError) return { kind: "unreadable", reason: error.message };
    throw error;
  }
}

/** Detects a document's format and reads it: the format it was read in (what to store with it) and the result. */
export async function openDocument(clues: DocumentClues): Promise<{ readonly format: SourceFormat; readonly result: DocumentResult }> {
  const format = detectFormat(clues);
  return { format, result: await readDocument(clues.bytes, format, clues.contentType) };
}
