import fs from "node:fs";
import path from "node:path";
import { parseReport, type ParsedReport } from "../../src/parse";
import { renderHtmlPage, renderMarkdown, type CellValues, type ReportSpec } from "../../src/synthetic/report-writer";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");

/** A corpus report's hand-checked values, as a spec to render in other shapes. */
function specOf(name: string, agency: string, otherSplit: boolean, transform: (value: number) => number | null = (value) => value): ReportSpec {
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), "utf8")) as {
    year: number;
    templateVersion: "TPL_2019" | "TPL_2021";
    cells: { table: string; row: string; column: string; value: number }[];
  };
  const values = new Map(expected.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, transform(cell.value)]));
  return { agency, year: expected.year, version: expected.templateVersion, otherSplit, values };
}

function parsed(text: string): ParsedReport {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report;
}

/** The printed cells of a parse as code -> value (null for blanks), and the states seen. */
function printedValues(report: ParsedReport): { values: Map<string, number | null>; states: Set<string> } {
  const printed = report.cells.filter((cell) => cell.state !== "DERIVED");
  return {
    values: new Map(printed.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value])),
    states: new Set(printed.map((cell) => cell.state)),
  };
}

function expectSameValues(report: ParsedReport, values: CellValues, states: string[]): void {
  const read = printedValues(report);
  expect(Object.fromEntries(read.values)).toEqual(Object.fromEntries(values));
  expect([...read.states].sort()).toEqual(states);
  expect(report.issues.filter((issue) => issue.severity !== "info")).toEqual([]);
}

const HUAIAN = specOf("huaian-city-2024", "淮安市人民政府", true);
const HONGZE = specOf("hongze-district-2024", "淮安市洪泽区人民政府", false);
// pingtan-2019's cells, with its procurement amount printed in 元 as a whole number for the other shapes.
const PINGTAN = specOf("pingtan-2019", "平潭综合实验区", false, (value) => (value === 75394432.52 ? 75394432 : value));

describe("a report written as Markdown pipe tables", () => {
  it.each([
    ["TPL_2021 with （六） in three rows", HUAIAN],
    ["TPL_2021 with （六） in one row", HONGZE],
    ["TPL_2019", PINGTAN],
  ])("reads every cell of %s", (_, spec) => {
    const report = parsed(renderMarkdown(spec));
    expect([report.templateVersion, report.year, report.agencyName]).toEqual([spec.version, spec.year, spec.agency]);
    expectSameValues(report, spec.values, ["VALUE"]);
  });

  it("reads a section 三 table that a converter split in two, losing the header rows, with a page footer between", () => {
    const report = parsed(renderMarkdown(HUAIAN, "WITHHELD_ADMIN_QUERY"));
    expectSameValues(report, HUAIAN.values, ["VALUE"]);
  });

  it("keeps empty cells as BLANK and counts them as 0 for the arithmetic", () => {
    const spec = specOf("huaian-city-2024", "淮安市人民政府", true, (value) => (value === 0 ? null : value));
    const report = parsed(renderMarkdown(spec));
    expectSameValues(report, spec.values, ["BLANK", "VALUE"]);
    const blank = report.cells.find((cell) => cell.table === "APPLICATIONS" && cell.row === "NEW_RECEIVED" && cell.column === "RESEARCH_INSTITUTION");
    expect(blank).toMatchObject({ value: null, state: "BLANK", raw: "" });
  });
});

describe("a report published as an HTML page", () => {
  it("reads every cell from tables with rowspan and colspan inside the site's page", () => {
    const report = parsed(renderHtmlPage(HUAIAN));
    expect([report.templateVersion, report.year, report.agencyName, report.region?.code]).toEqual(["TPL_2021", 2024, "淮安市人民政府", "320800"]);
    expectSameValues(report, HUAIAN.values, ["VALUE"]);
    expect(report.sections.S6_OTHER).toBe("无。");
  });

  it("reads zeros printed as empty cells as BLANK, in their places", () => {
    const spec = specOf("hongze-district-2024", "淮安市洪泽区人民政府", false, (value) => (value === 0 ? null : value));
    const report = parsed(renderHtmlPage(spec));
    expectSameValues(report, spec.values, ["BLANK", "VALUE"]);
  });

  it("reads a TPL_2019 page", () => {
    const report = parsed(renderHtmlPage(PINGTAN));
    expectSameValues(report, PINGTAN.values, ["VALUE"]);
  });
});

describe("a report in Traditional characters", () => {
  it("reads the same cells as its Simplified original", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OpenCC = require("opencc-js") as { Converter(options: { from: string; to: string }): (text: string) => string };
    const traditional = OpenCC.Converter({ from: "cn", to: "twp" })(renderMarkdown(HUAIAN));
    expect(traditional).toContain("主動公開政府資訊情況");
    const report = parsed(traditional);
    expect(report.agencyName).toBe("淮安市人民政府");
    expectSameValues(report, HUAIAN.values, ["VALUE"]);
  });
});

describe("examples of damaged text (docs/real-text.md)", () => {
  it("reads section 四 reduced to one run of 15 numbers (M14)", () => {
    const text = renderMarkdown(HUAIAN).replace(
      /## 四、[\s\S]*?## 五、/,
      "## 四、政府信息公开行政复议、行政诉讼情况\n\n行政复议行政诉讼\n| 119 | 25 | 91 | 24 | 259 | 7 | 0 | 15 | 6 | 28 | 21 | 1 | 7 | 9 | 38 |\n\n## 五、",
    );
    const report = parsed(text);
    const review = report.cells.filter((cell) => cell.table === "REVIEW_LITIGATION").map((cell) => cell.value);
    expect(review).toEqual([119, 25, 91, 24, 259, 7, 0, 15, 6, 28, 21, 1, 7, 9, 38]);
  });

  it("reads not-applicable marks as NA_MARK and signed changes (M7d, M12)", () => {
    const text = renderMarkdown(PINGTAN)
      .replace("| 行政强制 | 126 | 0 | 25 |", "| 行政强制 | 126 | +4 | - |")
      .replace("| 规章 | 0 | 0 | 0 |", "| 规章 | / | / | / |");
    const report = parsed(text);
    const cell = (row: string, column: string) => report.cells.find((candidate) => candidate.row === row && candidate.column === column);
    expect(cell("ADMIN_COERCION", "ITEMS_DELTA")).toMatchObject({ value: 4, state: "VALUE", raw: "+4" });
    expect(cell("ADMIN_COERCION", "DECISIONS")).toMatchObject({ value: null, state: "NA_MARK", raw: "-" });
    expect(cell("REGULATIONS", "NEW_MADE")).toMatchObject({ value: null, state: "NA_MARK", raw: "/" });
  });

  it("reports an agency's broken row sum without changing the printed values", () => {
    const text = renderMarkdown(HUAIAN).replace(
      "| 一、本年新收政府信息公开申请数量 |  |  | 3001 | 53 | 0 | 0 | 61 | 4 | 3119 |",
      "| 一、本年新收政府信息公开申请数量 |  |  | 3001 | 53 | 0 | 0 | 61 | 4 | 3120 |",
    );
    const report = parsed(text);
    expect(report.cells.find((cell) => cell.row === "NEW_RECEIVED" && cell.column === "TOTAL")).toMatchObject({ value: 3120, state: "VALUE" });
    expect(report.issues.filter((issue) => issue.severity === "error").map((issue) => issue.message)).toEqual([
      "R1 (column TOTAL): NEW_RECEIVED.TOTAL 3120 + CARRIED_OVER_IN.TOTAL 34 = 3154 but R_TOTAL.TOTAL 3050 + CARRIED_FORWARD_OUT.TOTAL 103 = 3153",
      "R2 (row NEW_RECEIVED): NEW_RECEIVED.TOTAL 3120 = 3120 but NEW_RECEIVED.NATURAL_PERSON 3001 + NEW_RECEIVED.COMMERCIAL_ENTERPRISE 53 + NEW_RECEIVED.RESEARCH_INSTITUTION 0 + NEW_RECEIVED.PUBLIC_WELFARE_ORG 0 + NEW_RECEIVED.LEGAL_SERVICE_ORG 61 + NEW_RECEIVED.OTHER_ORG 4 = 3119",
    ]);
  });
});
