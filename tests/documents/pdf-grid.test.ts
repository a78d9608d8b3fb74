import fs from "node:fs";
import path from "node:path";
import { createDeflate } from "node:zlib";
import { readDocument } from "../../src/documents/document-format";
import { MAX_PDF_PAGE_RULES } from "../../src/documents/limits";
import { columnsContinue, pageGrid, type PdfRule } from "../../src/documents/pdf-grid";
import { extractPdfPages, layoutPdfText, type PdfItem, type PdfPage } from "../../src/documents/pdf-text";
import { cellCode } from "../../src/domain/cell";
import { cellNumber } from "../../src/domain/cell-value";
import type { TableCode } from "../../src/domain/codes";
import type { ParsedReport } from "../../src/parse";
import { BLANK_CELL } from "../../src/parse/source-text";
import { buildPdf, textContent } from "./hostile-documents";

const SHAPES = path.join(__dirname, "..", "fixtures", "shapes");
const B = BLANK_CELL;

interface Expected {
  readonly agencyName: string;
  readonly year: number;
  readonly templateVersion: string;
  readonly cells: ReadonlyArray<{ table: TableCode; row: string; column: string; value: number }>;
}

/** The printed-PDF fixtures of a shape folder, each with its expected file. */
function fixtures(folder: string): Array<[string, string, Expected]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(SHAPES, folder, "manifest.json"), "utf8")) as { reports: Array<{ file: string; expected: string }> };
  return manifest.reports.map((entry) => [folder, entry.file, JSON.parse(fs.readFileSync(path.join(SHAPES, folder, entry.expected), "utf8")) as Expected]);
}

async function readPdf(file: string): Promise<ParsedReport> {
  const result = await readDocument(fs.readFileSync(file), "PDF");
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report;
}

describe.each([...fixtures("pdf-printed-web"), ...fixtures("pdf-printed-word")])("the printed PDF %s/%s", (folder, file, expected) => {
  let report: ParsedReport;
  beforeAll(async () => {
    report = await readPdf(path.join(SHAPES, folder, file));
  }, 30_000);

  it("reads the template version, the year and the agency", () => {
    expect([report.templateVersion, report.year, report.agencyName]).toEqual([expected.templateVersion, expected.year, expected.agencyName]);
  });

  it("reads every expected cell exactly, each 0 as the empty cell it is printed as, none uncertain", () => {
    const cells = new Map(report.cells.map((cell) => [cellCode(cell), cell]));
    const misread = expected.cells.filter((want) => {
      const cell = cells.get(cellCode(want));
      return !cell || cellNumber(cell) !== want.value || cell.state !== (want.value === 0 ? "BLANK" : "VALUE");
    });
    expect(misread).toEqual([]);
    expect(report.cells.filter((cell) => cell.state !== "DERIVED")).toHaveLength(expected.cells.length);
    expect(report.issues.filter((issue) => issue.rule.startsWith("PARSE_"))).toEqual([]);
  });

  it("traces every printed cell, empty ones too, to its page and box, with section 三 over two pages", () => {
    const printed = report.cells.filter((cell) => cell.state !== "DERIVED");
    expect(printed.filter((cell) => cell.provenance?.kind !== "PDF")).toEqual([]);
    const pageOf = (row: string) => {
      const provenance = report.cells.find((cell) => cell.table === "APPLICATIONS" && cell.row === row && cell.column === "TOTAL")?.provenance;
      return provenance?.kind === "PDF" ? provenance.page : null;
    };
    expect(pageOf("CARRIED_FORWARD_OUT")).toBeGreaterThan(pageOf("NEW_RECEIVED")!);
  });
});

describe("the printed PDFs' section 四 and its headers", () => {
  it("reads the 15 values in template order with the blanks in place, under the two header rows", async () => {
    const report = await readPdf(path.join(SHAPES, "pdf-printed-word", "hongze-district-2023.pdf"));
    const review = report.cells.filter((cell) => cell.table === "REVIEW_LITIGATION");
    expect(review.map((cell) => cell.value)).toEqual([10, 1, null, null, null, null, null, null, null, null, 5, null, null, null, null]);
    expect(review.map((cell) => cell.state)).toEqual(["VALUE", "VALUE", ...Array(8).fill("BLANK"), "VALUE", ...Array(4).fill("BLANK")]);
  }, 30_000);

  it("writes section 三 once, its header rows repeated on the next page dropped, and keeps the merged label cells", async () => {
    const pages = await extractPdfPages(fs.readFileSync(path.join(SHAPES, "pdf-printed-web", "huaian-city-2024.pdf")));
    const lines = layoutPdfText(pages).text.split("\n");
    expect(lines.filter((line) => line.includes("申请人情况"))).toEqual(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况"]);
    expect(lines.filter((line) => /本年新收|予以公开|国家秘密|行政查询|不掌握|结转下年/.test(line))).toEqual([
      `一、本年新收政府信息公开申请数量 | 3001 | 53 | ${B} | ${B} | 61 | 4 | 3119`,
      `三、本年度办理结果 | （一）予以公开 | 1288 | 21 | ${B} | ${B} | 50 | 3 | 1362`,
      `（三）不予公开 | 1.属于国家秘密 | 2 | ${B} | ${B} | ${B} | ${B} | ${B} | 2`,
      `8.属于行政查询事项 | 105 | ${B} | ${B} | ${B} | ${B} | ${B} | 105`,
      `（四）无法提供 | 1.本机关不掌握相关政府信息 | 746 | 12 | ${B} | ${B} | 10 | 1 | 769`,
      `四、结转下年度继续办理 | 103 | ${B} | ${B} | ${B} | ${B} | ${B} | 103`,
    ]);
    expect(lines.slice(lines.indexOf("四、政府信息公开行政复议、行政诉讼情况") + 1, lines.indexOf("五、存在的主要问题及改进情况"))).toEqual([
      "行政复议 | 行政诉讼",
      "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉",
      "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计",
      "72 | 64 | 178 | 37 | 351 | 13 | 4 | 8 | 1 | 26 | 12 | 1 | 1 | 6 | 20",
    ]);
  }, 30_000);
});

/** A text item of `str`, 10 points high and 10 wide per character, with its top-left corner at (x, y). */
function item(str: string, x: number, y: number, width = 10 * str.length): PdfItem {
  return { str, x, y, width, height: 10 };
}

/** An item centred in the box [left, right] × [top, top + 20]. */
function centred(str: string, left: number, right: number, top: number): PdfItem {
  const width = 10 * str.length;
  return item(str, (left + right - width) / 2, top + 5, width);
}

/**
 * The rules of a grid, one rule per cell side as a browser draws them (1 point thick), less those `drop` names:
 * "h:x0:y" is the horizontal side from x0 at y, "v:x:y0" the vertical side from y0 at x.
 */
function gridRules(xs: readonly number[], ys: readonly number[], drop: readonly string[] = []): PdfRule[] {
  const rules: PdfRule[] = [];
  for (const y of ys) xs.slice(0, -1).forEach((x, index) => rules.push({ x, y: y - 0.5, width: xs[index + 1] - x, height: 1 }));
  for (const x of xs) ys.slice(0, -1).forEach((y, index) => rules.push({ x: x - 0.5, y, width: 1, height: ys[index + 1] - y }));
  return rules.filter((rule) => !drop.includes(rule.width > rule.height ? `h:${rule.x}:${rule.y + 0.5}` : `v:${rule.x + 0.5}:${rule.y}`));
}

function page(number: number, items: readonly PdfItem[], rules: readonly PdfRule[] = []): PdfPage {
  return { page: number, width: 595, height: 842, items, rules };
}

const textOf = (...pages: PdfPage[]) => layoutPdfText(pages).text.split("\n");

describe("rebuilding a table from its rules", () => {
  const xs = [100, 200, 260, 320];
  const ys = [100, 120, 140, 160];
  const header = [item("信息内容", 110, 105), centred("甲", 200, 260, 100), centred("乙", 260, 320, 100)];

  it("writes each row cell by cell, an empty cell after the row's label as a blank in its place", () => {
    const items = [...header, item("规章", 110, 125), centred("1", 200, 260, 120), item("规范性文件", 110, 145), centred("8", 260, 320, 140)];
    expect(textOf(page(1, items, gridRules(xs, ys)))).toEqual(["信息内容 | 甲 | 乙", `规章 | 1 | ${B}`, `规范性文件 | ${B} | 8`]);
  });

  it("leaves out empty cells before a row's label, and blanks every empty cell of a row without one", () => {
    const items = [...header, item("小计", 210, 125), centred("5", 260, 320, 120), centred("3", 200, 260, 140)];
    expect(textOf(page(1, items, gridRules(xs, ys)))).toEqual(["信息内容 | 甲 | 乙", "小计 | 5", `${B} | 3 | ${B}`]);
  });

  it("maps every character back to its box, an empty cell to the cell's", () => {
    const layout = layoutPdfText([page(1, [item("规章", 110, 105), centred("1", 200, 260, 100)], gridRules(xs, ys.slice(0, 2)))]);
    expect(layout.text).toBe(`规章 | 1 | ${B}`);
    expect(layout.pieces).toEqual([
      [
        { start: 0, end: 2, page: 1, bbox: [110, 105, 130, 115] },
        { start: 5, end: 6, page: 1, bbox: [225, 105, 235, 115] },
        { start: 9, end: 10, page: 1, bbox: [260, 100, 320, 120] },
      ],
    ]);
  });

  it("merges the cells a missing rule joins: a header over two columns, a label down two rows", () => {
    const items = [
      item("信息内容", 110, 105),
      centred("本年处理决定数量", 200, 320, 100),
      item("三、本年度办理结果", 102, 125),
      centred("1", 200, 260, 120),
      centred("2", 260, 320, 120),
      centred("3", 200, 260, 140),
    ];
    const rules = gridRules(xs, ys, ["v:260:100", "h:100:140"]);
    expect(textOf(page(1, items, rules))).toEqual(["信息内容 | 本年处理决定数量", "三、本年度办理结果 | 1 | 2", `3 | ${B}`]);
  });

  it("keeps a rule drawn in pieces, and merges the cells across one drawn over less than half of their side", () => {
    const rules = gridRules(xs, ys, ["h:100:140", "h:200:140"]).concat([
      { x: 100, y: 139.5, width: 49, height: 1 },
      { x: 150, y: 139.5, width: 50, height: 1 },
      { x: 200, y: 139.5, width: 20, height: 1 },
    ]);
    const items = [...header, item("规章", 110, 125), centred("1", 200, 260, 130), item("规范性文件", 110, 145), centred("8", 260, 320, 140)];
    expect(textOf(page(1, items, rules))).toEqual(["信息内容 | 甲 | 乙", `规章 | 1 | ${B}`, "规范性文件 | 8"]);
  });

  it("joins a cell's lines into one cell", () => {
    const tall = [100, 140];
    const items = [item("（二）部分公开（区分处理的，", 102, 105, 98), item("只计这一情形）", 102, 120, 70), centred("447", 200, 260, 110)];
    expect(textOf(page(1, items, gridRules(xs, tall)))).toEqual([`（二）部分公开（区分处理的，只计这一情形） | 447 | ${B}`]);
  });

  it("puts text running over its cell's edge in its cell, and text whose centre is past the table's edge in the cell it overlaps", () => {
    const items = [item("行政处罚", 110, 105), item("3985758", 195, 105), item("12", 305, 105, 40)];
    expect(textOf(page(1, items, gridRules(xs, ys.slice(0, 2))))).toEqual(["行政处罚 | 3985758 | 12"]);
    expect(textOf(page(1, [item("行政处罚", 110, 105), item("12", 315, 105, 40)], gridRules(xs, ys.slice(0, 2))))).toEqual([`行政处罚 | ${B} | ${B}`, "12"]);
  });

  it("reads a table whose outer borders are missing (cut off at the page margin) and one cut at its bottom by the page", () => {
    const open = gridRules(xs, ys, ["v:100:100", "v:100:120", "v:100:140", "h:100:160", "h:200:160", "h:260:160"]);
    const items = [...header, item("规章", 95, 125), centred("1", 200, 260, 120), item("规范性文件", 95, 145), centred("8", 260, 320, 140)];
    expect(textOf(page(1, items, open))).toEqual(["信息内容 | 甲 | 乙", `规章 | 1 | ${B}`, `规范性文件 | ${B} | 8`]);
  });

  it("lays out a page without rules as lines of text, and a table ruled only across as lines too", () => {
    const items = [item("规章", 110, 125), centred("1", 200, 260, 120), centred("11", 260, 320, 120)];
    const lines = ["规章   1   11"];
    expect(textOf(page(1, items))).toEqual(lines);
    expect(textOf({ page: 1, width: 595, height: 842, items })).toEqual(lines);
    const across = gridRules(xs, ys).filter((rule) => rule.width > rule.height);
    expect(textOf(page(1, items, across))).toEqual(lines);
  });

  it("places a table among the page's lines of text by its position", () => {
    const items = [item("二、主动公开政府信息情况", 100, 80), item("第二十条第（一）项", 100, 108), item("三、收到和处理", 100, 170)];
    expect(textOf(page(1, items, gridRules([100, 320], [100, 120])))).toEqual(["二、主动公开政府信息情况", "第二十条第（一）项", "三、收到和处理"]);
  });
});

describe("a table continued on the next page", () => {
  const xs = [100, 200, 260, 320];
  const first = page(
    1,
    [
      item("信息内容", 110, 105),
      centred("甲", 200, 260, 100),
      centred("乙", 260, 320, 100),
      item("规章", 110, 125),
      centred("1", 200, 260, 120),
      centred("2", 260, 320, 120),
    ],
    gridRules(xs, [100, 120, 140]),
  );
  const header = [item("信息内容", 110, 55), centred("甲", 200, 260, 50), centred("乙", 260, 320, 50)];
  const rest = [item("规范性文件", 110, 75), centred("3", 200, 260, 70)];

  it("is one table: its header rows repeated on the next page are dropped", () => {
    expect(textOf(first, page(2, [...header, ...rest], gridRules(xs, [50, 70, 90])))).toEqual(["信息内容 | 甲 | 乙", "规章 | 1 | 2", `规范性文件 | 3 | ${B}`]);
  });

  it("is one table without a repeated header too", () => {
    const moved = rest.map((piece) => ({ ...piece, y: piece.y - 20 }));
    expect(textOf(first, page(2, moved, gridRules(xs, [50, 70])))).toEqual(["信息内容 | 甲 | 乙", "规章 | 1 | 2", `规范性文件 | 3 | ${B}`]);
  });

  it("is another table when its columns differ, or when words come between", () => {
    const other = gridRules([100, 150, 260, 320], [50, 70, 90]);
    expect(textOf(first, page(2, [...header, ...rest], other))).toEqual(["信息内容 | 甲 | 乙", "规章 | 1 | 2", "信息内容 | 甲 | 乙", `规范性文件 | 3 | ${B}`]);
    const heading = item("四、政府信息公开行政复议、行政诉讼情况", 100, 30);
    expect(textOf(first, page(2, [heading, ...header, ...rest], gridRules(xs, [50, 70, 90])))).toEqual([
      "信息内容 | 甲 | 乙",
      "规章 | 1 | 2",
      "四、政府信息公开行政复议、行政诉讼情况",
      "信息内容 | 甲 | 乙",
      `规范性文件 | 3 | ${B}`,
    ]);
  });

  it("is one table across a 第 N 页 footer, which is left out between its parts and kept after it", () => {
    const footer = (number: number) => item(`第 ${number} 页`, 280, 800, 40);
    const text = textOf({ ...first, items: [...first.items, footer(1)] }, page(2, [...header, ...rest, footer(2)], gridRules(xs, [50, 70, 90])));
    expect(text).toEqual(["信息内容 | 甲 | 乙", "规章 | 1 | 2", `规范性文件 | 3 | ${B}`, "第 2 页"]);
  });

  it("is one table across a running header and footer printed at the same height on every page, left out between its parts and kept elsewhere", () => {
    const running = (number: number) => [
      item("2025/1/20 15:30", 40, 10, 80),
      item("淮安市人民政府2024年政府信息公开工作年度报告", 200, 10, 250),
      item(`https://www.huaian.gov.cn/art/2025/1/20/art_1.html ${number}/2`, 40, 820, 300),
    ];
    const text = textOf({ ...first, items: [...first.items, ...running(1)] }, page(2, [...running(2), ...header, ...rest], gridRules(xs, [50, 70, 90])));
    expect(text).toEqual([
      "2025/1/20 15:30   淮安市人民政府2024年政府信息公开工作年度报告",
      "信息内容 | 甲 | 乙",
      "规章 | 1 | 2",
      `规范性文件 | 3 | ${B}`,
      "https://www.huaian.gov.cn/art/2025/1/20/art_1.html 2/2",
    ]);
  });

  it("is one table across a running header that the first page lacks, and two where a page in between lacks it", () => {
    const title = item("淮安市人民政府2024年政府信息公开工作年度报告", 200, 10, 250);
    const opening = (items: readonly PdfItem[]) => page(1, [...items, item("一、总体情况", 100, 100)]);
    const second = (items: readonly PdfItem[]) => ({ ...first, page: 2, items: [...items, ...first.items] });
    const third = page(3, [title, ...header, ...rest], gridRules(xs, [50, 70, 90]));
    expect(textOf(opening([]), second([title]), third)).toEqual(["一、总体情况", title.str, "信息内容 | 甲 | 乙", "规章 | 1 | 2", `规范性文件 | 3 | ${B}`]);
    expect(textOf(opening([title]), second([]), third)).toEqual([
      title.str,
      "一、总体情况",
      "信息内容 | 甲 | 乙",
      "规章 | 1 | 2",
      title.str,
      "信息内容 | 甲 | 乙",
      `规范性文件 | 3 | ${B}`,
    ]);
  });

  it("is another table when a short line above it is printed at that height on no other page", () => {
    const note = item("单位：件", 100, 30, 40);
    expect(textOf(first, page(2, [note, ...header, ...rest], gridRules(xs, [50, 70, 90])))).toEqual([
      "信息内容 | 甲 | 乙",
      "规章 | 1 | 2",
      "单位：件",
      "信息内容 | 甲 | 乙",
      `规范性文件 | 3 | ${B}`,
    ]);
  });

  it("is one table when its rows on the next page draw fewer column boundaries (a label over two columns)", () => {
    const spanning = [item("四、结转下年度继续办理", 102, 55, 120), centred("3", 260, 320, 50)];
    expect(textOf(first, page(2, spanning, gridRules([100, 260, 320], [50, 70])))).toEqual([
      "信息内容 | 甲 | 乙",
      "规章 | 1 | 2",
      "四、结转下年度继续办理 | 3",
    ]);
  });
});

describe("whether a table's columns continue another's", () => {
  const tableOn = (xs: readonly number[]) => pageGrid(gridRules(xs, [100, 120, 140]), []).tables[0];
  const drawn = tableOn([100, 200, 260, 320]);

  it("holds for the same columns, and for columns all among the other's, either way", () => {
    expect([drawn, tableOn([100, 260, 320]), tableOn([100, 201.5, 260, 320])].map((next) => columnsContinue(drawn, next))).toEqual([true, true, true]);
    expect(columnsContinue(tableOn([100, 260, 320]), drawn)).toBe(true);
  });

  it("fails when each has a boundary the other lacks, or an edge moved", () => {
    expect([tableOn([100, 150, 260, 320]), tableOn([100, 200, 260, 330]), tableOn([90, 200, 260, 320])].map((next) => columnsContinue(drawn, next))).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("a page drawn to be costly", () => {
  it("lays out 100,000 pieces of text under a mesh of 10,000 rules as lines, within the hang guard", () => {
    const items = Array.from({ length: 100_000 }, (_, index) => ({
      str: String(index % 10),
      x: (index % 300) * 2,
      y: Math.floor(index / 300) * 2,
      width: 1.5,
      height: 1.5,
    }));
    const across = Array.from({ length: 5000 }, (_, index) => ({ x: 0, y: index * 3, width: 15_000, height: 0.5 }));
    const down = Array.from({ length: 5000 }, (_, index) => ({ x: index * 3, y: 0, width: 0.5, height: 15_000 }));
    const started = performance.now();
    const layout = layoutPdfText([{ page: 1, width: 15_000, height: 15_000, items, rules: [...across, ...down] }]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(layout).toEqual(layoutPdfText([{ page: 1, width: 15_000, height: 15_000, items }]));
  });
});

/** A one-page PDF (Helvetica as /F1) of the given content stream. */
const onePagePdf = (content: string) => buildPdf([{ content: Buffer.from(content, "latin1") }]);

describe("the rules a PDF draws (pdf-items.mjs)", () => {
  it("takes the horizontal and vertical segments of stroked paths and thin filled rectangles, through the transformation matrix", async () => {
    const drawing = [
      "0 0 0 RG 0.5 w 72 700 m 272 700 l 272 660 l 72 660 l h S",
      "q 2 0 0 2 0 0 cm 86 330 m 86 350 l S Q",
      "0 0 0 rg 72 680 200 0.8 re f",
      "72 500 m 100 550 150 550 200 500 c S",
      "72 300 200 100 re f",
      "1 1 1 RG 72 250 m 272 250 l S",
      "0 0 0 RG 72 200 m 272 220 l S",
      "BT /F1 10 Tf 80 686 Td (Rules) Tj ET BT /F1 10 Tf 180 686 Td (12) Tj ET BT /F1 10 Tf 80 665 Td (More) Tj ET",
    ].join("\n");
    const [only] = await extractPdfPages(onePagePdf(drawing));
    expect(only.rules).toEqual([
      { x: 72, y: 141.75, width: 200, height: 0.5 },
      { x: 271.75, y: 142, width: 0.5, height: 40 },
      { x: 72, y: 181.75, width: 200, height: 0.5 },
      { x: 71.75, y: 142, width: 0.5, height: 40 },
      { x: 171.5, y: 142, width: 1, height: 40 },
      { x: 72, y: 161.2, width: 200, height: 0.8 },
    ]);
    expect(layoutPdfText([only]).text).toBe(`Rules | 12\nMore | ${B}`);
  }, 30_000);

  it("gives a page drawing more rules than the limit none, and still reads its text", async () => {
    const mesh = `0 0 0 rg ${"72 600 10 1 re f ".repeat(MAX_PDF_PAGE_RULES + 1)}`;
    const [only] = await extractPdfPages(onePagePdf(`${mesh}\n${textContent(["Annual report"]).toString("latin1")}`));
    expect([only.rules, only.items.map((piece) => piece.str)]).toEqual([[], ["Annual report"]]);
  }, 30_000);

  it("does not decode images while reading the drawing: a 300 MB image bomb is skipped, the text read", async () => {
    const result = await readDocument(await imageBombPdf(10_000, 10_000), "PDF");
    expect(result).toEqual({
      kind: "not-a-report",
      reason: "found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
    });
  }, 30_000);
});

/** Deflates `size` zero bytes as a stream, so that they are never in memory at once. */
async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const output: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => output.push(chunk));
  const finished = new Promise((resolve) => deflate.on("end", resolve));
  const zeros = Buffer.alloc(16 * 1024 * 1024);
  for (let written = 0; written < size; written += zeros.length) {
    if (!deflate.write(zeros.subarray(0, Math.min(zeros.length, size - written)))) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await finished;
  return Buffer.concat(output);
}

/** A one-page PDF that paints an RGB image of width × height pixels, deflated, under a line of text. */
async function imageBombPdf(width: number, height: number): Promise<Buffer> {
  const image = await deflatedZeros(width * height * 3);
  const content = `q 200 0 0 200 72 400 cm /Im1 Do Q ${textContent(["Annual report of an agency"]).toString("latin1")}`;
  const objects = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>"),
    Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
    Buffer.concat([
      Buffer.from(
        `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`,
      ),
      image,
      Buffer.from("\nendstream"),
    ]),
  ];
  const parts = [Buffer.from("%PDF-1.4\n")];
  const offsets: number[] = [];
  let size = parts[0].length;
  objects.forEach((object, index) => {
    offsets.push(size);
    const part = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), object, Buffer.from("\nendobj\n")]);
    parts.push(part);
    size += part.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  return Buffer.concat(parts);
}
