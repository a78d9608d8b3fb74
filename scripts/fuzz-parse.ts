import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { runParse } from "../src/cli/parse.command";
import { projectRoot } from "../src/project-paths";
import { seededRandom } from "../src/synthetic/synthetic-reports";
import { buildPdf, deepHtml, manyPagesPdf, zlibBombPdf } from "../tests/documents/hostile-documents";

/**
 * `npm run fuzz:parse`: over 2,000 inputs generated from a seed (FUZZ_SEED, default below), each through the real
 * `gongkai parse FILE` path: mutated corpus reports, invalid UTF-8, mixed encodings, NUL bytes, random and
 * zero-filled binary, long lines, many rows, deep HTML (up to a million levels), tangled HTML, inputs over the size
 * limits, endless devices (/dev/zero), PDF zlib bombs (2 GiB from 2 MB), PDFs of thousands of pages, slow, cut off
 * and damaged PDFs. The many small inputs are parsed one by one by two worker processes (runParse, as the CLI
 * does), which report each input's time and their peak memory after it; the big and hostile ones, and every PDF
 * (whose reader is a child process), run as `node dist/src/cli/main.js parse FILE` of their own under
 * /usr/bin/time, whose maximum resident size covers the PDF reader too. Asserts for every input: exit code 0–3, a
 * report on stdout for 0 and 1, "FILE: reason" on stderr for 2 and 3, at most 512 MB resident, at most 10 s, and
 * for inputs built to pass a limit, the refusal naming it. Prints a summary and exits 1 on any violation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const MAX_RSS_KB = 512 * 1024;
const MAX_MS = 10_000;
/** A run still going after this is killed and counted as hung. */
const HANG_MS = 60_000;
const CONCURRENCY = 2;
const ROOT = projectRoot();
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const FIXTURES = path.join(ROOT, "tests", "fixtures");
const TIME = "/usr/bin/time";
const MIB = 1024 * 1024;

/** One generated input: where it is written, how it is run, and what a refusal must say. */
interface FuzzCase {
  readonly kind: string;
  readonly file: string;
  readonly isolated: boolean;
  readonly expect?: RegExp;
  /** Writes the input (or links it) when it is about to be run. */
  readonly write: () => Promise<void> | void;
}

interface Outcome {
  readonly code: number | null;
  readonly ms: number;
  /** The peak resident memory of the process that ran the input, after it (a worker's: its peak so far). */
  readonly rssKb: number;
  /** Whether the input set that peak (always, in a process of its own): only then is the peak the input's. */
  readonly raisedPeak: boolean;
  readonly reportPrinted: boolean;
  readonly stderr: string;
}

type Random = () => number;

const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)];
const between = (next: Random, low: number, high: number): number => low + Math.floor(next() * (high - low + 1));

/** `size` pseudo-random bytes from a seed, four at a time. */
function randomBytes(seed: number, size: number): Buffer {
  const next = seededRandom(seed);
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 4) {
    const word = Math.floor(next() * 4294967296);
    for (let byte = 0; byte < 4 && index + byte < size; byte += 1) bytes[index + byte] = (word >>> (byte * 8)) & 0xff;
  }
  return bytes;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[char]!);
}

/** A report's lines as an HTML page, one paragraph each. */
function asHtml(text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>报告</title></head><body>${text
    .split("\n")
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join("\n")}</body></html>`;
}

/** A corpus report with lines deleted, repeated, swapped, characters replaced and digits changed. */
function mutateText(text: string, next: Random): string {
  const lines = text.split("\n");
  const at = () => Math.floor(next() * lines.length);
  for (let step = between(next, 1, 6); step > 0; step -= 1) {
    const kind = Math.floor(next() * 6);
    const index = at();
    if (kind === 0) lines.splice(index, between(next, 1, 5));
    else if (kind === 1) lines.splice(index, 0, ...lines.slice(index, index + between(next, 1, 5)));
    else if (kind === 2) {
      const other = at();
      [lines[index], lines[other]] = [lines[other], lines[index]];
    } else if (kind === 3)
      lines[index] = [...(lines[index] ?? "")].map((char) => (next() < 0.2 ? String.fromCharCode(0x4e00 + Math.floor(next() * 2000)) : char)).join("");
    else if (kind === 4) lines[index] = (lines[index] ?? "").replace(/\d/g, () => String(Math.floor(next() * 10)).repeat(between(next, 1, 3)));
    else lines[index] = (lines[index] ?? "").replace(/ /g, () => pick(next, [" ", "", "  ", "\t", " | ", "/"]));
  }
  return lines.join("\n");
}

/** Bytes with `count` of them replaced by bytes that are never valid where they land in UTF-8. */
function corruptBytes(bytes: Buffer, count: number, next: Random): Buffer {
  const copy = Buffer.from(bytes);
  for (let step = 0; step < count; step += 1) copy[Math.floor(next() * copy.length)] = pick(next, [0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xff, 0xfe]);
  return copy;
}

/** Where the generated inputs go, numbered per kind. */
class Inputs {
  readonly cases: FuzzCase[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly folder: string) {}

  path(kind: string, ending: string): string {
    const number = (this.numbers.get(kind) ?? 0) + 1;
    this.numbers.set(kind, number);
    return path.join(this.folder, `${kind}-${String(number).padStart(4, "0")}${ending}`);
  }

  add(kind: string, ending: string, content: () => string | Buffer | Promise<string | Buffer>, options: { isolated?: boolean; expect?: RegExp } = {}): void {
    const file = this.path(kind, ending);
    this.cases.push({ kind, file, isolated: options.isolated ?? false, expect: options.expect, write: async () => fs.writeFileSync(file, await content()) });
  }

  link(kind: string, ending: string, target: string, expect: RegExp): void {
    const file = this.path(kind, ending);
    this.cases.push({ kind, file, isolated: true, expect, write: () => fs.symlinkSync(target, file) });
  }

  sparse(kind: string, ending: string, size: number, expect: RegExp): void {
    const file = this.path(kind, ending);
    const write = () => {
      fs.writeFileSync(file, "");
      fs.truncateSync(file, size);
    };
    this.cases.push({ kind, file, isolated: true, expect, write });
  }
}

/** A refusal as unreadable whose message says this. */
const REFUSED = (pattern: string) => new RegExp(`^3 .*(?:${pattern})`);
/** A refusal at a limit, as unreadable or (the parser's own bound on text) as not a report. */
const OVER_LIMIT = /^[23] .*(?:limit|more than)/;

function reports(): string[] {
  const folder = path.join(FIXTURES, "corpus");
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith(".txt"))
    .sort()
    .map((file) => fs.readFileSync(path.join(folder, file), "utf8"));
}

/** Mutated corpus reports as text, Markdown and HTML; the same with invalid UTF-8 bytes; with NUL bytes. */
function textInputs(inputs: Inputs, next: Random, texts: readonly string[]): void {
  for (let index = 0; index < 885; index += 1) {
    const text = mutateText(texts[index % texts.length], next);
    if (index % 8 === 1) inputs.add("mutated-html", ".html", () => asHtml(text));
    else inputs.add("mutated-report", index % 10 === 0 ? ".md" : ".txt", () => text);
  }
  for (let index = 0; index < 300; index += 1) {
    const bytes = Buffer.from(index % 6 === 0 ? asHtml(texts[index % texts.length]) : texts[index % texts.length]);
    const count = index < 250 ? between(next, 1, 6) : Math.ceil(bytes.length * pick(next, [0.005, 0.02, 0.2]));
    const corrupted = corruptBytes(bytes, count, next);
    inputs.add("invalid-utf8", index % 6 === 0 ? ".html" : ".txt", () => corrupted);
  }
  for (let index = 0; index < 100; index += 1) {
    const chars = [...texts[index % texts.length]];
    for (let step = between(next, 1, 50); step > 0; step -= 1) chars.splice(Math.floor(next() * chars.length), 0, "\u0000");
    inputs.add("nul-bytes", pick(next, [".txt", ".html", ".md"]), () => chars.join(""));
  }
}

/** UTF-16 with and without a byte-order mark, Latin-1, GBK pages mislabelled, damaged, spliced into UTF-8. */
function encodingInputs(inputs: Inputs, next: Random, texts: readonly string[]): void {
  const gbk = fs.readFileSync(path.join(FIXTURES, "html", "huaian-city-2024.gbk.html"));
  for (let index = 0; index < 100; index += 1) {
    const text = texts[index % texts.length];
    const variant = index % 7;
    let bytes: Buffer;
    if (variant === 0) bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    else if (variant === 1) bytes = Buffer.from(text, "utf16le");
    else if (variant === 2) bytes = Buffer.from(text, "latin1");
    else if (variant === 3) bytes = Buffer.from(gbk.toString("latin1").replace(/charset=gb2312/i, "charset=utf-8"), "latin1");
    else if (variant === 4) bytes = corruptBytes(gbk, between(next, 1, 20), next);
    else {
      const cut = Math.floor(next() * gbk.length);
      bytes = Buffer.concat([Buffer.from(text.slice(0, Math.floor(text.length / 2))), gbk.subarray(cut), Buffer.from(text.slice(Math.floor(text.length / 2)))]);
    }
    inputs.add("mixed-encoding", variant >= 3 && variant <= 4 ? ".html" : ".txt", () => bytes);
  }
}

/** Random and zero-filled bytes up to 256 KB, long lines, many rows, Markdown pipes. */
function shapeInputs(inputs: Inputs, next: Random, texts: readonly string[]): void {
  for (let index = 0; index < 150; index += 1) {
    const seed = Math.floor(next() * 4294967296);
    const size = Math.floor(2 ** (next() * 18));
    inputs.add("random-binary", pick(next, [".txt", ".html", ".md", ".json"]), () => randomBytes(seed, size));
  }
  for (let index = 0; index < 40; index += 1) {
    const size = Math.floor(2 ** (next() * 20));
    inputs.add("zero-filled", pick(next, [".txt", ".html", ".md", ".json"]), () => Buffer.alloc(size));
  }
  for (let index = 0; index < 20; index += 1) {
    const lines = texts[index % texts.length].split("\n");
    const unit = pick(next, ["0 ", "1234567890", "统计", "| 1 ", "<td>1</td>", "第二十条第（一）项 "]);
    lines.splice(Math.floor(next() * lines.length), 0, unit.repeat(Math.floor(between(next, 100_000, 3_000_000) / unit.length)));
    inputs.add("long-line", pick(next, [".txt", ".md"]), () => (index % 5 === 0 ? lines.join(" ") : lines.join("\n")), { isolated: true });
  }
  for (let index = 0; index < 20; index += 1) {
    const rows = between(next, 1_000, 100_000);
    const text = texts[index % texts.length].replace(/^(1\.属于国家秘密.*)$/m, (row) => `${row}\n`.repeat(rows));
    inputs.add("many-rows", ".txt", () => text, { isolated: true });
  }
  for (let index = 0; index < 20; index += 1) {
    const cells = between(next, 10, 50_000);
    const rows = between(next, 1, 20);
    inputs.add("pipe-table", ".md", () => `三、收到和处理政府信息公开申请情况\n${`| ${"0 | ".repeat(cells)}\n`.repeat(rows)}`, { isolated: true });
  }
}

const NESTERS: Readonly<Record<string, (depth: number) => string>> = {
  div: (depth) => "<div>".repeat(depth),
  b: (depth) => "<b>".repeat(depth),
  span: (depth) => "<span>x".repeat(depth),
  table: (depth) => "<table><tr><td>".repeat(depth),
  font: (depth) => Array.from({ length: depth }, (_, index) => `<font size=${index % 7}>`).join(""),
  mixed: (depth) => Array.from({ length: depth }, (_, index) => `<${["i", "b", "u", "em", "a", "p"][index % 6]} id=${index}>`).join(""),
};

/** Deep HTML: small depths in the workers, up to a million levels on their own. */
function deepInputs(inputs: Inputs, next: Random): void {
  for (let index = 0; index < 100; index += 1) {
    const depth = between(next, 1, 500);
    const nester = pick(next, Object.keys(NESTERS));
    inputs.add("deep-html", ".html", () => (nester === "div" ? deepHtml(depth) : `<html><body>${NESTERS[nester](depth)}报告</body></html>`));
  }
  for (const depth of [511, 512, 1_000, 5_000, 10_000, 50_000, 100_000, 200_000, 1_000_000]) {
    for (const nester of Object.keys(NESTERS)) {
      const expect = depth >= 1_000 ? OVER_LIMIT : undefined;
      inputs.add("deep-html-big", ".html", () => `<html><body>${NESTERS[nester](depth)}报告</body></html>`, { isolated: true, expect });
    }
  }
  for (const depth of [100_000, 1_000_000]) inputs.add("deep-html-big", ".txt", () => deepHtml(depth), { isolated: true, expect: OVER_LIMIT });
}

const ids = (count: number, prefix = "a") => Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(" ");

/** Markup that costs an HTML parser super-linear time or memory, each past a limit. */
const TANGLES: ReadonlyArray<readonly [string, () => string]> = [
  ["one tag, 100,000 attributes", () => `<td ${ids(100_000)}>`],
  ["4,000 tags of 255 attributes", () => `<td ${ids(255)}>`.repeat(4_000)],
  ["200,000 duplicate attributes", () => `<td ${ids(200)} ${"a199 ".repeat(200_000)}>`],
  ["3,000 <html> tags of new attributes", () => Array.from({ length: 3_000 }, (_, tag) => `<html ${ids(255, `h${tag}x`)}>`).join("")],
  ["foster parenting 200,000 times", () => `<table>${"<b>x</b>".repeat(200_000)}`],
  ["20,000 formatting elements reopened", () => Array.from({ length: 20_000 }, (_, index) => `<div><b id=${index}></div>`).join("")],
  ["an adoption of 150,000 children", () => `<b><p>${"<br>".repeat(150_000)}${"</b>".repeat(100)}`],
  ["a million comments", () => "<!---->".repeat(1_000_000)],
  ["a million unclosed <b>", () => "<b>".repeat(1_000_000)],
  ["500,000 nested <a>", () => "<a>x".repeat(500_000)],
  ["100,000 nested <select><option>", () => "<select><option>".repeat(100_000)],
  ["100,000 <g> in <svg>", () => `<svg>${"<g>".repeat(100_000)}`],
  ["100,000 <mi> in <math>", () => `<math>${"<mrow><mi>".repeat(100_000)}`],
  ["100,000 <template>", () => "<template>".repeat(100_000)],
  ["66,000 table rows", () => `<table>${"<tr><td>1</td></tr>".repeat(66_000)}</table>`],
  ["8,000,001 characters", () => `<p>${"报".repeat(8_000_001)}</p>`],
  ["7,900,000 characters of text", () => `<p>${"1 ".repeat(3_950_000)}</p>`],
  [
    "30,000 rows of a report table",
    () =>
      `<html><body><table>${"<tr><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>".repeat(30_000)}</table></body></html>`,
  ],
];

function tangleInputs(inputs: Inputs, next: Random): void {
  for (const [, content] of TANGLES) inputs.add("html-tangle", ".html", content, { isolated: true, expect: /^[23] / });
  const tags = [
    "table",
    "tr",
    "td",
    "th",
    "b",
    "i",
    "a",
    "p",
    "div",
    "font",
    "template",
    "svg",
    "math",
    "select",
    "option",
    "form",
    "html",
    "body",
    "frameset",
    "script",
    "style",
    "textarea",
    "title",
    "caption",
    "li",
    "ul",
    "nobr",
    "plaintext",
  ];
  for (let index = 0; index < 100; index += 1) {
    const pieces: string[] = [];
    for (let count = between(next, 10, 5_000); count > 0; count -= 1) {
      const tag = pick(next, tags);
      const roll = next();
      pieces.push(
        roll < 0.45
          ? `<${tag}${next() < 0.3 ? ` id=${count}` : ""}>`
          : roll < 0.8
            ? `</${tag}>`
            : roll < 0.9
              ? `<!--${count}-->`
              : pick(next, ["报告", " 12 ", "&amp;", "&#x0;", "|", "\u0000"]),
      );
    }
    inputs.add("tag-soup", ".html", () => pieces.join(""));
  }
}

/** Files over the size limits (sparse, so 3 GiB cost no disk), endless devices, big binary. */
function hugeInputs(inputs: Inputs, next: Random, texts: readonly string[]): void {
  for (const ending of [".txt", ".html", ".pdf"]) inputs.sparse("huge-input", ending, 3 * 1024 * MIB, REFUSED("a document may have"));
  inputs.sparse("huge-input", ".txt", 25 * MIB + 1, REFUSED("a document may have"));
  inputs.add("huge-input", ".txt", () => "0123456789".repeat((25 * MIB) / 10), { isolated: true });
  inputs.add("huge-input", ".html", () => `<p>${"1 ".repeat(12 * MIB)}</p>`, { isolated: true, expect: REFUSED("characters, more than the 8000000") });
  inputs.add("huge-input", ".txt", () => "1 ".repeat(10 * MIB), { isolated: true });
  inputs.add(
    "huge-input",
    ".txt",
    () => `三、收到和处理政府信息公开申请情况\n${"1 2 3 ".repeat(600_000)}\n四、政府信息公开行政复议、行政诉讼情况\n${"9".repeat(200_000)}`,
    { isolated: true },
  );
  inputs.add("huge-input", ".txt", () => texts[0].repeat(Math.floor((12 * MIB) / Buffer.byteLength(texts[0]))), { isolated: true });
  inputs.add("huge-input", ".json", () => "9".repeat(24 * MIB), { isolated: true });
  for (const [device, ending] of [
    ["/dev/zero", ".txt"],
    ["/dev/zero", ".html"],
    ["/dev/zero", ".pdf"],
    ["/dev/urandom", ".txt"],
    ["/dev/urandom", ".html"],
    ["/dev/urandom", ".pdf"],
  ]) {
    inputs.link("endless-stream", ending, device, REFUSED("goes on past"));
  }
  for (const size of [2 * MIB, 8 * MIB, 20 * MIB]) {
    for (const ending of [".txt", ".html", ".pdf"]) {
      const seed = Math.floor(next() * 4294967296);
      inputs.add("big-binary", ending, () => Buffer.alloc(size), { isolated: true });
      inputs.add("big-binary", ending, () => randomBytes(seed, size), { isolated: true });
    }
  }
}

/** The content stream of `pages` pages, each a zlib bomb of `each` bytes. */
async function multiBombPdf(pages: number, each: number): Promise<Buffer> {
  const bomb = await zlibBombPdf(each);
  const text = bomb.toString("latin1");
  const start = text.indexOf("stream\n", text.indexOf("5 0 obj")) + "stream\n".length;
  const content = bomb.subarray(start, text.lastIndexOf("\nendstream"));
  return buildPdf(Array.from({ length: pages }, () => ({ content, deflated: true })));
}

/** A bomb behind an ASCIIHex filter, which the stream check cannot measure: the reader's memory watch stops it. */
async function hexBombPdf(inflated: number): Promise<Buffer> {
  const bomb = (await multiBombPdf(1, inflated)).toString("latin1");
  const start = bomb.indexOf("stream\n", bomb.indexOf("5 0 obj")) + "stream\n".length;
  const hex = `${Buffer.from(bomb.slice(start, bomb.lastIndexOf("\nendstream")), "latin1").toString("hex")}>`;
  return Buffer.from(
    buildPdf([{ content: Buffer.from(hex) }])
      .toString("latin1")
      .replace(`/Length ${hex.length} >>`, `/Length ${hex.length} /Filter [/ASCIIHexDecode /FlateDecode] >>`),
    "latin1",
  );
}

/** 300 pages sharing one 15 MB content stream of operators that show nothing: pdfjs takes longer than its limit. */
function slowPdf(): Buffer {
  const heavy = Buffer.from("1 0 0 1 0 0 cm ".repeat(1_000_000));
  const pdf = buildPdf(Array.from({ length: 300 }, (_, index) => ({ content: index === 0 ? heavy : Buffer.from("q Q") }))).toString("latin1");
  return Buffer.from(
    pdf.replace(/\/Contents (\d+) 0 R/g, (reference) => "/Contents 5 0 R".padEnd(reference.length, " ")),
    "latin1",
  );
}

/** A page of `items` separately positioned pieces of text. */
function itemsPdf(items: number): Buffer {
  const shown = Array.from({ length: items }, (_, index) => `1 0 0 1 ${index % 500} ${index % 700} Tm (${index % 10}) Tj`).join(" ");
  return buildPdf([{ content: Buffer.from(`BT /F1 8 Tf ${shown} ET`) }]);
}

function pdfInputs(inputs: Inputs, next: Random): void {
  const bomb = { isolated: true, expect: REFUSED("inflates to more than") };
  inputs.add("pdf-bomb", ".pdf", () => zlibBombPdf(2 * 1024 * MIB), bomb);
  inputs.add("pdf-bomb", ".pdf", () => zlibBombPdf(1024 * MIB), bomb);
  inputs.add("pdf-bomb", ".pdf", () => zlibBombPdf(65 * MIB), bomb);
  inputs.add("pdf-bomb", ".pdf", () => zlibBombPdf(63 * MIB), { isolated: true });
  inputs.add("pdf-bomb", ".pdf", () => multiBombPdf(5, 60 * MIB), { isolated: true, expect: REFUSED("in all") });
  inputs.add("pdf-bomb", ".pdf", () => hexBombPdf(2 * 1024 * MIB), { isolated: true, expect: REFUSED("memory|heap") });
  for (const pages of [300, 301, 1_000, 5_000])
    inputs.add("pdf-pages", ".pdf", () => manyPagesPdf(pages), { isolated: true, expect: pages > 300 ? REFUSED("pages, more than the 300") : undefined });
  // A million transforms on each of 300 pages: stopped by the time limit, or first by the memory limit while the
  // page's drawing (its rules) is read.
  inputs.add("pdf-slow", ".pdf", slowPdf, { isolated: true, expect: REFUSED("took longer than|of memory") });
  inputs.add("pdf-text-items", ".pdf", () => itemsPdf(250_000), { isolated: true, expect: REFUSED("pieces of text") });
  inputs.add("pdf-text-items", ".pdf", () => itemsPdf(150_000), { isolated: true });
  const fixtures = ["huaian-city-2024", "hongze-district-2023", "hongze-district-2024"].map((name) =>
    fs.readFileSync(path.join(FIXTURES, "pdf", `${name}.pdf`)),
  );
  for (let index = 0; index < 45; index += 1) {
    const pdf = fixtures[index % 3];
    const cut = Math.floor(next() * pdf.length);
    inputs.add("pdf-truncated", ".pdf", () => pdf.subarray(0, cut), { isolated: true });
  }
  for (let index = 0; index < 30; index += 1) {
    const pdf = Buffer.from(fixtures[index % 3]);
    for (let flips = between(next, 1, 200); flips > 0; flips -= 1) pdf[Math.floor(next() * pdf.length)] = Math.floor(next() * 256);
    inputs.add("pdf-mutated", ".pdf", () => pdf, { isolated: true });
  }
  const words = [
    "obj",
    "endobj",
    "stream\n",
    "\nendstream",
    "<<",
    ">>",
    "/Length 99999999",
    "/Filter /FlateDecode",
    "/Type /Page",
    "/Kids [",
    "]",
    "R",
    "xref",
    "trailer",
    "0",
    "12",
    "(text)",
    "BT",
    "ET",
    "Tj",
  ];
  for (let index = 0; index < 20; index += 1) {
    const tokens = Array.from({ length: between(next, 10, 100_000) }, () => pick(next, words));
    inputs.add("pdf-junk", ".pdf", () => `%PDF-1.7\n${tokens.join(" ")}`, { isolated: true });
  }
}

function generate(folder: string): FuzzCase[] {
  const next = seededRandom(SEED);
  const inputs = new Inputs(folder);
  const texts = reports();
  textInputs(inputs, next, texts);
  encodingInputs(inputs, next, texts);
  shapeInputs(inputs, next, texts);
  deepInputs(inputs, next);
  tangleInputs(inputs, next);
  hugeInputs(inputs, next, texts);
  pdfInputs(inputs, next);
  return inputs.cases;
}

/** The peak resident memory (VmHWM) of a process and its children, where /proc tells it; for a system without time. */
function treePeakKb(pid: number): number {
  let peak = 0;
  const visit = (id: string) => {
    try {
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${id}/status`, "latin1"))?.[1] ?? 0));
      for (const child of fs.readFileSync(`/proc/${id}/task/${id}/children`, "latin1").split(" ").filter(Boolean)) visit(child);
    } catch {
      // the process has gone
    }
  };
  visit(String(pid));
  return peak;
}

/** Runs `gongkai parse FILE` as its own process and measures it. */
function runIsolated(fuzzCase: FuzzCase): Promise<Outcome> {
  const rssFile = `${fuzzCase.file}.rss`;
  const withTime = fs.existsSync(TIME);
  const command = withTime ? TIME : process.execPath;
  const args = withTime ? ["-f", "%M", "-o", rssFile, process.execPath, CLI, "parse", fuzzCase.file] : [CLI, "parse", fuzzCase.file];
  const started = performance.now();
  // A process group of its own, so that a hung run is killed with the PDF reader under it.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  let peakKb = 0;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const watch = withTime ? null : setInterval(() => (peakKb = Math.max(peakKb, treePeakKb(child.pid!))), 20);
  const hang = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), HANG_MS);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(hang);
      if (watch) clearInterval(watch);
      const ms = performance.now() - started;
      const rssKb = withTime ? measuredKb(rssFile) : peakKb;
      resolve({ code, ms, rssKb, raisedPeak: true, reportPrinted: printsReport(stdout), stderr });
    });
  });
}

/** The maximum resident size /usr/bin/time wrote (its last line; "Command exited with…" may come first). */
function measuredKb(file: string): number {
  try {
    return Number(fs.readFileSync(file, "utf8").trim().split("\n").pop());
  } catch {
    return Number.NaN; // time itself was killed: the run hung, which is reported
  }
}

function printsReport(stdout: string): boolean {
  try {
    return typeof (JSON.parse(stdout) as { templateVersion?: unknown }).templateVersion === "string";
  } catch {
    return false;
  }
}

/** Worker mode: parses the files of a manifest one by one with the CLI's runParse and writes one result per line. */
async function runWorker(manifest: string): Promise<void> {
  const files = JSON.parse(fs.readFileSync(manifest, "utf8")) as string[];
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  for (const [index, file] of files.entries()) {
    // The previous inputs' garbage is collected first, so that the peak after this input is this input's.
    collect();
    const peakBefore = process.resourceUsage().maxRSS;
    let out = "";
    let err = "";
    const sink = (append: (text: string) => void) => new Writable({ write: (chunk, _encoding, done) => (append(String(chunk)), done()) });
    const started = performance.now();
    let code: number | null;
    try {
      code = await runParse(
        [file],
        sink((text) => (out += text)),
        sink((text) => (err += text)),
      );
    } catch (error) {
      code = null;
      err = `threw: ${error instanceof Error ? error.stack : String(error)}`;
    }
    const ms = performance.now() - started;
    const rssKb = process.resourceUsage().maxRSS;
    const outcome: Outcome = { code, ms, rssKb, raisedPeak: rssKb > peakBefore, reportPrinted: printsReport(out), stderr: err };
    process.stdout.write(`${JSON.stringify({ index, ...outcome })}\n`);
  }
}

/** Runs a worker process on some of the small inputs and collects its results. */
function runWorkerProcess(folder: string, name: string, cases: readonly FuzzCase[]): Promise<Map<FuzzCase, Outcome>> {
  const manifest = path.join(folder, `${name}.json`);
  fs.writeFileSync(manifest, JSON.stringify(cases.map((fuzzCase) => fuzzCase.file)));
  const child = spawn(process.execPath, ["--expose-gc", __filename, "--worker", manifest], { stdio: ["ignore", "pipe", "inherit"] });
  const results = new Map<FuzzCase, Outcome>();
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      const { index, ...outcome } = JSON.parse(line) as Outcome & { index: number };
      results.set(cases[index], outcome);
    }
  });
  return new Promise((resolve) => child.on("close", () => resolve(results)));
}

/** What is wrong with an outcome; empty when nothing is. */
function violations(fuzzCase: FuzzCase, outcome: Outcome): string[] {
  const problems: string[] = [];
  const { code } = outcome;
  if (code === null || code < 0 || code > 3) problems.push(`exit code ${code}${outcome.stderr ? `: ${outcome.stderr.slice(0, 300)}` : ""}`);
  if ((code === 0 || code === 1) && !outcome.reportPrinted) problems.push(`exit ${code} without a report on stdout: ${outcome.stderr.slice(0, 300)}`);
  const named = new RegExp(
    `^${fuzzCase.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: (?:cannot be read|not a recognisable annual report|not a structured report): .{10,}\n$`,
    "s",
  );
  if ((code === 2 || code === 3) && !named.test(outcome.stderr))
    problems.push(`exit ${code} without "FILE: reason" on stderr: ${JSON.stringify(outcome.stderr.slice(0, 300))}`);
  if (outcome.raisedPeak && outcome.rssKb > MAX_RSS_KB) problems.push(`max RSS ${Math.round(outcome.rssKb / 1024)} MB`);
  if (outcome.ms > MAX_MS) problems.push(`took ${Math.round(outcome.ms)} ms`);
  if (fuzzCase.expect && !fuzzCase.expect.test(`${code} ${outcome.stderr}`))
    problems.push(`expected ${fuzzCase.expect}, got ${code} ${outcome.stderr.slice(0, 300)}`);
  return problems;
}

/** Runs the isolated cases, CONCURRENCY at a time, each written just before and removed after. */
async function runIsolatedCases(cases: readonly FuzzCase[]): Promise<Map<FuzzCase, Outcome>> {
  const results = new Map<FuzzCase, Outcome>();
  let cursor = 0;
  const lane = async () => {
    while (cursor < cases.length) {
      const fuzzCase = cases[cursor++];
      await fuzzCase.write();
      results.set(fuzzCase, await runIsolated(fuzzCase));
      fs.rmSync(fuzzCase.file, { force: true });
      fs.rmSync(`${fuzzCase.file}.rss`, { force: true });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return results;
}

function summarise(cases: readonly FuzzCase[], results: ReadonlyMap<FuzzCase, Outcome>, seconds: number): string[] {
  const kinds = [...new Set(cases.map((fuzzCase) => fuzzCase.kind))];
  const isolated = cases.filter((fuzzCase) => fuzzCase.isolated).length;
  const lines = [
    `fuzz:parse seed ${SEED}: ${cases.length} inputs (${cases.length - isolated} in ${CONCURRENCY} worker processes, ${isolated} as processes of their own) in ${seconds.toFixed(0)} s`,
    "",
  ];
  lines.push(
    `${"class".padEnd(16)}${"inputs".padStart(7)}${["exit 0", "exit 1", "exit 2", "exit 3", "other"].map((label) => label.padStart(8)).join("")}${"slowest ms".padStart(12)}${"max RSS MB".padStart(12)}`,
  );
  const histogram = (outcomes: readonly Outcome[]) =>
    [0, 1, 2, 3]
      .map((code) => outcomes.filter((outcome) => outcome.code === code).length)
      .concat(outcomes.filter((outcome) => outcome.code === null || outcome.code > 3).length);
  for (const kind of kinds) {
    const outcomes = cases.filter((fuzzCase) => fuzzCase.kind === kind).map((fuzzCase) => results.get(fuzzCase)!);
    const counts = histogram(outcomes)
      .map((count) => String(count).padStart(8))
      .join("");
    const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
    const rss = Math.max(...outcomes.map((outcome) => outcome.rssKb)) / 1024;
    lines.push(`${kind.padEnd(16)}${String(outcomes.length).padStart(7)}${counts}${slowest.toFixed(0).padStart(12)}${rss.toFixed(0).padStart(12)}`);
  }
  const all = cases.map((fuzzCase) => results.get(fuzzCase)!);
  lines.push(
    "",
    `exit codes: ${histogram(all)
      .map((count, code) => `${code < 4 ? code : "other"}: ${count}`)
      .join(", ")}`,
  );
  const slowest = [...cases].sort((a, b) => results.get(b)!.ms - results.get(a)!.ms).slice(0, 5);
  lines.push(
    `slowest: ${slowest.map((fuzzCase) => `${path.basename(fuzzCase.file)} ${results.get(fuzzCase)!.ms.toFixed(0)} ms (exit ${results.get(fuzzCase)!.code})`).join(", ")}`,
  );
  for (const [label, group] of [
    ["worker", cases.filter((fuzzCase) => !fuzzCase.isolated)],
    ["own process", cases.filter((fuzzCase) => fuzzCase.isolated)],
  ] as const) {
    const top = [...group].sort((a, b) => results.get(b)!.rssKb - results.get(a)!.rssKb)[0];
    if (top) lines.push(`max RSS (${label}): ${(results.get(top)!.rssKb / 1024).toFixed(0)} MB (${path.basename(top.file)})`);
  }
  return lines;
}

async function main(): Promise<number> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const started = performance.now();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-fuzz-"));
  try {
    const cases = generate(folder);
    const small = cases.filter((fuzzCase) => !fuzzCase.isolated);
    for (const fuzzCase of small) await fuzzCase.write();
    const halves = [small.filter((_, index) => index % 2 === 0), small.filter((_, index) => index % 2 === 1)];
    const results = new Map<FuzzCase, Outcome>();
    for (const part of await Promise.all(halves.map((half, index) => runWorkerProcess(folder, `worker-${index}`, half))))
      for (const [key, value] of part) results.set(key, value);
    for (const [key, value] of await runIsolatedCases(cases.filter((fuzzCase) => fuzzCase.isolated))) results.set(key, value);
    const missing = cases.filter((fuzzCase) => !results.has(fuzzCase));
    for (const fuzzCase of missing)
      results.set(fuzzCase, { code: null, ms: 0, rssKb: 0, raisedPeak: false, reportPrinted: false, stderr: "no result (the worker stopped)" });
    console.log(summarise(cases, results, (performance.now() - started) / 1000).join("\n"));
    const problems = cases.flatMap((fuzzCase) =>
      violations(fuzzCase, results.get(fuzzCase)!).map((problem) => `${path.basename(fuzzCase.file)} (${fuzzCase.kind}): ${problem}`),
    );
    console.log(`violations: ${problems.length}${problems.length > 0 ? `\n  ${problems.join("\n  ")}` : ""}`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    if (!process.env.FUZZ_KEEP) fs.rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--worker") {
  runWorker(process.argv[3]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
} else {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
