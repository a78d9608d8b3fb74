import fs from "node:fs";
import path from "node:path";
import { cellNumber } from "../../src/domain/cell-value";
import { parseReport, type ParsedReport } from "../../src/parse";
import { locateSections } from "../../src/parse/sections";
import { createSourceText } from "../../src/parse/source-text";
import { damageHeadings, HEADING_DAMAGES, textShapeFolders, type ExpectedReport } from "../../src/synthetic/text-shapes";
import { codeOf, corpus, FIXTURES, parsed } from "../support/parse-fixtures";

const SHAPE = path.join(FIXTURES, "shapes", "headings-damaged");

/** The expected cells a parse does not serve exactly, as code → state:value; UNCERTAIN ones listed apart. */
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

const headingIssues = (report: ParsedReport) => report.issues.filter((issue) => issue.rule === "PARSE_HEADING_DAMAGED").map((issue) => issue.message);

interface Manifest {
  reports: Array<{ file: string; expected: string }>;
}
const MANIFEST = JSON.parse(fs.readFileSync(path.join(SHAPE, "manifest.json"), "utf8")) as Manifest;

describe("the headings-damaged fixtures", () => {
  it("are what the generator makes from the corpus", () => {
    const folder = textShapeFolders(corpus).find((shape) => shape.folder === "headings-damaged")!;
    expect(folder.fixtures.map((fixture) => fixture.file)).toEqual(MANIFEST.reports.map((report) => report.file));
    for (const fixture of folder.fixtures) expect(fs.readFileSync(path.join(SHAPE, fixture.file), "utf8")).toBe(fixture.text);
  });

  it.each(MANIFEST.reports.map((report) => [report.file, report.expected]))(
    "%s reads every cell its corpus original reads, and leaves open only the cells the original does",
    (file, expectedPath) => {
      const expected = JSON.parse(fs.readFileSync(path.join(SHAPE, expectedPath), "utf8")) as ExpectedReport;
      const original = parsed(corpus(path.basename(expectedPath, ".expected.json")).text);
      const report = parsed(fs.readFileSync(path.join(SHAPE, file), "utf8"));
      expect([report.templateVersion, report.year]).toEqual([expected.templateVersion, expected.year]);
      const misread = misreadCells(report, expected);
      expect(misread.otherwise).toEqual([]);
      expect(misread.uncertain).toEqual(misreadCells(original, expected).uncertain);
    },
  );

  it("records how each section of huaian-city-2024-second.txt was found: by a close heading or, for 四, by its table", () => {
    const report = parsed(fs.readFileSync(path.join(SHAPE, "huaian-city-2024-second.txt"), "utf8"));
    expect(headingIssues(report)).toEqual([
      `section 一's heading is damaged: line 10 prints "一、总体 / 情况", read as 一、总体情况 (split over two lines)`,
      `section 三's heading is damaged: line 127 prints "三收到和处理政府信息公开申请情况", read as 三、收到和处理政府信息公开申请情况 (its numbering or decoration differs)`,
      `section 四's heading was not found; the section is located by its table: 15 values under the header words 结果维持/结果纠正/尚未审结, at line 580 ("行政复议")`,
      `section 五's heading is damaged: line 671 prints "四、存在的主要问题及改进情况", read as 五、存在的主要问题及改进情况 (the numeral 四)`,
      `section 六's heading is damaged: line 685 prints "六、其他需要报亅告的事项", read as 六、其他需要报告的事项 (1 of the title's characters differs)`,
    ]);
    expect(report.issues.filter((issue) => issue.rule === "PARSE_HEADING_DAMAGED").map((issue) => [issue.severity, issue.line])).toEqual([
      ["info", 10],
      ["info", 127],
      ["info", 580],
      ["info", 671],
      ["info", 685],
    ]);
  });

  it("finds sections 二 and 三 of the one-line pingtan-2019.txt by their tables when their headings are gone", () => {
    const report = parsed(fs.readFileSync(path.join(SHAPE, "pingtan-2019.txt"), "utf8"));
    expect(headingIssues(report).map((message) => message.slice(0, message.indexOf(", at line")))).toEqual([
      "section 二's heading was not found; the section is located by its first 第二十条 caption",
      "section 三's heading was not found; the section is located by its table header (本列数据的勾稽关系 / 申请人情况)",
      "section 四's heading was not found; the section is located by its table: 15 values under the header words 结果维持/结果纠正/尚未审结",
    ]);
  });
});

describe("each kind of heading damage, on section 四 of hongze-district-2024", () => {
  const { text, expected } = corpus("hongze-district-2024");
  const reviewExpected = expected.cells.filter((cell) => cell.table === "REVIEW_LITIGATION");

  it.each(HEADING_DAMAGES.map((damage) => [damage]))("%s: section 四 is found and all 15 of its cells are read", (damage) => {
    const report = parsed(damageHeadings(text, { S4_REVIEW_LITIGATION: damage }, 7));
    const review = report.cells.filter((cell) => cell.table === "REVIEW_LITIGATION");
    expect(review.map((cell) => [codeOf(cell), cell.state, cell.value])).toEqual(reviewExpected.map((cell) => [codeOf(cell), "VALUE", cell.value]));
    expect(report.issues.filter((issue) => issue.rule === "PARSE_TABLE_MISSING")).toEqual([]);
  });

  it.each([
    [
      "STRAY_CHARACTER",
      `section 四's heading is damaged: line 120 prints "四、政府信息公开行政复丨议、行政诉讼情况", read as 四、政府信息公开行政复议、行政诉讼情况 (1 of the title's characters differs)`,
    ],
    [
      "NO_SEPARATOR",
      `section 四's heading is damaged: line 120 prints "四政府信息公开行政复议行政诉讼情况", read as 四、政府信息公开行政复议、行政诉讼情况 (its numbering or decoration differs)`,
    ],
    [
      "LOOKALIKE_NUMERAL",
      `section 四's heading is damaged: line 120 prints "囚、政府信息公开行政复议、行政诉讼情况", read as 四、政府信息公开行政复议、行政诉讼情况 (the numeral 囚)`,
    ],
    [
      "WRONG_NUMERAL",
      `section 四's heading is damaged: line 120 prints "三、政府信息公开行政复议、行政诉讼情况", read as 四、政府信息公开行政复议、行政诉讼情况 (the numeral 三)`,
    ],
    [
      "WIDTH_MIX",
      `section 四's heading is damaged: line 120 prints "四,政府信息公开行政复议,行政诉讼情况", read as 四、政府信息公开行政复议、行政诉讼情况 (its numbering or decoration differs)`,
    ],
    [
      "SPLIT_LINE",
      `section 四's heading is damaged: line 120 prints "四、政府信息公开行政复 / 议、行政诉讼情况", read as 四、政府信息公开行政复议、行政诉讼情况 (split over two lines)`,
    ],
    [
      "MISSING",
      `section 四's heading was not found; the section is located by its table: 15 values under the header words 结果维持/结果纠正/尚未审结, at line 121 ("行政复议 行政诉讼")`,
    ],
  ])("%s is recorded as an info issue naming the line and what it prints", (damage, message) => {
    expect(headingIssues(parsed(damageHeadings(text, { S4_REVIEW_LITIGATION: damage as (typeof HEADING_DAMAGES)[number] }, 7)))).toEqual([message]);
  });

  it("reads a heading decorated as Markdown bold or truncated after 行政复议 by its keywords, with nothing to record", () => {
    const bold = text.replace("四、政府信息公开行政复议、行政诉讼情况", "**四、政府信息公开行政复议、行政诉讼情况**");
    const truncated = damageHeadings(text, { S4_REVIEW_LITIGATION: "TRUNCATED" }, 7);
    expect(truncated).toContain("\n四、政府信息公开行政复议、行政诉\n");
    for (const damaged of [bold, truncated]) expect(headingIssues(parsed(damaged))).toEqual([]);
  });

  it("finds section 四 by its table whatever its heading says: here section 三's title printed again", () => {
    const report = parsed(text.replace("四、政府信息公开行政复议、行政诉讼情况", "三、收到和处理政府信息公开申请情况"));
    const cells = new Map(report.cells.map((cell) => [codeOf(cell), cell]));
    expect(expected.cells.filter((want) => cells.get(codeOf(want))?.value !== want.value || cells.get(codeOf(want))?.state !== "VALUE")).toEqual([]);
    expect(headingIssues(report)).toEqual([
      `section 四's heading was not found; the section is located by its table: 15 values under the header words 结果维持/结果纠正/尚未审结, below the line taken as its heading, at line 120 ("三、收到和处理政府信息公开申请情况")`,
    ]);
  });

  it("keeps section 六's text whole when its heading is split over two lines", () => {
    const report = parsed(damageHeadings(text, { S6_OTHER: "SPLIT_LINE" }, 7));
    expect(report.sections.S6_OTHER).toBe(parsed(text).sections.S6_OTHER);
    expect(headingIssues(report)).toEqual([
      `section 六's heading is damaged: line 169 prints "六、其他需要报 / 告的事项", read as 六、其他需要报告的事项 (split over two lines)`,
    ]);
  });
});

describe("what is never a heading", () => {
  it("is not the row label 四、结转下年度继续办理, printed alone on its line, when section 四's heading and table are gone", () => {
    const text = [
      "三、收到和处理政府信息公开申请情况",
      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
      "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1",
      "四、结转下年度继续办理",
      "0 0 0 0 0 0 0",
      "五、存在的主要问题及改进情况",
      "无。",
    ].join("\n");
    const sections = locateSections(createSourceText(text).text);
    expect(Object.keys(sections)).toEqual(["S3_APPLICATIONS", "S5_PROBLEMS"]);
  });

  it("starts section 四, found by its table, below the row 四、结转下年度继续办理, which section 三 keeps", () => {
    const { text, expected } = corpus("hongze-district-2024");
    const report = parsed(damageHeadings(text, { S4_REVIEW_LITIGATION: "MISSING" }, 7));
    const carried = report.cells.filter((cell) => cell.row === "CARRIED_FORWARD_OUT" && cell.state !== "DERIVED");
    expect(carried.map((cell) => [cell.column, cell.state, cell.value, cell.line])).toEqual(
      expected.cells.filter((cell) => cell.row === "CARRIED_FORWARD_OUT").map((cell) => [cell.column, "VALUE", cell.value, 119]),
    );
  });

  it("is a line only loosely like a heading: 一、总体要求, or 二、主动公开 cut to half its title, which its table then claims", () => {
    const text = ["一、总体要求", "二、主动公开", "第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 0 0 0"].join("\n");
    const sections = locateSections(createSourceText(text).text);
    expect(Object.keys(sections)).toEqual(["S2_PROACTIVE"]);
    expect(sections.S2_PROACTIVE).toEqual({
      start: text.indexOf("二、主动公开"),
      end: text.length,
      evidence: { kind: "CONTENT", line: 2, printed: "二、主动公开", detail: "its first 第二十条 caption, below the line taken as its heading" },
    });
  });

  it("is a damaged section 三 heading quoted in a document without the table: a work summary about 行政复议 is still refused", () => {
    const text = [
      "某某县司法局2023年行政复议工作总结",
      "一、基本情况",
      "全年办理行政复议案件12件，其中维持8件，纠正2件，尚未审结2件。",
      "三、收到和处理政府信息公幵申请情况",
      "本局按要求答复申请人3件。",
      "四、政府信息公开行政复议、行政诉讼情况",
      "行政复议 结果维持 结果纠正 其他结果 尚未审结 总计",
      "8 2 0 2 12 0 0 0 0 0 0 0 0 0 0",
    ].join("\n");
    expect(parseReport(text)).toEqual({
      kind: "not-a-report",
      reason: "found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
    });
  });
});
