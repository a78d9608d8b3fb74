import fs from "node:fs";
import path from "node:path";
import type { ParsedCell } from "../../src/parse";
import { parseReport, type ParsedReport } from "../../src/parse";
import { checkNarrative, MAX_NARRATIVE_FACTS, readNarrative, type NarrativeFact } from "../../src/parse/narrative";
import { createSourceText } from "../../src/parse/source-text";
import { renderMarkdown, type ReportSpec } from "../../src/synthetic/report-writer";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");

function parsed(text: string): ParsedReport {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report;
}

const corpus = (name: string) => parsed(fs.readFileSync(path.join(CORPUS, `${name}.txt`), "utf8"));
const t1 = (report: ParsedReport) => report.issues.filter((issue) => issue.rule === "T1");

/** The facts of a short overview, read in a version (the whole text is the overview). */
function factsOf(text: string, version: "TPL_2019" | "TPL_2021" | "LEGACY_PRE2019" = "TPL_2021"): Array<[string, number]> {
  const source = createSourceText(text);
  return readNarrative(source, { start: 0, end: source.text.length }, version).map((fact) => [fact.concept, fact.value]);
}

describe("the narrative of the corpus reports", () => {
  it("reads what huaian-city-2024's overview states, each fact with its cells, and finds them all equal to the tables", () => {
    const report = corpus("huaian-city-2024");
    expect(report.narrative).toEqual([
      { concept: "APPLICATIONS_RECEIVED", value: 3119, cells: ["APPLICATIONS.NEW_RECEIVED.TOTAL"], text: "受理政府信息公开申请3119件", line: 30 },
      { concept: "APPLICATIONS_COMPLETED", value: 3050, cells: ["APPLICATIONS.R_TOTAL.TOTAL"], text: "答复3050件", line: 31 },
      { concept: "APPLICATIONS_CARRIED_OVER", value: 34, cells: ["APPLICATIONS.CARRIED_OVER_IN.TOTAL"], text: "上年度结转申请34件", line: 31 },
      { concept: "APPLICATIONS_CARRIED_FORWARD", value: 103, cells: ["APPLICATIONS.CARRIED_FORWARD_OUT.TOTAL"], text: "103件顺延到下年度", line: 31 },
      { concept: "REVIEWS", value: 351, cells: ["REVIEW_LITIGATION.REVIEW.TOTAL"], text: "行政复议351件", line: 32 },
      {
        concept: "LAWSUITS",
        value: 46,
        cells: ["REVIEW_LITIGATION.LIT_DIRECT.TOTAL", "REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL"],
        text: "行政诉讼46件",
        line: 34,
      },
    ]);
    expect(t1(report)).toEqual([]);
  });

  it("warns that hongze-district-2024's text counts the government office's 17 requests where the table prints the district's 95", () => {
    const report = corpus("hongze-district-2024");
    expect(report.narrative).toEqual([
      { concept: "PROACTIVE_ITEMS", value: 2428, cells: [], text: "主动发布各类政府信息2428条", line: 21 },
      { concept: "APPLICATIONS_RECEIVED", value: 17, cells: ["APPLICATIONS.NEW_RECEIVED.TOTAL"], text: "受理政府信息公开申请17件", line: 30 },
    ]);
    expect(t1(report)).toEqual([
      {
        rule: "T1",
        severity: "warning",
        message:
          'T1 (APPLICATIONS_RECEIVED): the text says 17 at line 30 ("受理政府信息公开申请17件"), the table prints 95 (APPLICATIONS.NEW_RECEIVED.TOTAL); the text may count another scope',
        cells: ["APPLICATIONS.NEW_RECEIVED.TOTAL"],
        line: 30,
      },
    ]);
  });

  it("reads hongze-district-2023's two figures, equal to its table", () => {
    const report = corpus("hongze-district-2023");
    expect(report.narrative!.map((fact) => [fact.concept, fact.value, fact.line])).toEqual([
      ["PROACTIVE_ITEMS", 1136, 19],
      ["APPLICATIONS_RECEIVED", 21, 21],
    ]);
    expect(t1(report)).toEqual([]);
  });

  it("reads nothing from chuanhui-2020 (hotline and message counts are no disclosure requests) nor pingtan-2019 (its 856 is a category in brackets)", () => {
    expect([corpus("chuanhui-2020").narrative, corpus("pingtan-2019").narrative]).toEqual([[], []]);
  });
});

describe("what counts as a narrative fact", () => {
  it("needs the concept's words right before the number, and the unit right after it", () => {
    expect(factsOf("全年共收到政府信息公开申请152件。")).toEqual([["APPLICATIONS_RECEIVED", 152]]);
    expect(factsOf("全年收到申请，共计152件。")).toEqual([]);
    expect(factsOf("收到政府信息公开申请152。")).toEqual([]);
    expect(factsOf("收到行政复议申请2件。")).toEqual([["REVIEWS", 2]]);
    expect(factsOf("不予受理申请2件，行政复议答复1件，收取复制费0.5元/页。")).toEqual([]);
  });

  it("never takes a percentage, a year, a date, an approximate figure or a change", () => {
    expect(factsOf("受理申请同比增长15%，收到申请比上年增加20件，受理申请2023年以来逐年上升，主动公开政府信息5500余条，主动公开政府信息约300条。")).toEqual([]);
    expect(factsOf("收到政府信息公开申请2023年12月31日前已办结。")).toEqual([]);
  });

  it("never reads across a sentence end, and reads the figure broken over a line", () => {
    expect(factsOf("本年度收到申请。152件已全部答复。")).toEqual([]);
    expect(factsOf("共受理政府信息公开申请 31\n件，答\n复 30 件。")).toEqual([
      ["APPLICATIONS_RECEIVED", 31],
      ["APPLICATIONS_COMPLETED", 30],
    ]);
  });

  it("drops a part of a figure: a 其中 clause, a bracketed breakdown, an on-time or a should-be-published count", () => {
    expect(factsOf("全市共收到申请300件，其中市政府本级收到申请50件，按时答复280件。")).toEqual([["APPLICATIONS_RECEIVED", 300]]);
    expect(factsOf("共公开信息2599条(其中机构职能类信息25条，其他应主动公开政府信息856条)。")).toEqual([]);
  });

  it("drops an answered count qualified right before its verb, a word such as 已 or 全部 in between or not", () => {
    expect(factsOf("延期已答复10件，按期答复90件，超期答复3件，限期答复2件，如期全部答复5件，逾期已办结1件，不予答复4件。")).toEqual([]);
    expect(factsOf("共收到申请100件，已全部答复100件，依法办结98件。")).toEqual([
      ["APPLICATIONS_RECEIVED", 100],
      ["APPLICATIONS_COMPLETED", 100],
      ["APPLICATIONS_COMPLETED", 98],
    ]);
  });

  it("drops requests refused, and received counts of one channel (网上 / 信函 / 当场 …), not the total", () => {
    expect(factsOf("未予受理申请3件，不予以受理申请2件，不予受理申请1件，未受理申请1件。")).toEqual([]);
    expect(factsOf("网上受理申请25件，信函受理申请3件，当场共受理申请4件。全年共受理申请32件。")).toEqual([["APPLICATIONS_RECEIVED", 32]]);
  });

  it("reads no number of more than 12 digits, and no amount too large to be exact", () => {
    expect(factsOf(`收到申请1234567890123件。收到申请${"9".repeat(400)}件。收取信息处理费999999999999万元。收取复制费1.1234567元。`)).toEqual([]);
    expect(factsOf("收到申请123,456,789,012件。收取信息处理费99999999999万元。收取复制费1.123456元。")).toEqual([
      ["APPLICATIONS_RECEIVED", 123456789012],
      ["FEES_YUAN", 999999999990000],
      ["FEES_YUAN", 1.123456],
    ]);
  });

  it("keeps a concept stated twice with different values, in text order", () => {
    expect(factsOf("受理政府信息公开申请21件。全年收到政府信息公开申请23件。")).toEqual([
      ["APPLICATIONS_RECEIVED", 21],
      ["APPLICATIONS_RECEIVED", 23],
    ]);
  });

  it("reads carried-over and carried-forward requests, reviews, lawsuits and normative documents with their cells", () => {
    const source = createSourceText(
      "上年结转申请3件，结转至下年度办理5件，行政复议2起，行政诉讼1件；现行有效规章和规范性文件77件，制发行政规范性文件8件，废止规范性文件26件。",
    );
    const facts = readNarrative(source, { start: 0, end: source.text.length }, "TPL_2021");
    expect(facts.map((fact) => [fact.concept, fact.value, fact.cells])).toEqual([
      ["APPLICATIONS_CARRIED_OVER", 3, ["APPLICATIONS.CARRIED_OVER_IN.TOTAL"]],
      ["APPLICATIONS_CARRIED_FORWARD", 5, ["APPLICATIONS.CARRIED_FORWARD_OUT.TOTAL"]],
      ["REVIEWS", 2, ["REVIEW_LITIGATION.REVIEW.TOTAL"]],
      ["LAWSUITS", 1, ["REVIEW_LITIGATION.LIT_DIRECT.TOTAL", "REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL"]],
      ["NORMATIVE_DOCS_IN_FORCE", 77, ["ART20_1.REGULATIONS.IN_FORCE", "ART20_1.ADMIN_NORMATIVE_DOCS.IN_FORCE"]],
      ["NORMATIVE_DOCS_ISSUED", 8, ["ART20_1.ADMIN_NORMATIVE_DOCS.ISSUED"]],
      ["NORMATIVE_DOCS_REPEALED", 26, ["ART20_1.ADMIN_NORMATIVE_DOCS.REPEALED"]],
    ]);
    // 2019 has no 现行有效 or 废止 column; 制发 is closest to 本年新制作数量.
    const in2019 = readNarrative(source, { start: 0, end: source.text.length }, "TPL_2019");
    expect(in2019.slice(4).map((fact) => fact.cells)).toEqual([[], ["ART20_1.NORMATIVE_DOCS.NEW_MADE"], []]);
  });

  it("states fees in 元, converting 万元 on the digits, and gives them a cell only in a legacy report", () => {
    expect(factsOf("收取检索、复制、邮寄等费用0.0394万元。收取信息处理费120元。")).toEqual([
      ["FEES_YUAN", 394],
      ["FEES_YUAN", 120],
    ]);
    const source = createSourceText("收取信息处理费120元。");
    const whole = { start: 0, end: source.text.length };
    expect([readNarrative(source, whole, "TPL_2021")[0].cells, readNarrative(source, whole, "LEGACY_PRE2019")[0].cells]).toEqual([
      [],
      ["LEGACY.FEES_CHARGED.VALUE"],
    ]);
  });

  it(`keeps the first ${MAX_NARRATIVE_FACTS} facts of an overview that repeats a figure, whose JSON fits MySQL's TEXT column even for the longest phrase`, () => {
    const longest = `收取政府信息公开${`${"信息处理".repeat(8)}费用`.repeat(4)}共计123,456,789,012.123456万元。`;
    const source = createSourceText(`${longest}\n`.repeat(1000));
    const facts = readNarrative(source, { start: 0, end: source.text.length }, "LEGACY_PRE2019");
    expect([facts.length, facts[0].value, facts[0].text.length, facts[MAX_NARRATIVE_FACTS - 1].line]).toEqual([
      MAX_NARRATIVE_FACTS,
      1234567890121234.5,
      170,
      50,
    ]);
    // A TEXT column holds 65,535 bytes on MySQL/MariaDB: less than half is used at the cap.
    expect(Buffer.byteLength(JSON.stringify(facts), "utf8")).toBe(28_742);
  });

  it("reads nothing without an overview", () => {
    const source = createSourceText("收到政府信息公开申请152件。");
    expect(readNarrative(source, null, "TPL_2021")).toEqual([]);
  });
});

/** huaian-city-2024's values as a Markdown report whose overview says `overview`. */
function huaianWith(overview: string): ParsedReport {
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "huaian-city-2024.expected.json"), "utf8")) as {
    cells: { table: string; row: string; column: string; value: number }[];
  };
  const spec: ReportSpec = {
    agency: "淮安市人民政府",
    year: 2024,
    version: "TPL_2021",
    otherSplit: true,
    values: new Map(expected.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value])),
  };
  return parsed(renderMarkdown(spec).replace("2024年，淮安市人民政府认真贯彻《条例》。", overview));
}

describe("rule T1", () => {
  it("is silent when the overview agrees with the tables, sums included", () => {
    const report = huaianWith("全市共受理政府信息公开申请3119件，行政诉讼46件，现行有效规章和规范性文件77件，废止行政规范性文件26件。");
    expect(report.narrative!.map((fact) => fact.concept)).toEqual(["APPLICATIONS_RECEIVED", "LAWSUITS", "NORMATIVE_DOCS_IN_FORCE", "NORMATIVE_DOCS_REPEALED"]);
    expect(t1(report)).toEqual([]);
  });

  it(`compares only the first ${MAX_NARRATIVE_FACTS} facts of an overview that repeats a figure, and says so`, () => {
    const report = huaianWith("全市共受理政府信息公开申请3000件。".repeat(1000));
    const issues = t1(report);
    expect([report.narrative!.length, issues.length, issues.filter((issue) => issue.severity === "warning").length]).toEqual([50, 51, 50]);
    expect(issues[0]).toEqual({
      rule: "T1",
      severity: "info",
      message: "T1: the overview states 50 figures or more; only the first 50 (to line 5) are kept and compared",
      cells: [],
    });
  });

  it("warns for each differing fact with both numbers, the cells and the line, and changes no value", () => {
    const report = huaianWith("全市共受理政府信息公开申请3000件，行政诉讼40件，现行有效行政规范性文件70件。");
    expect(t1(report)).toEqual([
      {
        rule: "T1",
        severity: "warning",
        message:
          'T1 (APPLICATIONS_RECEIVED): the text says 3000 at line 5 ("受理政府信息公开申请3000件"), the table prints 3119 (APPLICATIONS.NEW_RECEIVED.TOTAL); the text may count another scope',
        cells: ["APPLICATIONS.NEW_RECEIVED.TOTAL"],
        line: 5,
      },
      {
        rule: "T1",
        severity: "warning",
        message:
          'T1 (LAWSUITS): the text says 40 at line 5 ("行政诉讼40件"), the table prints 46 (REVIEW_LITIGATION.LIT_DIRECT.TOTAL 26 + REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL 20); the text may count another scope',
        cells: ["REVIEW_LITIGATION.LIT_DIRECT.TOTAL", "REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL"],
        line: 5,
      },
      {
        rule: "T1",
        severity: "warning",
        message:
          'T1 (NORMATIVE_DOCS_IN_FORCE): the text says 70 at line 5 ("现行有效行政规范性文件70件"), the table prints 66 (ART20_1.ADMIN_NORMATIVE_DOCS.IN_FORCE); the text may count another scope',
        cells: ["ART20_1.ADMIN_NORMATIVE_DOCS.IN_FORCE"],
        line: 5,
      },
    ]);
    const received = report.cells.find((cell) => cell.row === "NEW_RECEIVED" && cell.column === "TOTAL");
    expect([received?.value, received?.state]).toEqual([3119, "VALUE"]);
  });

  const fact: NarrativeFact = { concept: "REVIEWS", value: 3, cells: ["REVIEW_LITIGATION.REVIEW.TOTAL"], text: "行政复议3件", line: 4 };
  const cell = (state: ParsedCell["state"], value: number | null): ParsedCell => ({
    table: "REVIEW_LITIGATION",
    row: "REVIEW",
    column: "TOTAL",
    value,
    state,
    raw: value === null ? "" : String(value),
    line: 9,
  });

  it("counts a printed empty cell as 0, and compares nothing the table does not settle", () => {
    expect(checkNarrative([fact], [cell("BLANK", null)]).map((issue) => issue.message)).toEqual([
      'T1 (REVIEWS): the text says 3 at line 4 ("行政复议3件"), the table prints 0 (REVIEW_LITIGATION.REVIEW.TOTAL); the text may count another scope',
    ]);
    expect([
      checkNarrative([fact], [cell("UNCERTAIN", 2)]),
      checkNarrative([fact], [cell("ABSENT", null)]),
      checkNarrative([fact], [cell("NA_MARK", null)]),
      checkNarrative([fact], []),
      checkNarrative([{ ...fact, cells: [] }], [cell("VALUE", 2)]),
    ]).toEqual([[], [], [], [], []]);
  });

  it("does not compare a fact with a LEGACY cell, which is read from the same prose", () => {
    const legacyFact: NarrativeFact = { concept: "REVIEWS", value: 3, cells: ["LEGACY.REVIEWS.VALUE"], text: "行政复议3件", line: 4 };
    const legacyCell: ParsedCell = { table: "LEGACY", row: "REVIEWS", column: "VALUE", value: 2, state: "VALUE", raw: "2", line: 9 };
    expect(checkNarrative([legacyFact], [legacyCell])).toEqual([]);
  });
});
