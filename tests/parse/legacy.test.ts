import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { PARSE_EXIT, renderReportTables, runParse } from "../../src/cli/parse.command";
import { INDICATORS } from "../../src/domain/indicator-catalog";
import { getTable } from "../../src/domain/template-catalog";
import { parseReport, type ParsedReport } from "../../src/parse";
import { detectTemplate, legacyOutline } from "../../src/parse/template-detection";

const LEGACY = path.join(__dirname, "..", "fixtures", "shapes", "legacy");
const NOT_A_REPORT = path.join(__dirname, "..", "fixtures", "shapes", "not-a-report");
const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");

function parsed(text: string): ParsedReport {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report;
}

const fixture = (name: string) => parsed(fs.readFileSync(path.join(LEGACY, name), "utf8"));

interface Expected {
  agencyName: string;
  year: number;
  templateVersion: string;
  region: unknown;
  cells: { table: string; row: string; column: string; value: number }[];
}

const expectedOf = (name: string) => JSON.parse(fs.readFileSync(path.join(LEGACY, `${name}.expected.json`), "utf8")) as Expected;

/** The LEGACY cells of a parse as row=value/state, in catalog order. */
const readings = (report: ParsedReport) => report.cells.map((cell) => `${cell.row}=${cell.value}/${cell.state}`);

describe.each([
  ["chuanhui-2012-prose.txt", "chuanhui-2012-prose", []],
  ["chuanhui-2012-flattened.txt", "chuanhui-2012-prose", []],
  ["huaian-finance-2015-table.md", "huaian-finance-2015-table", []],
  ["zhoukou-civil-affairs-2017.html", "zhoukou-civil-affairs-2017", []],
  ["fugou-2009-prose.txt", "fugou-2009-prose", ["APPLICATIONS_RECEIVED"]],
  ["zhoukou-drc-2018-prose.txt", "zhoukou-drc-2018-prose", []],
])("the legacy fixture %s", (file, name, uncertain) => {
  const report = fixture(file);
  const expected = expectedOf(name);

  it("is LEGACY_PRE2019, with its year, agency and region", () => {
    expect([report.templateVersion, report.year, report.agencyName, report.region]).toEqual([
      "LEGACY_PRE2019",
      expected.year,
      expected.agencyName,
      expected.region,
    ]);
  });

  it(`reads every expected figure, and only those; ${uncertain.length} uncertain`, () => {
    expect(readings(report)).toEqual(expected.cells.map((cell) => `${cell.row}=${cell.value}/${uncertain.includes(cell.row) ? "UNCERTAIN" : "VALUE"}`));
    expect(report.cells.every((cell) => cell.table === "LEGACY" && cell.column === "VALUE")).toBe(true);
  });

  it("finds no arithmetic error and no T1 difference", () => {
    expect(report.issues.filter((issue) => issue.severity === "error" || issue.rule === "T1")).toEqual([]);
  });
});

describe("reading a legacy report", () => {
  it("gives each figure the line and place of its first statement, and its sections from the outline", () => {
    const report = fixture("chuanhui-2012-prose.txt");
    expect(report.cells.slice(0, 3)).toEqual([
      { table: "LEGACY", row: "PROACTIVE_ITEMS", column: "VALUE", value: 1286, state: "VALUE", raw: "1286", line: 7, lineOffset: 87 },
      { table: "LEGACY", row: "APPLICATIONS_RECEIVED", column: "VALUE", value: 23, state: "VALUE", raw: "23", line: 7, lineOffset: 103 },
      { table: "LEGACY", row: "APPLICATIONS_ANSWERED", column: "VALUE", value: 23, state: "VALUE", raw: "23", line: 16, lineOffset: 50 },
    ]);
    expect(report.issues).toEqual([
      {
        rule: "PARSE_LEGACY_LAYOUT",
        severity: "info",
        message:
          "a pre-2019 report on the 2008 outline (OVERVIEW, PROACTIVE, ON_REQUEST, FEES, REVIEW, PROBLEMS): 11 headline figures read from its text into LEGACY",
        cells: [],
      },
    ]);
    expect(report.sections.S1_OVERVIEW).toMatch(/^2012年，川汇区人民政府认真贯彻落实《条例》.*均已按时答复。$/);
    expect(report.sections.S5_PROBLEMS).toMatch(/^一是部分单位.*再上新台阶。$/);
    expect(report.narrative!.map((fact) => [fact.concept, fact.value, fact.cells])).toEqual([
      ["PROACTIVE_ITEMS", 1286, ["LEGACY.PROACTIVE_ITEMS.VALUE"]],
      ["APPLICATIONS_RECEIVED", 23, ["LEGACY.APPLICATIONS_RECEIVED.VALUE"]],
    ]);
  });

  it("finds the outline and the sections of a page flattened to one line", () => {
    const flattened = fixture("chuanhui-2012-flattened.txt");
    expect(flattened.sections).toEqual(fixture("chuanhui-2012-prose.txt").sections);
    expect(flattened.cells.map((cell) => [cell.row, cell.line])).toContainEqual(["REVIEWS", 4]);
  });

  it("ends a section at the next numbered heading even when it is no part of the outline (七、附表)", () => {
    expect(fixture("huaian-finance-2015-table.md").sections.S5_PROBLEMS).toBe(
      "主动公开的深度和广度还需拓展，财政政策解读的形式较为单一。下一步将丰富解读形式，提升公开实效。",
    );
  });

  it("keeps the first of two different statements of a figure, UNCERTAIN, naming both", () => {
    const report = fixture("fugou-2009-prose.txt");
    expect(report.issues.filter((issue) => issue.rule === "PARSE_AMBIGUOUS")).toEqual([
      {
        rule: "PARSE_AMBIGUOUS",
        severity: "warning",
        message:
          'LEGACY.APPLICATIONS_RECEIVED.VALUE: the text states 2 different figures: 6 at line 7 ("受理政府信息公开申请6件"), 7 at line 15 ("收到政府信息公开申请7件"); the first is kept, uncertain',
        cells: ["LEGACY.APPLICATIONS_RECEIVED.VALUE"],
        line: 7,
      },
    ]);
  });

  it("stores fees in 万元 from the 元 a table cell or the prose prints, saying so", () => {
    const report = fixture("zhoukou-civil-affairs-2017.html");
    expect(report.issues.filter((issue) => issue.rule === "PARSE_UNIT_CONVERTED").map((issue) => issue.message)).toEqual([
      'LEGACY.FEES_CHARGED.VALUE is printed in 元 ("120", the unit in the table header) at line 25; stored in 万元 as 0.012 (0.012 exactly, × 0.0001)',
      'LEGACY.FEES_WAIVED.VALUE is printed in 元 ("30元", the unit in the cell) at line 27; stored in 万元 as 0.003 (0.003 exactly, × 0.0001)',
    ]);
    expect(report.sections.S5_PROBLEMS).not.toMatch(/版权所有/);
  });

  it("does not read an on-time count as the answered total, nor a figure from words alone", () => {
    const report = fixture("zhoukou-civil-affairs-2017.html");
    expect(report.cells.find((cell) => cell.row === "APPLICATIONS_ANSWERED")?.line).toBe(15);
    expect(fixture("zhoukou-drc-2018-prose.txt").cells.some((cell) => cell.row.startsWith("FEES"))).toBe(false);
  });

  const table = (rows: string) =>
    `某某县2014年政府信息公开工作年度报告\n一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n${rows}\n四、政府信息公开的收费及减免情况\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n`;

  it("marks a figure whose table rows disagree UNCERTAIN, and a money row without a unit too", () => {
    const report = parsed(table("| 申请办结数 | 件 | 12 |\n| 申请答复数 | 件 | 11 |\n| 依申请公开信息收取的费用 | 35 |"));
    expect(readings(report)).toEqual(["APPLICATIONS_ANSWERED=12/UNCERTAIN", "FEES_CHARGED=35/UNCERTAIN"]);
    expect(report.issues.filter((issue) => issue.rule === "PARSE_AMBIGUOUS").map((issue) => issue.cells)).toEqual([
      ["LEGACY.APPLICATIONS_ANSWERED.VALUE"],
      ["LEGACY.FEES_CHARGED.VALUE"],
    ]);
  });

  it("reads 部分予以公开 / 部分同意公开 as partly disclosed, never as disclosed, in prose and in a table", () => {
    const prose = parsed(table("收到申请20件，其中予以公开12件，部分予以公开5件，不予以公开3件。"));
    expect(readings(prose)).toEqual(["APPLICATIONS_RECEIVED=20/VALUE", "DISCLOSED=12/VALUE", "PARTLY_DISCLOSED=5/VALUE", "WITHHELD=3/VALUE"]);
    expect(readings(parsed(table("部分同意公开2件。\n| 部分予以公开数 | 件 | 2 |")))).toEqual(["PARTLY_DISCLOSED=2/VALUE"]);
  });

  it("does not read a delayed, on-time, refused or one-channel count as the total", () => {
    const report = parsed(table("网上受理申请8件，未予受理申请1件，延期已答复2件，按期答复6件。全年共受理申请9件，已全部答复9件。"));
    expect(readings(report)).toEqual(["APPLICATIONS_RECEIVED=9/VALUE", "APPLICATIONS_ANSWERED=9/VALUE"]);
  });

  it("reads no table number of more than 12 digits", () => {
    const report = parsed(table(`| 收到申请数 | 件 | 1234567890123 |\n| 申请办结数 | 件 | ${"9".repeat(400)} |\n| 行政复议数 | 件 | 123,456,789,012 |`));
    expect(readings(report)).toEqual(["REVIEWS=123456789012/VALUE"]);
  });

  it("lists the first five statements of a figure stated many ways, and how many more", () => {
    const report = parsed(table(Array.from({ length: 20 }, (_, index) => `收到申请${index + 1}件。`).join("")));
    expect(report.issues.filter((issue) => issue.rule === "PARSE_AMBIGUOUS").map((issue) => issue.message)).toEqual([
      'LEGACY.APPLICATIONS_RECEIVED.VALUE: the text states 20 different figures: 1 at line 5 ("收到申请1件"), 2 at line 5 ("收到申请2件"), 3 at line 5 ("收到申请3件"), 4 at line 5 ("收到申请4件"), 5 at line 5 ("收到申请5件") and 15 more statements; the first is kept, uncertain',
    ]);
  });

  it("states an overview figure the body contradicts as UNCERTAIN (PARSE_AMBIGUOUS), not as a T1 difference", () => {
    const text =
      "某某县2014年政府信息公开工作年度报告\n一、概述\n全年收到申请10件。\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n共收到申请12件。\n四、政府信息公开的收费及减免情况\n";
    const report = parsed(text);
    expect([report.narrative!.map((fact) => [fact.value, fact.cells]), readings(report)]).toEqual([
      [[10, ["LEGACY.APPLICATIONS_RECEIVED.VALUE"]]],
      ["APPLICATIONS_RECEIVED=10/UNCERTAIN"],
    ]);
    expect(report.issues.map((issue) => issue.rule)).toEqual(["PARSE_LEGACY_LAYOUT", "PARSE_AMBIGUOUS"]);
  });

  it("reads a plain-text table whose cells are apart by spaces, and no row with two numbers", () => {
    const report = parsed(table("收到申请数    件    14\n同意公开答复数    件    9    10"));
    expect(readings(report)).toEqual(["APPLICATIONS_RECEIVED=14/VALUE"]);
  });
});

describe("detecting the 2008 outline", () => {
  const OUTLINE =
    "一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n四、政府信息公开的收费及减免情况\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n";

  it("prefers headings on lines of their own to a part list numbered in a preamble sentence", () => {
    const text = `本报告分为：一、概述；二、主动公开政府信息情况；三、依申请公开政府信息情况。\n${OUTLINE}`;
    expect(legacyOutline(text).map((heading) => [heading.part, heading.ownLine, heading.start])).toEqual([
      ["OVERVIEW", true, 39],
      ["PROACTIVE", true, 44],
      ["ON_REQUEST", true, 57],
      ["FEES", true, 71],
      ["REVIEW", true, 88],
    ]);
  });

  it("needs three headings in increasing order, one of them the old outline's own", () => {
    expect(legacyOutline(OUTLINE).map((heading) => [heading.part, heading.number])).toEqual([
      ["OVERVIEW", 1],
      ["PROACTIVE", 2],
      ["ON_REQUEST", 3],
      ["FEES", 4],
      ["REVIEW", 5],
    ]);
    expect(legacyOutline("一、概述\n二、主动公开政府信息情况\n五、政府信息公开行政复议、行政诉讼情况\n")).toEqual([]);
    expect(legacyOutline("三、依申请公开政府信息情况\n一、概述\n二、主动公开政府信息情况\n")).toEqual([]);
    expect(legacyOutline("本报告包括概述、主动公开政府信息情况、依申请公开政府信息情况和收费及减免情况。")).toEqual([]);
    expect(legacyOutline("按照统一、概述、主动公开政府信息情况的要求，依申请公开政府信息情况。")).toEqual([]);
  });

  it("reads the structure, never the year: a 2020 report on the old outline is legacy, a 2015 report with the tables is not", () => {
    expect(parsed(`某某县2020年政府信息公开工作年度报告\n${OUTLINE}受理政府信息公开申请3件。`).templateVersion).toBe("LEGACY_PRE2019");
    const huaian = fs.readFileSync(path.join(CORPUS, "huaian-city-2024.txt"), "utf8").replace(/2024/g, "2015");
    expect([parsed(huaian).templateVersion, parsed(huaian).year]).toEqual(["TPL_2021", 2015]);
  });

  it("keeps a 2019+ report's version when its introduction lists the old outline", () => {
    const huaian = fs.readFileSync(path.join(CORPUS, "huaian-city-2024.txt"), "utf8");
    const withOutline = huaian.replace("一、总体情况", `${OUTLINE}一、总体情况`);
    expect(detectTemplate(withOutline)).toMatchObject({ version: "TPL_2021", outline: [] });
    expect(parsed(fs.readFileSync(path.join(CORPUS, "pingtan-2019.txt"), "utf8")).templateVersion).toBe("TPL_2019");
  });

  it("lets the outline win over a 2019 word in the prose (行政规范性文件)", () => {
    const text = fs.readFileSync(path.join(LEGACY, "zhoukou-drc-2018-prose.txt"), "utf8");
    expect(detectTemplate(text)).toMatchObject({ version: "LEGACY_PRE2019", scores: { TPL_2019: 0, TPL_2021: 1, LEGACY_PRE2019: 7 } });
  });
});

describe("documents about reports that are not one", () => {
  it.each([
    ["letter-2018.txt", "a letter or notice, not an annual report: its title is 关于报送2018年度政府信息公开工作年度报告的函"],
    ["notice-2017.txt", "a letter or notice, not an annual report: its title is 关于做好2017年度政府信息公开工作年度报告编制和发布工作的通知"],
    ["work-plan-2018.txt", "a work plan, not an annual report: its title is 淮安市2018年政务公开工作要点"],
    ["guide-2016.txt", "a disclosure guide, not an annual report: its title is 周口市民政局政府信息公开指南"],
  ])("refuses %s, saying what it is", (name, reason) => {
    expect(parseReport(fs.readFileSync(path.join(NOT_A_REPORT, name), "utf8"))).toEqual({ kind: "not-a-report", reason });
  });

  it("refuses the notice although it lists the whole outline as numbered headings", () => {
    expect(detectTemplate(fs.readFileSync(path.join(NOT_A_REPORT, "notice-2017.txt"), "utf8")).version).toBe("LEGACY_PRE2019");
  });

  it("makes the parse command exit 2 with the reason", async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: string[] = [];
    err.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
    const file = path.join(NOT_A_REPORT, "letter-2018.txt");
    const code = await runParse([file], out, err);
    expect([code, chunks.join("")]).toEqual([
      PARSE_EXIT.NOT_A_REPORT,
      `${file}: not a recognisable annual report: a letter or notice, not an annual report: its title is 关于报送2018年度政府信息公开工作年度报告的函\n`,
    ]);
  });
});

describe("the LEGACY table in the catalog", () => {
  it("has one value column, its cell kinds and units, and only the legacy version", () => {
    const legacy = getTable("LEGACY");
    expect([legacy.versions, legacy.columns.map((column) => column.code), legacy.section]).toEqual([["LEGACY_PRE2019"], ["VALUE"], null]);
    const indicators = INDICATORS.filter((indicator) => indicator.tableCode === "LEGACY");
    expect(indicators.map((indicator) => `${indicator.rowCode} ${indicator.cellKind} ${indicator.unit}`)).toEqual([
      "PROACTIVE_ITEMS RECORD_COUNT 条",
      "APPLICATIONS_RECEIVED COUNT 件",
      "APPLICATIONS_ANSWERED COUNT 件",
      "DISCLOSED COUNT 件",
      "PARTLY_DISCLOSED COUNT 件",
      "WITHHELD COUNT 件",
      "NOT_EXIST COUNT 件",
      "NOT_THIS_AGENCY COUNT 件",
      "UNCLEAR COUNT 件",
      "REVIEWS COUNT 件",
      "LAWSUITS COUNT 件",
      "COMPLAINTS COUNT 件",
      "FEES_CHARGED AMOUNT_RAW_UNIT 万元",
      "FEES_WAIVED AMOUNT_RAW_UNIT 万元",
    ]);
  });

  it("marks the rows that compare with a 2019/2021 cell, joining its group, and leaves that cell's own comparability alone", () => {
    const approximate = INDICATORS.filter((indicator) => indicator.tableCode === "LEGACY" && indicator.comparability === "APPROXIMATE");
    expect(approximate.map((indicator) => [indicator.rowCode, indicator.comparabilityGroup])).toEqual([
      ["APPLICATIONS_RECEIVED", "APPLICATIONS.NEW_RECEIVED.TOTAL"],
      ["APPLICATIONS_ANSWERED", "APPLICATIONS.R_TOTAL.TOTAL"],
      ["DISCLOSED", "APPLICATIONS.R_DISCLOSED.TOTAL"],
      ["PARTLY_DISCLOSED", "APPLICATIONS.R_PARTIAL.TOTAL"],
      ["WITHHELD", "APPLICATIONS.R_WITHHELD.TOTAL"],
      ["REVIEWS", "REVIEW_LITIGATION.REVIEW.TOTAL"],
    ]);
    expect(INDICATORS.find((indicator) => indicator.code === "APPLICATIONS.NEW_RECEIVED.TOTAL")).toMatchObject({
      comparability: "SAME",
      comparabilityGroup: "APPLICATIONS.NEW_RECEIVED.TOTAL",
    });
    expect([INDICATORS.length, INDICATORS.filter((indicator) => indicator.tableCode === "LEGACY").length]).toEqual([290, 14]);
  });

  it("is printed by the parse command's table view", () => {
    const rendered = renderReportTables(fixture("fugou-2009-prose.txt"));
    expect(rendered).toContain("2019年前年度报告主要数据 (LEGACY)");
    expect(rendered).toContain(`${"APPLICATIONS_RECEIVED".padEnd(34)}${"6?".padStart(13)}`);
  });
});
