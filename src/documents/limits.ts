/**
 * Every bound on reading a document, in one place. A published annual report is a few megabytes at most, a few
 * hundred HTML elements a dozen deep, a few dozen PDF pages; each limit below leaves room of one to two orders of
 * magnitude over that, and is what stops a hostile or broken file from taking the process's memory or time. A
 * document over a limit is refused as unreadable with a message that names the limit (DocumentLimitError); nothing
 * is read past it. The parser's own bound on the text it reads is MAX_INPUT_CHARACTERS in src/parse/parse-report.ts.
 */

/** Bytes of one document file or download: a file over it is refused before it is read. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/** Characters of a decoded HTML page, checked before it is parsed. */
export const MAX_HTML_CHARACTERS = 8_000_000;

/** Elements (and comments) an HTML page may create, counted as the tree is built: bounds the tree's memory. */
export const MAX_HTML_ELEMENTS = 200_000;

/** How deep elements may nest in an HTML page (the parser's stack of open elements). */
export const MAX_HTML_DEPTH = 512;

/** Attributes one HTML tag may carry (the tokenizer checks each new one against all before it). */
export const MAX_HTML_TAG_ATTRIBUTES = 256;

/**
 * Steps the HTML parser may take, a step being one entry of a list that building the tree may walk: the open
 * elements and active formatting elements for each token, a node's children when a node is inserted among or
 * detached from them, an element's attributes when more are merged in. Bounds the time of misnested, unclosed,
 * foster-parented or deeply nested markup, whose cost per token grows with those lists. A real page takes a few
 * million.
 */
export const MAX_HTML_PARSE_STEPS = 100_000_000;

/** Pages of a PDF, checked before any page is read. */
export const MAX_PDF_PAGES = 300;

/**
 * Compressed (Flate) streams a PDF may have, images aside: each is inflated once, up to the limits below, to measure
 * it before the PDF is read. A real report has a few hundred.
 */
export const MAX_PDF_STREAMS = 20_000;

/** Bytes one compressed (Flate) stream of a PDF may inflate to: a zlib bomb stops here. */
export const MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024;

/** Bytes all the compressed streams of a PDF may inflate to together (images, which text extraction skips, aside). */
export const MAX_PDF_INFLATED_BYTES = 256 * 1024 * 1024;

/** Positioned pieces of text a PDF may hold in all. */
export const MAX_PDF_TEXT_ITEMS = 200_000;

/**
 * Rules (table borders) one PDF page may draw and still be read as tables: a page of the template's tables draws a
 * few hundred. A page past it (or past what is left of MAX_PDF_RULES) is read without its rules, its text laid out
 * as lines as that of a PDF without rules is; nothing is refused for it.
 */
export const MAX_PDF_PAGE_RULES = 10_000;

/** Rules a whole PDF may draw and still be read as tables; the pages past it are read without theirs. */
export const MAX_PDF_RULES = 100_000;

/** Bytes of the text layout the PDF reader may hand back. */
export const MAX_PDF_OUTPUT_BYTES = 32 * 1024 * 1024;

/** The PDF reader process's JavaScript heap (node --max-old-space-size), in MiB. */
export const PDF_READER_HEAP_MIB = 256;

/** Resident memory of the PDF reader process: it is stopped when it needs more (watched where /proc exists). */
export const MAX_PDF_READER_RSS_BYTES = 320 * 1024 * 1024;

/**
 * Processor time the PDF reader process may use (a real report takes well under a second). Counted where /proc
 * exists, so that a loaded machine, which stretches the wall clock, does not stop a reader that is not working hard;
 * elsewhere it is wall-clock time.
 */
export const PDF_READ_TIMEOUT_MS = 6_000;

/** Wall-clock time the PDF reader process may take in any case, working or waiting. */
export const PDF_READ_WALL_TIMEOUT_MS = 60_000;

/** What a DocumentLimitError is about. */
export type DocumentLimitCode =
  | "DOCUMENT_TOO_LARGE"
  | "HTML_TOO_LARGE"
  | "HTML_TOO_MANY_ELEMENTS"
  | "HTML_TOO_DEEP"
  | "HTML_TOO_MANY_ATTRIBUTES"
  | "HTML_TOO_COMPLEX"
  | "PDF_TOO_MANY_PAGES"
  | "PDF_TOO_MANY_STREAMS"
  | "PDF_STREAM_TOO_LARGE"
  | "PDF_INFLATES_TOO_MUCH"
  | "PDF_TOO_MUCH_TEXT"
  | "PDF_TOO_MUCH_MEMORY"
  | "PDF_TOO_SLOW";

/** A document that goes past one of the limits above; the message names the limit and says where reading stopped. */
export class DocumentLimitError extends Error {
  constructor(
    readonly code: DocumentLimitCode,
    message: string,
  ) {
    super(message);
    this.name = "DocumentLimitError";
  }
}

/** A byte count for a message: "25 MiB (26214400 bytes)", or "900 bytes" under a KiB. */
export function describeBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [unit, size] = bytes >= 1024 * 1024 ? ["MiB", bytes / (1024 * 1024)] : ["KiB", bytes / 1024];
  return `${Number.isInteger(size) ? size : size.toFixed(1)} ${unit} (${bytes} bytes)`;
}
