import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runParse } from "../../src/cli/parse.command";
import { decodeText } from "../../src/documents/decode-text";
import { MAX_DOCUMENT_BYTES } from "../../src/documents/limits";
import { readDocument } from "../../src/documents/document-format";
import { layoutPdfText, type PdfPage } from "../../src/documents/pdf-text";
import { renderHtml } from "../../src/parse/html-text";
import { buildPdf, deepHtml, manyPagesPdf, zlibBombPdf } from "./hostile-documents";

const FIXTURES = path.join(__dirname, "..", "fixtures");
/**
 * A hang guard, not a benchmark: each refusal below takes well under a second, where the unbounded parse took
 * minutes (100,000 nested elements: over a minute), ran out of stack, or took gigabytes first.
 */
const HANG_GUARD_MS = 10_000;

/** Runs `gongkai parse` on the files and captures what it writes. */
async function parseCommand(files: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (append: (text: string) => void) => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const code = await runParse(
    files,
    sink((text) => (out += text)),
    sink((text) => (err += text)),
  );
  return { code, out, err };
}

async function timed<T>(work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
  return result;
}

function scratchFile(name: string, content: string | Buffer = ""): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-bounds-")), name);
  fs.writeFileSync(file, content);
  return file;
}

describe("the size of a document", () => {
  it("refuses a file over the size limit from its size, without reading it", async () => {
    const file = scratchFile("huge.txt");
    fs.truncateSync(file, MAX_DOCUMENT_BYTES + 1); // sparse: no disk used
    expect(await timed(() => parseCommand([file]))).toEqual({
      code: 3,
      out: "",
      err: `${file}: cannot be read: the file has 26214401 bytes, more than the 25 MiB (26214400 bytes) a document may have\n`,
    });
  });

  const endless = fs.existsSync("/dev/zero") ? it : it.skip;
  endless("stops reading an endless device at the size limit", async () => {
    expect(await timed(() => parseCommand(["/dev/zero"]))).toEqual({
      code: 3,
      out: "",
      err: "/dev/zero: cannot be read: the file goes on past the 25 MiB (26214400 bytes) a document may have; reading stopped there\n",
    });
  });

  it("refuses bytes over the size limit handed to readDocument", async () => {
    expect(await readDocument(Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20), "TEXT")).toEqual({
      kind: "unreadable",
      reason: "the document has 26214401 bytes, more than the 25 MiB (26214400 bytes) a document may have",
    });
  });

  it("refuses an HTML page over the character limit before parsing it", async () => {
    const page = Buffer.from(`<p>${"1".repeat(8_000_000 - 6)}</p>`);
    expect(await timed(() => readDocument(page, "HTML"))).toEqual({
      kind: "unreadable",
      reason: "the HTML page has 8000001 characters, more than the 8000000 a page may have",
    });
  });
});

describe("the structure of an HTML page", () => {
  it("refuses elements nested 100,000 deep at the depth limit, as a page or as text", async () => {
    const page = Buffer.from(deepHtml(100_000));
    const reason = "the HTML page nests elements more than 512 deep, the limit for a page; parsing stopped at line 1";
    expect(await timed(() => readDocument(page, "HTML"))).toEqual({ kind: "unreadable", reason });
    expect(await timed(() => readDocument(page, "TEXT"))).toEqual({ kind: "unreadable", reason });
  });

  it("names the file and the limit on the command line", async () => {
    const file = scratchFile("deep.html", deepHtml(100_000));
    expect(await timed(() => parseCommand([file]))).toEqual({
      code: 3,
      out: "",
      err: `${file}: cannot be read: the HTML page nests elements more than 512 deep, the limit for a page; parsing stopped at line 1\n`,
    });
  });

  it("renders a page nested 500 deep, within the limit, to its text", () => {
    expect(renderHtml(deepHtml(500)).text).toBe("deep\nx");
  });

  it.each([
    [
      "a tag of 100,000 attributes",
      () => `<td ${Array.from({ length: 100_000 }, (_, index) => `a${index}`).join(" ")}>`,
      "a tag of the HTML page has more than 256 attributes, the limit for a tag; parsing stopped at line 1",
    ],
    [
      "300,000 comments",
      () => "<!---->\n".repeat(300_000),
      "the HTML page has more than 200000 elements, the limit for a page; parsing stopped at line 200001",
    ],
    [
      "foster parenting 200,000 times",
      () => `<table>${"<b>x</b>".repeat(200_000)}`,
      "the HTML page needs more than 100000000 steps to build its tree (deep, misnested or unclosed tags, or tags with many attributes), the limit for a page; parsing stopped at line 1",
    ],
    [
      "repeated <html> tags bringing new attributes",
      () => Array.from({ length: 3 }, (_, tag) => `<html ${Array.from({ length: 100 }, (_, index) => `t${tag}a${index}`).join(" ")}>`).join("\n"),
      "an element of the HTML page has more than 256 attributes (from repeated <html> or <body> tags), the limit for a tag; parsing stopped at line 3",
    ],
  ])("refuses %s at its limit", async (_, page, reason) => {
    expect(await timed(() => readDocument(Buffer.from(page()), "HTML"))).toEqual({ kind: "unreadable", reason });
  });
});

describe("a UTF-8 report with a few invalid bytes", () => {
  const bytes = fs.readFileSync(path.join(FIXTURES, "corpus", "hongze-district-2024.txt"));
  const damaged = Buffer.from(bytes);
  const at = (printed: string, before: string) => bytes.indexOf(Buffer.from(printed)) + Buffer.byteLength(before);
  damaged[at("行政许可 9487", "行政许可 9")] = 0xff; // a digit of a value: 9487 becomes 9\uFFFD87
  damaged[at("1.属于国家秘密 0 0 0", "1.属于国家秘密 0 0 ")] = 0xfe; // a value that was a lone 0
  damaged[at("二、主动公开政府信息情况", "")] = 0xff; // the lead byte of 二 in a heading: three U+FFFD

  it("is decoded as UTF-8 with each invalid sequence as U+FFFD, not as GB18030", () => {
    const decoded = decodeText(damaged);
    expect([decoded.charset, decoded.invalidSequences, decoded.text.split("\uFFFD").length - 1]).toEqual(["utf-8", 5, 5]);
  });

  it("parses to exactly the corpus values, with the two damaged cells ILLEGIBLE instead of a number", async () => {
    const result = await readDocument(damaged, "TEXT");
    if (result.kind !== "report") throw new Error(result.reason);
    const want = JSON.parse(fs.readFileSync(path.join(FIXTURES, "corpus", "hongze-district-2024.expected.json"), "utf8")) as {
      cells: Array<{ table: string; row: string; column: string; value: number }>;
    };
    const damagedCells = ["ART20_5.ADMIN_LICENSING.DECISIONS", "APPLICATIONS.WITHHELD_STATE_SECRET.RESEARCH_INSTITUTION"];
    const printed = result.report.cells.filter((cell) => cell.state !== "DERIVED");
    expect(Object.fromEntries(printed.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, [cell.value, cell.state]]))).toEqual(
      Object.fromEntries(
        want.cells.map((cell) => {
          const code = `${cell.table}.${cell.row}.${cell.column}`;
          return [code, damagedCells.includes(code) ? [null, "ILLEGIBLE"] : [cell.value, "VALUE"]];
        }),
      ),
    );
    expect(printed.filter((cell) => cell.state === "ILLEGIBLE").map((cell) => cell.raw)).toEqual(["\uFFFD", "\uFFFD"]);
    expect(result.report.issues.find((issue) => issue.rule === "PARSE_VALUE_UNREADABLE")).toEqual({
      rule: "PARSE_VALUE_UNREADABLE",
      severity: "warning",
      message:
        "5 byte sequence(s) of the document are not valid utf-8 and were read as U+FFFD; the cells printed with one are ILLEGIBLE: ART20_5.ADMIN_LICENSING.DECISIONS, APPLICATIONS.WITHHELD_STATE_SECRET.RESEARCH_INSTITUTION",
      cells: damagedCells,
    });
    expect(result.report.issues.filter((issue) => issue.severity === "error")).toEqual([]);
  });

  it("still reads a GBK page, whose bytes are mostly not UTF-8, as GB18030", () => {
    const decoded = decodeText(fs.readFileSync(path.join(FIXTURES, "html", "huaian-city-2024.gbk.html")));
    expect([decoded.charset, decoded.invalidSequences, decoded.text.includes("淮安市人民政府")]).toEqual(["gb18030", 0, true]);
  });

  it("reads bytes with more than one invalid sequence in a hundred non-ASCII characters as GB18030", () => {
    const text = Buffer.from("报告".repeat(100));
    const damagedText = Buffer.concat([text, Buffer.from([0xff, 0xff, 0xff])]);
    expect(decodeText(damagedText).charset).toBe("gb18030");
    expect(decodeText(Buffer.concat([text, Buffer.from([0xff])])).charset).toBe("utf-8");
  });
});

describe("a PDF past the reader's limits", () => {
  it("refuses a zlib bomb as unreadable before the PDF is read, naming the stream and the limit", async () => {
    const bomb = await zlibBombPdf(65 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await timed(() => readDocument(bomb, "PDF"))).toEqual({
      kind: "unreadable",
      reason: "a compressed stream of the PDF (object 5) inflates to more than 64 MiB (67108864 bytes), the limit for one stream; nothing was read",
    });
  }, 30_000);

  const watched = fs.existsSync("/proc/self/status") ? it : it.skip;
  watched(
    "stops the reader at its memory limit on a bomb the stream check cannot measure (behind an ASCIIHex filter)",
    async () => {
      const bomb = await zlibBombPdf(512 * 1024 * 1024);
      const text = bomb.toString("latin1");
      const start = text.indexOf("stream\n", text.indexOf("5 0 obj")) + "stream\n".length;
      const hex = `${bomb.subarray(start, text.lastIndexOf("\nendstream")).toString("hex")}>`;
      const hidden = buildPdf([{ content: Buffer.from(hex) }])
        .toString("latin1")
        .replace(`/Length ${hex.length} >>`, `/Length ${hex.length} /Filter [/ASCIIHexDecode /FlateDecode] >>`);
      expect(await timed(() => readDocument(Buffer.from(hidden, "latin1"), "PDF"))).toEqual({
        kind: "unreadable",
        reason: "reading the PDF needed more than 320 MiB (335544320 bytes) of memory, the limit for the PDF reader; it was stopped",
      });
    },
    30_000,
  );

  it("refuses a PDF of more pages than the limit before reading a page", async () => {
    expect(await timed(() => readDocument(manyPagesPdf(301), "PDF"))).toEqual({
      kind: "unreadable",
      reason: "the PDF has 301 pages, more than the 300 a document may have",
    });
  }, 30_000);

  it("reads a PDF of as many pages as the limit", async () => {
    const result = await readDocument(manyPagesPdf(300), "PDF");
    expect(result).toEqual({
      kind: "not-a-report",
      reason: "found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
    });
  }, 30_000);

  it("lays out a page of 100,000 pieces of text on as many baselines within the hang guard", () => {
    const items = Array.from({ length: 100_000 }, (_, index) => ({ str: String(index % 10), x: 10, y: index * 0.5, width: 5, height: 0.4 }));
    const page: PdfPage = { page: 1, width: 595, height: 842, items };
    const started = performance.now();
    const layout = layoutPdfText([page]);
    expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
    expect([layout.pieces.length, layout.characterCount]).toEqual([100_000, 100_000]);
  });
});
