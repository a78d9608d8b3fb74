import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../project-paths";
import {
  describeBytes,
  DocumentLimitError,
  MAX_PDF_INFLATED_BYTES,
  MAX_PDF_OUTPUT_BYTES,
  MAX_PDF_PAGES,
  MAX_PDF_READER_RSS_BYTES,
  MAX_PDF_STREAM_BYTES,
  MAX_PDF_STREAMS,
  MAX_PDF_TEXT_ITEMS,
  PDF_READ_TIMEOUT_MS,
  PDF_READER_HEAP_MIB,
  type DocumentLimitCode,
} from "./limits";

/**
 * Text of a born-digital PDF, rebuilt from positioned items (pdfjs-dist, run in its own process by
 * pdf-items.mjs): items that share a baseline band form a line, in reading order from left to right, with a space
 * where the gap between items shows one. Every line keeps where each of its pieces sits (page and box), so a value
 * read from the text can be traced to the page.
 */
export interface PdfItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PdfPage {
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfItem[];
}

/** A piece of a rebuilt line: characters [start, end) of the line came from this box. */
export interface LinePiece {
  readonly start: number;
  readonly end: number;
  readonly page: number;
  readonly bbox: readonly [number, number, number, number];
}

export interface PdfText {
  readonly text: string;
  /** Per line (index = line number − 1), where its characters came from. */
  readonly pieces: ReadonlyArray<readonly LinePiece[]>;
  readonly pageCount: number;
  readonly characterCount: number;
}

/** A PDF that cannot be read at all (not a PDF, damaged, encrypted). */
export class PdfReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PdfReadError";
  }
}

/** What pdf-items.mjs is told of the limits: it stops at them and says which ({ limit: ReaderLimit }). */
const READER_LIMITS = {
  maxPages: MAX_PDF_PAGES,
  maxStreams: MAX_PDF_STREAMS,
  maxStreamBytes: MAX_PDF_STREAM_BYTES,
  maxInflatedBytes: MAX_PDF_INFLATED_BYTES,
  maxItems: MAX_PDF_TEXT_ITEMS,
};
/** How often the reader's resident memory is looked at: it grows by tens of megabytes at most in between. */
const MEMORY_POLL_MS = 20;
/** Of the reader's standard error, what is kept to tell why it stopped. */
const KEPT_ERROR_CHARACTERS = 4096;

interface ReaderLimit {
  readonly code: DocumentLimitCode;
  readonly object?: string;
  readonly pages?: number;
  readonly page?: number;
}

/** The message for a limit the reader stopped at. */
function readerLimitError(limit: ReaderLimit): DocumentLimitError {
  const messages: Partial<Record<DocumentLimitCode, string>> = {
    PDF_TOO_MANY_PAGES: `the PDF has ${limit.pages} pages, more than the ${MAX_PDF_PAGES} a document may have`,
    PDF_TOO_MANY_STREAMS: `the PDF has more than ${MAX_PDF_STREAMS} compressed streams, the limit for a document; nothing was read`,
    PDF_STREAM_TOO_LARGE: `a compressed stream of the PDF (object ${limit.object}) inflates to more than ${describeBytes(MAX_PDF_STREAM_BYTES)}, the limit for one stream; nothing was read`,
    PDF_INFLATES_TOO_MUCH: `the compressed streams of the PDF inflate to more than ${describeBytes(MAX_PDF_INFLATED_BYTES)} in all (passed at object ${limit.object}), the limit for a document; nothing was read`,
    PDF_TOO_MUCH_TEXT: `the PDF holds more than ${MAX_PDF_TEXT_ITEMS} pieces of text, the limit for a document; reading stopped at page ${limit.page}`,
  };
  return new DocumentLimitError(limit.code, messages[limit.code] ?? `the PDF reader stopped at its limit ${limit.code}`);
}

/** The resident memory of a process, where /proc tells it (Linux); null elsewhere or once it has gone. */
function residentBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "latin1"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

interface ReaderRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: Buffer;
  readonly errors: string;
  /** The limit the reader was stopped at from here (time, memory, output), if it was. */
  readonly stopped: DocumentLimitError | null;
}

/**
 * Runs pdf-items.mjs on the bytes in its own process, with a heap limit, and kills it (SIGKILL) when it takes longer
 * than PDF_READ_TIMEOUT_MS, holds more than MAX_PDF_READER_RSS_BYTES or writes more than MAX_PDF_OUTPUT_BYTES.
 */
function runReader(bytes: Buffer): Promise<ReaderRun> {
  const script = path.join(projectRoot(), "src", "documents", "pdf-items.mjs");
  const child = spawn(process.execPath, [`--max-old-space-size=${PDF_READER_HEAP_MIB}`, script, JSON.stringify(READER_LIMITS)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const output: Buffer[] = [];
    let size = 0;
    let errors = "";
    let stopped: DocumentLimitError | null = null;
    const stop = (code: DocumentLimitCode, message: string) => {
      stopped ??= new DocumentLimitError(code, message);
      child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => stop("PDF_TOO_SLOW", `reading the PDF took longer than ${PDF_READ_TIMEOUT_MS / 1000} s, the limit for a document; it was stopped`),
      PDF_READ_TIMEOUT_MS,
    );
    const watch = setInterval(() => {
      if ((residentBytes(child.pid) ?? 0) > MAX_PDF_READER_RSS_BYTES)
        stop(
          "PDF_TOO_MUCH_MEMORY",
          `reading the PDF needed more than ${describeBytes(MAX_PDF_READER_RSS_BYTES)} of memory, the limit for the PDF reader; it was stopped`,
        );
    }, MEMORY_POLL_MS);
    const finish = () => {
      clearTimeout(timer);
      clearInterval(watch);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PDF_OUTPUT_BYTES)
        stop("PDF_TOO_MUCH_TEXT", `the text of the PDF is larger than ${describeBytes(MAX_PDF_OUTPUT_BYTES)}, the limit for a document; reading stopped there`);
      else output.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors = (errors + chunk.toString("utf8")).slice(-KEPT_ERROR_CHARACTERS);
    });
    child.on("error", (error) => {
      finish();
      reject(error);
    });
    child.on("close", (code, signal) => {
      finish();
      resolve({ code, signal, output: Buffer.concat(output), errors, stopped });
    });
    child.stdin.on("error", () => undefined); // the reader may stop before reading everything
    child.stdin.end(bytes);
  });
}

/**
 * Reads the positioned text of a PDF's pages (pdf-items.mjs, in its own process). Throws DocumentLimitError for a PDF
 * past a limit of limits.ts (pages, inflated streams, text, memory, time) and PdfReadError for one that cannot be
 * read at all.
 */
export async function extractPdfPages(bytes: Buffer): Promise<PdfPage[]> {
  const run = await runReader(bytes);
  if (run.stopped) throw run.stopped;
  if (/heap out of memory|Reached heap limit/i.test(run.errors)) {
    throw new DocumentLimitError(
      "PDF_TOO_MUCH_MEMORY",
      `reading the PDF needed more than the PDF reader's ${PDF_READER_HEAP_MIB} MiB heap, the limit for the PDF reader; it was stopped`,
    );
  }
  if (run.signal) throw new PdfReadError(`the PDF reader stopped on ${run.signal}`);
  let parsed: { pages?: PdfPage[]; error?: string; limit?: ReaderLimit };
  try {
    parsed = JSON.parse(run.output.toString("utf8")) as typeof parsed;
  } catch {
    throw new PdfReadError(`the PDF reader stopped with code ${run.code}`);
  }
  if (parsed.limit) throw readerLimitError(parsed.limit);
  if (parsed.error || !parsed.pages) throw new PdfReadError(`not a readable PDF: ${parsed.error ?? "no pages"}`);
  return parsed.pages;
}

/** A line of a page being built: its vertical centre and height are those of its first item. */
interface PageLine {
  readonly centre: number;
  readonly height: number;
  readonly items: PdfItem[];
}

/**
 * How many lines at most are tried for an item after the first that could take it: a real page has one or two
 * lines within half a text height, and a page built to have thousands costs no more than this per item.
 */
const MAX_LINE_CANDIDATES = 64;

/**
 * The first line (lines are in ascending order of centre) that an item centred at `centre` joins: one whose centre
 * is within half the smaller of the two heights. A binary search skips the lines too far above to qualify.
 */
function lineFor(lines: readonly PageLine[], centre: number, height: number): PageLine | undefined {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (lines[middle].centre < centre - height / 2) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < lines.length && index < low + MAX_LINE_CANDIDATES; index += 1) {
    if (Math.abs(lines[index].centre - centre) <= Math.min(lines[index].height, height) / 2) return lines[index];
  }
  return undefined;
}

/**
 * Groups a page's items into lines: an item joins a line when its vertical centre is within half the smaller of
 * the two heights from the line's centre, so a tall item (a label printed down the side of a table) stays a line
 * of its own instead of merging the rows it spans. Items come in order of centre, so lines are made in that order.
 */
function pageLines(items: readonly PdfItem[]): PdfItem[][] {
  const sorted = [...items].sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2) || a.x - b.x);
  const lines: PageLine[] = [];
  for (const item of sorted) {
    const centre = item.y + item.height / 2;
    const line = lineFor(lines, centre, item.height);
    if (line) line.items.push(item);
    else lines.push({ centre, height: item.height, items: [item] });
  }
  return lines.sort((a, b) => a.centre - b.centre).map((line) => line.items.sort((a, b) => a.x - b.x));
}

/** Rebuilds the text of a PDF's pages with the origin of every line's characters. */
export function layoutPdfText(pages: readonly PdfPage[]): PdfText {
  const lines: string[] = [];
  const pieces: LinePiece[][] = [];
  let characterCount = 0;
  for (const page of pages) {
    for (const items of pageLines(page.items)) {
      let text = "";
      const linePieces: LinePiece[] = [];
      let previousEnd: number | null = null;
      for (const item of items) {
        const gap = previousEnd === null ? 0 : item.x - previousEnd;
        // A gap of a quarter of the text height or more separates cells; less is one word split into items.
        if (previousEnd !== null && gap > item.height * 0.25) text += gap > item.height * 2 ? "   " : " ";
        const start = text.length;
        text += item.str;
        characterCount += item.str.trim().length;
        linePieces.push({
          start,
          end: text.length,
          page: page.page,
          bbox: [round(item.x), round(item.y), round(item.x + item.width), round(item.y + item.height)],
        });
        previousEnd = item.x + item.width;
      }
      lines.push(text);
      pieces.push(linePieces);
    }
  }
  return { text: lines.join("\n"), pieces, pageCount: pages.length, characterCount };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
