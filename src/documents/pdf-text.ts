import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../project-paths";

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
export class PdfReadError extends Error {}

const EXTRACT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Runs pdf-items.mjs on the bytes and returns the pages. */
export function extractPdfPages(bytes: Buffer): Promise<PdfPage[]> {
  const script = path.join(projectRoot(), "src", "documents", "pdf-items.mjs");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ["pipe", "pipe", "pipe"], timeout: EXTRACT_TIMEOUT_MS });
    const output: Buffer[] = [];
    let size = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) child.kill("SIGKILL");
      else output.push(chunk);
    });
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (signal) return reject(new PdfReadError(`the PDF could not be read in time or is too large (${signal})`));
      let parsed: { pages?: PdfPage[]; error?: string };
      try {
        parsed = JSON.parse(Buffer.concat(output).toString("utf8")) as { pages?: PdfPage[]; error?: string };
      } catch {
        return reject(new PdfReadError(`the PDF reader stopped with code ${code}`));
      }
      if (parsed.error || !parsed.pages) return reject(new PdfReadError(`not a readable PDF: ${parsed.error ?? "no pages"}`));
      resolve(parsed.pages);
    });
    child.stdin.on("error", () => undefined); // the reader may stop before reading everything
    child.stdin.end(bytes);
  });
}

/**
 * Groups a page's items into lines: an item joins a line when its vertical centre is within half the smaller of
 * the two heights from the line's centre, so a tall item (a label printed down the side of a table) stays a line
 * of its own instead of merging the rows it spans.
 */
function pageLines(items: readonly PdfItem[]): PdfItem[][] {
  const sorted = [...items].sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2) || a.x - b.x);
  const lines: Array<{ centre: number; height: number; items: PdfItem[] }> = [];
  for (const item of sorted) {
    const centre = item.y + item.height / 2;
    const line = lines.find((candidate) => Math.abs(candidate.centre - centre) <= Math.min(candidate.height, item.height) / 2);
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
        linePieces.push({ start, end: text.length, page: page.page, bbox: [round(item.x), round(item.y), round(item.x + item.width), round(item.y + item.height)] });
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
