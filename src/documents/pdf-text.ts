import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BLANK_CELL, PAGE_FOOTER } from "../parse/source-text";
import { projectRoot } from "../project-paths";
import { withUnifiedIdeographs } from "./cjk-radicals";
import {
  describeBytes,
  DocumentLimitError,
  MAX_PDF_INFLATED_BYTES,
  MAX_PDF_OUTPUT_BYTES,
  MAX_PDF_PAGE_RULES,
  MAX_PDF_PAGES,
  MAX_PDF_READER_RSS_BYTES,
  MAX_PDF_RULES,
  MAX_PDF_STREAM_BYTES,
  MAX_PDF_STREAMS,
  MAX_PDF_TEXT_ITEMS,
  PDF_READ_TIMEOUT_MS,
  PDF_READ_WALL_TIMEOUT_MS,
  PDF_READER_HEAP_MIB,
  type DocumentLimitCode,
} from "./limits";
import { columnsContinue, pageGrid, type GridCell, type PageTable, type PdfRule } from "./pdf-grid";

/**
 * Text of a born-digital PDF, rebuilt from positioned items and drawn rules (pdfjs-dist, run in its own process by
 * pdf-items.mjs). A table drawn with rules is rebuilt cell by cell (pdf-grid.ts) and each of its rows written as a
 * pipe row, an empty cell as BLANK_CELL, so that it keeps its place; a table continued on the next page is one table,
 * its repeated header rows and the page furniture between its parts (page numbers, running headers and footers)
 * dropped. Other text, and every page without rules, is laid out as lines: items that
 * share a baseline band form a line, in reading order from left to right, with a space where the gap between items
 * shows one. Every character of the text keeps where it sits (page and box; an empty cell, the cell's box), so a
 * value read from the text can be traced to the page. A CJK radical that stands for an ideograph is read as that
 * ideograph (cjk-radicals.ts), so that the parser sees the ideograph printed.
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
  /** The rules drawn on the page; none (or absent) when it draws none, or more than the limits let through. */
  readonly rules?: readonly PdfRule[];
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
  maxPageRules: MAX_PDF_PAGE_RULES,
  maxRules: MAX_PDF_RULES,
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
/** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Processor time (user and system) a process has used, in ms; null where /proc is not there. */
function processorMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
    // Fields after the command name (which may hold spaces, in parentheses): state is the 3rd, utime the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

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
 * Runs pdf-items.mjs on the bytes in its own process, with a heap limit, and kills it (SIGKILL) when it uses more
 * than PDF_READ_TIMEOUT_MS of processor time (or PDF_READ_WALL_TIMEOUT_MS of wall-clock time), holds more than
 * MAX_PDF_READER_RSS_BYTES or writes more than MAX_PDF_OUTPUT_BYTES.
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
    const tooSlow = () => stop("PDF_TOO_SLOW", `reading the PDF took longer than ${PDF_READ_TIMEOUT_MS / 1000} s, the limit for a document; it was stopped`);
    // Processor time where it can be read; the wall clock where it cannot, and a longer wall clock always.
    const counted = processorMs(child.pid) !== null;
    const timer = setTimeout(tooSlow, counted ? PDF_READ_WALL_TIMEOUT_MS : PDF_READ_TIMEOUT_MS);
    const watch = setInterval(() => {
      if (counted && (processorMs(child.pid) ?? 0) > PDF_READ_TIMEOUT_MS) tooSlow();
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
function pageLines(items: readonly PdfItem[]): PageLine[] {
  const sorted = [...items].sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2) || a.x - b.x);
  const lines: PageLine[] = [];
  for (const item of sorted) {
    const centre = item.y + item.height / 2;
    const line = lineFor(lines, centre, item.height);
    if (line) line.items.push(item);
    else lines.push({ centre, height: item.height, items: [item] });
  }
  for (const line of lines) line.items.sort((a, b) => a.x - b.x);
  return lines.sort((a, b) => a.centre - b.centre);
}

/** A line of the rebuilt text and where its characters came from. */
interface TextLine {
  readonly text: string;
  readonly pieces: LinePiece[];
}

/** Appends a piece of text from `box` to a line. */
function place(line: { text: string; pieces: LinePiece[] }, text: string, page: number, box: readonly [number, number, number, number]): void {
  const start = line.text.length;
  line.text += text;
  line.pieces.push({ start, end: line.text.length, page, bbox: [round(box[0]), round(box[1]), round(box[2]), round(box[3])] });
}

const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

const boxOf = (item: PdfItem) => [item.x, item.y, item.x + item.width, item.y + item.height] as const;

/** Items of one baseline, left to right, into a line: a gap of a quarter of the text height or more separates cells. */
function writeItems(line: { text: string; pieces: LinePiece[] }, items: readonly PdfItem[], page: number): void {
  let previousEnd: number | null = null;
  for (const item of items) {
    const gap = previousEnd === null ? 0 : item.x - previousEnd;
    // Less than a quarter of the text height is one word split into items.
    if (previousEnd !== null && gap > item.height * 0.25) line.text += gap > item.height * 2 ? "   " : " ";
    place(line, item.str, page, boxOf(item));
    previousEnd = item.x + item.width;
  }
}

/**
 * A table row as a pipe row, "label | v1 | \uE000 | v3": the cells that start in the row band, left to right; a
 * cell's lines joined into one (a label wrapped in its cell is one label). An empty cell after the row's first
 * label is BLANK_CELL, in its place, as source-text.ts marks an empty pipe or HTML cell; empty cells before it are
 * merged label cells and left out (docs/real-text.md M6, M7). The row is written without the outer pipes, as the
 * parser's normalisation leaves a pipe row, so that the offsets of its characters do not move.
 */
function tableRow(cells: readonly GridCell[], page: number): TextLine {
  const firstLabel = cells.findIndex((cell) => cell.items.some((item) => hasHan(item.str)));
  const line = { text: "", pieces: [] as LinePiece[] };
  cells.forEach((cell, index) => {
    if (cell.items.length === 0 && index <= firstLabel) return;
    if (line.text !== "") line.text += " | ";
    if (cell.items.length === 0) place(line, BLANK_CELL, page, [cell.left, cell.top, cell.right, cell.bottom]);
    else for (const cellLine of pageLines(cell.items)) writeItems(line, cellLine.items, page);
  });
  return line;
}

/** A table's rows, top to bottom: one per row band in which some cell starts. */
function tableRows(table: PageTable, page: number): TextLine[] {
  const starting = new Map<number, GridCell[]>();
  for (const cell of table.cells) {
    if (!starting.has(cell.row)) starting.set(cell.row, []);
    starting.get(cell.row)!.push(cell);
  }
  return [...starting.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, cells]) =>
      tableRow(
        cells.sort((a, b) => a.left - b.left),
        page,
      ),
    );
}

/** A page's content in reading order: its lines of text, and each table before the first line below its top. */
type Block = LineBlock | { readonly table: PageTable };

/** A line of text outside the tables, and the vertical centre it is printed at. */
interface LineBlock {
  readonly line: TextLine;
  readonly centre: number;
}

const isLine = (block: Block): block is LineBlock => "line" in block;

function pageBlocks(page: PdfPage): Block[] {
  const grid = pageGrid(page.rules ?? [], page.items);
  const tables = [...grid.tables];
  const blocks: Block[] = [];
  for (const { centre, items } of pageLines(grid.loose)) {
    while (tables.length > 0 && tables[0].top < centre) blocks.push({ table: tables.shift()! });
    const line = { text: "", pieces: [] as LinePiece[] };
    writeItems(line, items, page.page);
    blocks.push({ line, centre });
  }
  return [...blocks, ...tables.map((table) => ({ table }))];
}

const squeezed = (line: TextLine) => line.text.replace(/\s+/g, "");

/** Lines of text looked at, at the top of a page and at its bottom each, for a running header or footer. */
const EDGE_LINES = 2;
/** Characters (spaces aside) a running header or footer has at most: a title, a date, an address, not a paragraph. */
const MAX_RUNNING_CHARACTERS = 60;
/** Points a running header or footer may move between pages and still be at the same height. */
const RUNNING_TOLERANCE = 2;

/** What a running header or footer is known by from page to page: its text without spaces, each number as "#". */
const runningKey = (line: TextLine) => squeezed(line).replace(/\d+/g, "#");

/** The first and the last EDGE_LINES lines of text of a page that are short enough to be a running header or footer. */
function edgeLines(blocks: readonly Block[]): LineBlock[] {
  const lines = blocks.filter(isLine);
  const edges = lines.length <= 2 * EDGE_LINES ? lines : [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
  return edges.filter((block) => {
    const key = runningKey(block.line);
    return key !== "" && key.length <= MAX_RUNNING_CHARACTERS;
  });
}

/**
 * The lines of a document that are page furniture, not the report's text: a page number on a line of its own, and
 * a running header or footer, a line at the top or bottom of its page printed the same (its numbers aside) at the
 * same height on two pages at least and on every page but perhaps the first (a first page often has none).
 */
function pageFurniture(pages: ReadonlyArray<readonly Block[]>): Set<TextLine> {
  const furniture = new Set<TextLine>();
  for (const block of pages.flat().filter(isLine)) if (PAGE_FOOTER.test(block.line.text.normalize("NFKC"))) furniture.add(block.line);
  const edges = pages.map(edgeLines);
  const byKey = new Map<string, Array<{ page: number; centre: number }>>();
  edges.forEach((lines, page) => {
    for (const { line, centre } of lines) {
      const key = runningKey(line);
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key)!.push({ page, centre });
    }
  });
  for (const { line, centre } of edges.flat()) {
    const samePlace = byKey.get(runningKey(line))!.filter((other) => Math.abs(other.centre - centre) <= RUNNING_TOLERANCE);
    const onPages = new Set(samePlace.map((other) => other.page));
    const afterFirst = [...onPages].filter((page) => page > 0).length;
    if (onPages.size >= 2 && afterFirst === pages.length - 1) furniture.add(line);
  }
  return furniture;
}

/**
 * A table that may go on on the next page: its columns, and its first rows (a header the next page may repeat). It
 * goes on when it is the last thing with words on its page and the next page's first such thing is a table whose
 * columns continue it (columnsContinue), page furniture aside.
 */
interface OpenTable {
  readonly table: PageTable;
  readonly firstRows: readonly TextLine[];
}

/** The rows of a table continuing `open` without the header rows it repeats: rows equal to its first ones, without figures. */
function withoutRepeatedHeader(rows: readonly TextLine[], open: OpenTable): TextLine[] {
  let repeated = 0;
  while (
    repeated < rows.length &&
    repeated < open.firstRows.length &&
    !/\d/.test(rows[repeated].text) &&
    squeezed(rows[repeated]) === squeezed(open.firstRows[repeated])
  ) {
    repeated += 1;
  }
  return rows.slice(repeated);
}

/** A page with each CJK radical that stands for an ideograph read as that ideograph. */
function withIdeographs(page: PdfPage): PdfPage {
  return { ...page, items: page.items.map((item) => ({ ...item, str: withUnifiedIdeographs(item.str) })) };
}

/**
 * Rebuilds the text of a PDF's pages with the origin of every line's characters. The page furniture met after a
 * table that may go on is held back: left out when the table goes on (a running header with a date in it would
 * otherwise sit among the table's rows), written where it was printed when it does not.
 */
export function layoutPdfText(printed: readonly PdfPage[]): PdfText {
  const pages = printed.map(withIdeographs);
  const blocksOf = pages.map(pageBlocks);
  const furniture = pageFurniture(blocksOf);
  const lines: TextLine[] = [];
  let characterCount = 0;
  let open = null as OpenTable | null;
  let heldBack: TextLine[] = [];
  const writeHeldBack = () => {
    lines.push(...heldBack);
    heldBack = [];
  };
  pages.forEach((page, index) => {
    for (const item of page.items) characterCount += item.str.trim().length;
    let wordsBefore = false;
    for (const block of blocksOf[index]) {
      if (isLine(block)) {
        if (open !== null && furniture.has(block.line)) {
          heldBack.push(block.line);
          continue;
        }
        writeHeldBack();
        lines.push(block.line);
        if (hasHan(block.line.text)) {
          wordsBefore = true;
          open = null;
        }
        continue;
      }
      const rows = tableRows(block.table, page.page);
      const continued = open !== null && !wordsBefore && columnsContinue(open.table, block.table) ? open : null;
      if (continued) heldBack = [];
      else writeHeldBack();
      lines.push(...(continued ? withoutRepeatedHeader(rows, continued) : rows));
      open = { table: block.table, firstRows: continued ? continued.firstRows : rows };
      wordsBefore = true;
    }
  });
  writeHeldBack();
  return { text: lines.map((line) => line.text).join("\n"), pieces: lines.map((line) => line.pieces), pageCount: pages.length, characterCount };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
