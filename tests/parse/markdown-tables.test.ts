import fs from "node:fs";
import path from "node:path";
import { cellNumber } from "../../src/domain/cell-value";
import type { ParsedReport } from "../../src/parse";
import { createSourceText, normalizeLine } from "../../src/parse/source-text";
import { tokenize } from "../../src/parse/tokens";
import { renderMarkdown } from "../../src/synthetic/report-writer";
import { renderSplitMarkdown, specOfExpected, textShapeFolders, type ExpectedReport } from "../../src/synthetic/text-shapes";
import { codeOf, corpus, FIXTURES, parsed } from "../support/parse-fixtures";

const SHAPE = path.join(FIXTURES, "shapes", "markdown-split");

/** Every expected cell as code → value, and the same codes as the parse serves them (null unless certain). */
function servedAndExpected(report: ParsedReport, expected: ExpectedReport): { served: Record<string, number | null>; want: Record<string, number> } {
  const cells = new Map(report.cells.map((cell) => [codeOf(cell), cell]));
  const served = Object.fromEntries(
    expected.cells.map((want) => {
      const cell = cells.get(codeOf(want));
      return [codeOf(want), cell && ["VALUE", "BLANK"].includes(cell.state) ? cellNumber(cell) : null];
    }),
  );
  return { served, want: Object.fromEntries(expected.cells.map((cell) => [codeOf(cell), cell.value])) };
}

/** The kinds and texts of the tokens a few lines make. */
function tokensOf(...lines: string[]): string[] {
  const source = createSourceText(lines.join("\n"));
  return tokenize(source, 0, source.text.length).map((token) => `${token.kind}:${token.text}`);
}

interface Manifest {
  reports: Array<{ file: string; expected: string }>;
}
const MANIFEST = JSON.parse(fs.readFileSync(path.join(SHAPE, "manifest.json"), "utf8")) as Manifest;

describe("the markdown-split fixtures (OCR → Markdown)", () => {
  it("are what the generator makes from the corpus values", () => {
    const folder = textShapeFolders(corpus).find((shape) => shape.folder === "markdown-split")!;
    expect(folder.fixtures.map((fixture) => fixture.file)).toEqual(MANIFEST.reports.map((report) => report.file));
    for (const fixture of folder.fixtures) expect(fs.readFileSync(path.join(SHAPE, fixture.file), "utf8")).toBe(fixture.text);
  });

  it.each(MANIFEST.reports.map((report) => [report.file, report.expected]))(
    "%s reads every cell exactly, none UNCERTAIN, with no warning",
    (file, expectedPath) => {
      const expected = JSON.parse(fs.readFileSync(path.join(SHAPE, expectedPath), "utf8")) as ExpectedReport;
      const report = parsed(fs.readFileSync(path.join(SHAPE, file), "utf8"));
      const { served, want } = servedAndExpected(report, expected);
      expect(served).toEqual(want);
      expect([report.templateVersion, report.year]).toEqual([expected.templateVersion, expected.year]);
      expect(report.cells.filter((cell) => cell.state === "UNCERTAIN")).toEqual([]);
      const warnings = report.issues.filter((issue) => issue.severity === "warning" && issue.rule !== "T1");
      expect(warnings).toEqual([]);
    },
  );

  it("print each shape the converters make: placeholder headers of all three styles, an invented row, section 四 in three tables", () => {
    const text = MANIFEST.reports.map((report) => fs.readFileSync(path.join(SHAPE, report.file), "utf8")).join("\n");
    for (const shape of ["| 数据1 | 数据2 |", "| 列1 | 列2 |", "| Column1 | Column2 |", "| 项目 | 数值 |", "|  |  |  | 自然人 | 法人或其他组织 |"])
      expect(text).toContain(shape);
    const huaian = fs.readFileSync(path.join(SHAPE, "huaian-city-2024.md"), "utf8");
    const review = huaian.slice(huaian.indexOf("## 四、"), huaian.indexOf("## 五、"));
    expect(review.split("\n\n").filter((block) => block.startsWith("|"))).toHaveLength(3);
  });
});

describe("placeholder header cells", () => {
  it("are words, never values, in a pipe row or loose in a line", () => {
    expect(tokensOf("| 数据1 | 数据2 | 数据3 |", "| 列1 | 列10 |", "| Column1 | Column2 |", "数据1 列2 Column3 5")).toEqual([
      "WORD:数据1",
      "WORD:列2",
      "WORD:Column3",
      "VALUE:5",
    ]);
  });

  it("blank their whole row, which leaves no empty cells behind", () => {
    expect(normalizeLine("| 数据1 | 数据2 |  |  |")).toBe("");
    expect(normalizeLine("| Column1 | Column2 | Column3 |")).toBe("");
  });

  it("leave a row that also prints values alone: only the placeholder is a word", () => {
    expect(tokensOf("| 数据1 | 3 | 4 |")).toEqual(["WORD:数据1", "VALUE:3", "VALUE:4"]);
  });
});

describe("header rows in a table", () => {
  it("keep no blank cells: a repeated section 三 header, a fragmented one, section 四's, an invented one", () => {
    expect(
      tokensOf(
        "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |",
        "| 申请人 | 情况 |  |  |",
        "| 行政复议 |  |  |  |  | 行政诉讼 |  |  |",
        "| 项目 | 数值 |  |",
      ).filter((token) => !token.startsWith("WORD:")),
    ).toEqual([]);
  });

  it("are told from a data row whose every value is empty, which keeps its 7 blanks", () => {
    expect(tokensOf("|  | （三）不予公开 | 1.属于国家秘密 |  |  |  |  |  |  |  |")).toEqual([
      "WORD:(三)不予公开",
      "WORD:1.属于国家秘密",
      ...Array.from({ length: 7 }, () => "BLANK:"),
    ]);
    expect(tokensOf("| 行政许可 |  |  |  |")).toEqual(["WORD:行政许可", "BLANK:", "BLANK:", "BLANK:"]);
  });
});

describe("a table split by a converter", () => {
  const { expected } = corpus("hongze-district-2024");
  const spec = specOfExpected(expected);

  it("is one table: section 三 in small tables under placeholder headers with zeros left empty, read with every blank in its place", () => {
    const blanks = { ...spec, values: new Map([...spec.values].map(([code, value]) => [code, value === 0 ? null : value])) };
    const report = parsed(renderSplitMarkdown(blanks, 11));
    const { served, want } = servedAndExpected(report, expected);
    expect(served).toEqual(want);
    expect(report.cells.filter((cell) => cell.table === "APPLICATIONS" && cell.state === "BLANK")).toHaveLength(
      expected.cells.filter((cell) => cell.table === "APPLICATIONS" && cell.value === 0).length,
    );
  });

  it("is one table when a converter cuts section 三 into three tables with a placeholder header each", () => {
    const lines = renderMarkdown(spec).split("\n");
    const cut = ["", "| 列1 | 列2 | 列3 | 列4 | 列5 | 列6 | 列7 | 列8 | 列9 | 列10 |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"];
    const [first, second] = ["（三）不予公开", "（五）不予处理"].map((label) => lines.findIndex((line) => line.includes(label)));
    const text = [...lines.slice(0, first), ...cut, ...lines.slice(first, second), ...cut, ...lines.slice(second)].join("\n");
    const { served, want } = servedAndExpected(parsed(text), expected);
    expect(served).toEqual(want);
  });
});
