import fs from "node:fs";
import path from "node:path";
import { cellNumber } from "../../src/domain/cell-value";
import type { ParsedCell, ParsedReport } from "../../src/parse";
import { normalizeLine } from "../../src/parse/source-text";
import { renderMarkdown } from "../../src/synthetic/report-writer";
import { damageHeadings, specOfExpected, textShapeFolders, type ExpectedReport } from "../../src/synthetic/text-shapes";
import { codeOf, corpus, FIXTURES, parsed } from "../support/parse-fixtures";

const SHAPE = path.join(FIXTURES, "shapes", "markdown-garbled");

/** The expected cells not served exactly: UNCERTAIN ones, and any other (absent, or another value) apart. */
function misreadCells(report: ParsedReport, expected: ExpectedReport): { uncertain: string[]; otherwise: string[] } {
  const cells = new Map(report.cells.map((cell) => [codeOf(cell), cell]));
  const uncertain: string[] = [];
  const otherwise: string[] = [];
  for (const want of expected.cells) {
    const cell = cells.get(codeOf(want));
    if (cell?.state === "UNCERTAIN") uncertain.push(codeOf(want));
    else if (!cell || !["VALUE", "BLANK"].includes(cell.state) || cellNumber(cell) !== want.value)
      otherwise.push(`${codeOf(want)} ${cell?.state}:${cell?.value}`);
  }
  return { uncertain, otherwise };
}

const ambiguities = (report: ParsedReport) => report.issues.filter((issue) => issue.rule === "PARSE_AMBIGUOUS").map((issue) => issue.message);
const rowCells = (report: ParsedReport, row: string): ParsedCell[] => report.cells.filter((cell) => cell.row === row && cell.state !== "DERIVED");

interface Manifest {
  reports: Array<{ file: string; expected: string }>;
}
const MANIFEST = JSON.parse(fs.readFileSync(path.join(SHAPE, "manifest.json"), "utf8")) as Manifest;

/** Section 四 cells of a group: hongze-district-2023 prints totals of 0 that do not add up (R4 broken as printed). */
const groupCodes = (group: string) => ["UPHELD", "CORRECTED", "OTHER", "PENDING", "TOTAL"].map((column) => `REVIEW_LITIGATION.${group}.${column}`);

/** The cells each fixture leaves UNCERTAIN: only where the printed order is all that places them and R4 fails. */
const LEFT_OPEN: Readonly<Record<string, readonly string[]>> = {
  "hongze-district-2023.md": [...groupCodes("REVIEW"), ...groupCodes("LIT_AFTER_REVIEW")],
};

describe("the markdown-garbled fixtures (weak PDF → Markdown)", () => {
  it("are what the generator makes from the corpus", () => {
    const folder = textShapeFolders(corpus).find((shape) => shape.folder === "markdown-garbled")!;
    expect(folder.fixtures.map((fixture) => fixture.file)).toEqual(MANIFEST.reports.map((report) => report.file));
    for (const fixture of folder.fixtures) expect(fs.readFileSync(path.join(SHAPE, fixture.file), "utf8")).toBe(fixture.text);
  });

  it.each(MANIFEST.reports.map((report) => [report.file, report.expected]))(
    "%s serves every cell exactly but those it names UNCERTAIN",
    (file, expectedPath) => {
      const expected = JSON.parse(fs.readFileSync(path.join(SHAPE, expectedPath), "utf8")) as ExpectedReport;
      const report = parsed(fs.readFileSync(path.join(SHAPE, file), "utf8"));
      expect([report.templateVersion, report.year]).toEqual([expected.templateVersion, expected.year]);
      const misread = misreadCells(report, expected);
      expect(misread.otherwise).toEqual([]);
      expect(misread.uncertain).toEqual(LEFT_OPEN[file] ?? []);
      const named = new Set(report.issues.filter((issue) => issue.rule === "PARSE_AMBIGUOUS").flatMap((issue) => issue.cells));
      expect(misread.uncertain.filter((code) => !named.has(code))).toEqual([]);
    },
  );

  it("says why hongze-district-2023.md's section 四 is left open: printed one group per line, and R4 fails as the agency printed it", () => {
    const report = parsed(fs.readFileSync(path.join(SHAPE, "hongze-district-2023.md"), "utf8"));
    expect(ambiguities(report)).toEqual([
      "section 四's values are printed on several lines and placed by the printed order alone; R4 does not hold for REVIEW, LIT_AFTER_REVIEW, so that placement is not confirmed",
    ]);
  });
});

describe("page footers inside a table", () => {
  const normalized = (line: string) => normalizeLine(line).replace(/\s+/g, " ").trim();

  it.each([
    ["as a cell of their own", "| 2.重复申请 | 25 | — 5 — | 0 | 25 |", "| 2.重复申请 | 25 | 0 | 25 |"],
    ["after a value in a cell", "| 2.重复申请 | 25 | 0 第5页 | 25 |", "| 2.重复申请 | 25 | 0 | 25 |"],
    ["as a row of their own", "| 第 5 页 共 9 页 |  |  |", ""],
    ["as a row in hyphens", "| - 5 - |", ""],
    ["after a row of plain text", "2.重复申请 25 0 0 0 0 0 25 第 5 页 共 9 页", "2.重复申请 25 0 0 0 0 0 25"],
    ["on a line of their own in full-width digits", "第１２页", ""],
    ["on a line of their own in full-width hyphens", "－５－", ""],
  ])("are removed %s", (_, line, clean) => {
    expect(normalized(line)).toBe(normalized(clean));
  });

  it("leave signed values and marks alone", () => {
    expect(normalized("| 行政强制 | -5 | - | +4 |")).toBe("行政强制 | -5 | - | +4");
  });
});

describe("section 三 with labels lost or moved, read in the printed order", () => {
  const { expected } = corpus("huaian-city-2024");
  const markdown = renderMarkdown(specOfExpected(expected));
  /** Drops a row's label: its label cells print empty, and the empty cells are read as blanks. */
  const dropLabel = (text: string, label: string) => text.replace(`| ${label} |`, "|  |");
  const floatUp = (text: string, label: string, onto: string) => dropLabel(text, label).replace(`| ${onto} |`, `| ${onto} ${label} |`);

  it("places rows without a label and with a neighbour's label by order, each confirmed by R2, R1 and R3", () => {
    let text = dropLabel(markdown, "2.其他法律行政法规禁止公开");
    text = floatUp(text, "5.属于三类内部事务信息", "4.保护第三方合法权益");
    text = dropLabel(text, "7.属于行政执法案卷");
    text = floatUp(text, "8.属于行政查询事项", "7.属于行政执法案卷").replace("|  |  |  | 9 |", "|  |  | 8.属于行政查询事项 | 9 |");
    text = text.replace("| 2.重复申请 | 25 | 0 |", "| 2.重复申请 | 25 | — 5 — | 0 |");
    const report = parsed(text);
    expect(misreadCells(report, expected)).toEqual({ uncertain: [], otherwise: [] });
    expect(ambiguities(report)).toEqual([]);
  });

  it("places a row whose label floats inside a value cell of the row above, that row's own label lost", () => {
    let text = dropLabel(dropLabel(markdown, "2.其他法律行政法规禁止公开"), "3.危及“三安全一稳定”");
    text = text.replace("| 30 | 1 | 0 |", "| 30 | 1 3.危及“三安全一稳定” | 0 |");
    const report = parsed(text);
    expect(misreadCells(report, expected)).toEqual({ uncertain: [], otherwise: [] });
    expect(rowCells(report, "WITHHELD_THREE_SAFETY_ONE_STABILITY").map((cell) => cell.value)).toEqual([5, 0, 0, 0, 0, 0, 5]);
  });

  it("leaves a row placed by order alone UNCERTAIN when an identity fails, and says which", () => {
    const text = dropLabel(markdown, "2.其他法律行政法规禁止公开").replace("| 30 | 1 | 0 | 0 | 0 | 0 | 31 |", "| 30 | 1 | 0 | 0 | 0 | 0 | 32 |");
    const report = parsed(text);
    expect(rowCells(report, "WITHHELD_LAW_PROHIBITED").map((cell) => [cell.state, cell.value])).toEqual([
      ["UNCERTAIN", 30],
      ["UNCERTAIN", 1],
      ["UNCERTAIN", 0],
      ["UNCERTAIN", 0],
      ["UNCERTAIN", 0],
      ["UNCERTAIN", 0],
      ["UNCERTAIN", 32],
    ]);
    expect(ambiguities(report)).toEqual([
      `row WITHHELD_LAW_PROHIBITED of section 三 has no label of its own (line ${text.split("\n").findIndex((line) => line.includes("| 32 |")) + 1}), so it is placed by the printed order alone, and R2 does not hold for it`,
    ]);
    expect(rowCells(report, "WITHHELD_STATE_SECRET").every((cell) => cell.state === "VALUE")).toBe(true);
  });

  it("leaves every row placed by order alone UNCERTAIN when the column sums fail, and the labelled rows VALUE", () => {
    let text = dropLabel(markdown, "2.其他法律行政法规禁止公开").replace("| 30 | 1 | 0 | 0 | 0 | 0 | 31 |", "| 31 | 1 | 0 | 0 | 0 | 0 | 32 |");
    text = dropLabel(text, "6.属于四类过程性信息");
    const report = parsed(text);
    const states = (row: string) => [...new Set(rowCells(report, row).map((cell) => cell.state))];
    expect([states("WITHHELD_LAW_PROHIBITED"), states("WITHHELD_PROCESS_INFO"), states("WITHHELD_STATE_SECRET")]).toEqual([
      ["UNCERTAIN"],
      ["UNCERTAIN"],
      ["VALUE"],
    ]);
    expect(ambiguities(report).map((message) => message.replace(/\(line \d+\)/, "(line …)"))).toEqual([
      "row WITHHELD_LAW_PROHIBITED of section 三 has no label of its own (line …), so it is placed by the printed order alone, and R3 does not hold for column NATURAL_PERSON",
      "row WITHHELD_PROCESS_INFO of section 三 has no label of its own (line …), so it is placed by the printed order alone, and R3 does not hold for column NATURAL_PERSON",
    ]);
    expect(report.issues.filter((issue) => issue.severity === "error").map((issue) => issue.rule)).toEqual(["R3", "R3"]);
  });

  it("leaves a row UNCERTAIN when two ways of dropping its surplus empty cells both satisfy R2", () => {
    const hongze = renderMarkdown(specOfExpected(corpus("hongze-district-2024").expected));
    const text = hongze.replace("| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 2.其他法律行政法规禁止公开 |  | 0 | 0 | 0 | 0 | 0 | 0 |  |");
    expect(text).not.toBe(hongze);
    const report = parsed(text);
    expect(rowCells(report, "WITHHELD_LAW_PROHIBITED").map((cell) => [cell.state, cell.value, cell.raw])).toEqual([
      ["UNCERTAIN", 0, ""],
      ...Array.from({ length: 6 }, () => ["UNCERTAIN", 0, "0"]),
    ]);
    expect(ambiguities(report)).toEqual([
      "row WITHHELD_LAW_PROHIBITED of section 三 prints surplus empty cells and more than one way of dropping them satisfies R2",
    ]);
  });

  it("reads a row that prints more values than its label's row has as UNCERTAIN, never as a certain value, when rows are missing", () => {
    const lines = floatUp(markdown, "5.属于三类内部事务信息", "4.保护第三方合法权益").split("\n");
    const text = lines.filter((line) => !line.includes("3.危及")).join("\n");
    const report = parsed(text);
    expect(misreadCells(report, expected).otherwise.filter((cell) => !cell.includes("ABSENT"))).toEqual([]);
    expect(rowCells(report, "WITHHELD_INTERNAL_AFFAIRS").map((cell) => [cell.state, cell.value])).toEqual(
      [6, 0, 0, 0, 0, 0, 6].map((value) => ["UNCERTAIN", value]),
    );
    expect(ambiguities(report)).toContain(
      "row WITHHELD_INTERNAL_AFFAIRS of section 三 prints 17 cells after its label where the template has 7, so which are its own is not known",
    );
  });
});

describe("section 四 printed one group per line", () => {
  const asGroupLines = (markdown: string, values: readonly number[], lostLabel: number) => {
    const labels = ["行政复议", "未经复议直接起诉", "复议后起诉"].map((label, index) => (index === lostLabel ? "" : label));
    const rows = labels.map((label, group) => `| ${label} | ${values.slice(group * 5, group * 5 + 5).join(" | ")} |`);
    const valueRow = `| ${values.join(" | ")} |`;
    expect(markdown).toContain(valueRow);
    return markdown.replace(valueRow, rows.join("\n"));
  };
  const reviewValues = (expected: ExpectedReport) => expected.cells.filter((cell) => cell.table === "REVIEW_LITIGATION").map((cell) => cell.value);

  it("reads each group in the printed order when R4 confirms it, a group's label lost", () => {
    const { expected } = corpus("hongze-district-2024");
    const report = parsed(asGroupLines(renderMarkdown(specOfExpected(expected)), reviewValues(expected), 1));
    const review = report.cells.filter((cell) => cell.table === "REVIEW_LITIGATION");
    expect(review.map((cell) => [cell.state, cell.value])).toEqual(reviewValues(expected).map((value) => ["VALUE", value]));
  });

  it("leaves the groups R4 does not confirm UNCERTAIN, the agency's printed values kept and R4 reported", () => {
    const { expected } = corpus("hongze-district-2023");
    const report = parsed(asGroupLines(renderMarkdown(specOfExpected(expected)), reviewValues(expected), 2));
    const states = report.cells.filter((cell) => cell.table === "REVIEW_LITIGATION").map((cell) => cell.state);
    expect(states).toEqual([...Array(5).fill("UNCERTAIN"), ...Array(5).fill("VALUE"), ...Array(5).fill("UNCERTAIN")]);
    expect(report.issues.filter((issue) => issue.rule === "R4").map((issue) => issue.severity)).toEqual(["error", "error"]);
  });
});

describe("section 四 glued into one run, with section 五's heading lost", () => {
  it("is read from the run that holds its 15 digits, not from the last number of the text after it", () => {
    const { text, expected } = corpus("pingtan-2019");
    const report = parsed(damageHeadings(text, { S5_PROBLEMS: "MISSING" }, 3));
    const review = report.cells.filter((cell) => cell.table === "REVIEW_LITIGATION");
    expect(review.map((cell) => [codeOf(cell), cell.state, cell.value])).toEqual(
      expected.cells.filter((cell) => cell.table === "REVIEW_LITIGATION").map((cell) => [codeOf(cell), "VALUE", cell.value]),
    );
  });
});
