import fs from "node:fs";
import path from "node:path";
import { INDICATORS } from "../../src/domain/indicator-catalog";
import { getTable } from "../../src/domain/template-catalog";
import { headerLabelWithUnit, headerMoneyUnit, toTemplateMoney, unitOfCell } from "../../src/domain/units";
import { parseReport, type ParsedReport } from "../../src/parse";
import { renderMarkdown } from "../../src/synthetic/report-writer";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");
const PINGTAN = fs.readFileSync(path.join(CORPUS, "pingtan-2019.txt"), "utf8");
const HUAIAN = fs.readFileSync(path.join(CORPUS, "huaian-city-2024.txt"), "utf8");
const PINGTAN_ART20_9 = "采购总金额政府集中采购13575394432.52元";
const AMOUNT = "ART20_9.CENTRAL_PROCUREMENT.PROCUREMENT_AMOUNT";
const FEE = "ART20_8.ADMIN_FEES.FEE_AMOUNT";

function parsed(text: string): ParsedReport {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report;
}

/** pingtan-2019 with its 第二十条第（九）项 header and row printed as `printed` instead. */
function pingtanWith(printed: string): ParsedReport {
  expect(PINGTAN.split(PINGTAN_ART20_9)).toHaveLength(2);
  return parsed(PINGTAN.replace(PINGTAN_ART20_9, printed));
}

function cellOf(report: ParsedReport, code: string) {
  return report.cells.find((cell) => `${cell.table}.${cell.row}.${cell.column}` === code);
}

function unitIssues(report: ParsedReport, code: string) {
  return report.issues.filter((issue) => issue.cells.includes(code) && issue.message.includes("unit"));
}

describe("the units of the template's cells", () => {
  it("stores both amounts of money in 万元 and counts in 件 or 项", () => {
    expect([
      unitOfCell("ART20_9", "CENTRAL_PROCUREMENT", "PROCUREMENT_AMOUNT"),
      unitOfCell("ART20_8", "ADMIN_FEES", "FEE_AMOUNT"),
      unitOfCell("ART20_9", "CENTRAL_PROCUREMENT", "PROCUREMENT_ITEMS"),
      unitOfCell("ART20_8", "ADMIN_FEES", "ITEMS_DELTA"),
      unitOfCell("APPLICATIONS", "NEW_RECEIVED", "LEGAL_PERSON_SUBTOTAL"),
      unitOfCell("REVIEW_LITIGATION", "REVIEW", "TOTAL"),
    ]).toEqual(["万元", "万元", "件", "项", "件", "件"]);
  });

  it("gives the indicator catalog the same units, with no unit left to the report", () => {
    const units = new Map(INDICATORS.map((indicator) => [indicator.code, indicator.unit]));
    expect([units.get(AMOUNT), units.get(FEE)]).toEqual(["万元", "万元"]);
    expect(INDICATORS.filter((indicator) => indicator.unit !== unitOfCell(indicator.tableCode, indicator.rowCode, indicator.columnCode))).toEqual([]);
    expect([...new Set(INDICATORS.map((indicator) => indicator.unit))].sort()).toEqual(["万元", "件", "条", "项"]);
  });

  it("refuses a cell the template does not have, naming it", () => {
    expect(() => unitOfCell("ART20_9", "CENTRAL_PROCUREMENT", "NOPE")).toThrow("Unknown cell ART20_9.CENTRAL_PROCUREMENT.NOPE");
    expect(() => unitOfCell("NOPE", "A", "B")).toThrow('Unknown table code "NOPE"');
  });

  it("converts 元 to 万元 by moving the decimal point, rounding once to the yuan the cell column keeps", () => {
    expect([
      toTemplateMoney("75394432.52", "元"),
      toTemplateMoney("5", "元"),
      toTemplateMoney("-100", "元"),
      toTemplateMoney("0.3", "元"),
      toTemplateMoney("99999.5", "元"),
      toTemplateMoney("12.50", "万元"),
    ]).toEqual([
      { value: 7539.4433, exact: "7539.443252", stored: "7539.4433", factor: "0.0001" },
      { value: 0.0005, exact: "0.0005", stored: "0.0005", factor: "0.0001" },
      { value: -0.01, exact: "-0.01", stored: "-0.01", factor: "0.0001" },
      { value: 0, exact: "0.00003", stored: "0", factor: "0.0001" },
      { value: 10, exact: "9.99995", stored: "10", factor: "0.0001" },
      { value: 12.5, exact: "12.5", stored: "12.5", factor: "1" },
    ]);
  });

  it("reads a unit from a header only after 单位 or an opening parenthesis", () => {
    expect(["采购总金额(单位:万元)", "采购总金额(单位:元)", "金额（元）", "单位 ：万元", "多元化采购总金额", "采购总金额"].map(headerMoneyUnit)).toEqual([
      "万元",
      "元",
      "元",
      "万元",
      null,
      null,
    ]);
  });
});

describe("reading amounts of money in the template's unit", () => {
  it("converts pingtan-2019's procurement amount printed in 元 to 万元, keeping the printed text and saying so", () => {
    const report = parsed(PINGTAN);
    expect(cellOf(report, AMOUNT)).toEqual({
      table: "ART20_9",
      row: "CENTRAL_PROCUREMENT",
      column: "PROCUREMENT_AMOUNT",
      value: 7539.4433,
      state: "UNCERTAIN",
      raw: "13575394432.52元",
      line: 10,
      lineOffset: 4523,
      candidates: [7539.4433, 539.4433, 57539.4433, 39.4433, 357539.4433, 9.4433, 0.4433, 0.0433],
      readings: [7539.4433, 539.4433, 57539.4433, 39.4433, 357539.4433, 9.4433, 0.4433, 0.0433, 0.0033, 0.0003],
      uncertainty: 'glued run "13575394432.52元" splits 10 ways into 2 cells; no rule checks them; the 8 most plausible of its 10 values listed',
    });
    expect(report.issues.filter((issue) => issue.rule === "PARSE_UNIT_CONVERTED")).toEqual([
      {
        rule: "PARSE_UNIT_CONVERTED",
        severity: "info",
        message: `${AMOUNT} is printed in 元 ("75394432.52元", the unit in the cell) at line 10; stored in 万元 as 7539.4433 (7539.443252 exactly, × 0.0001)`,
        cells: [AMOUNT],
        line: 10,
      },
    ]);
  });

  it("converts an amount whose header says 元, and keeps one whose header says 万元", () => {
    const yuan = pingtanWith("采购总金额(单位:元)政府集中采购 12 2500000");
    expect([cellOf(yuan, AMOUNT)?.value, cellOf(yuan, AMOUNT)?.state, cellOf(yuan, AMOUNT)?.raw]).toEqual([250, "VALUE", "2500000"]);
    expect(unitIssues(yuan, AMOUNT).map((issue) => [issue.rule, issue.severity, issue.message])).toEqual([
      [
        "PARSE_UNIT_CONVERTED",
        "info",
        `${AMOUNT} is printed in 元 ("2500000", the unit in the table header) at line 10; stored in 万元 as 250 (250 exactly, × 0.0001)`,
      ],
    ]);
    const wan = pingtanWith("采购总金额(单位:万元)政府集中采购 12 250.75");
    expect([cellOf(wan, AMOUNT)?.value, cellOf(wan, AMOUNT)?.state, unitIssues(wan, AMOUNT)]).toEqual([250.75, "VALUE", []]);
  });

  it("reads a unit printed apart from its number as the cell's own", () => {
    const report = pingtanWith("采购总金额政府集中采购 12 2500000 元");
    expect([cellOf(report, AMOUNT)?.value, cellOf(report, AMOUNT)?.state, cellOf(report, AMOUNT)?.raw]).toEqual([250, "VALUE", "2500000元"]);
    expect(unitIssues(report, AMOUNT).map((issue) => [issue.rule, issue.severity])).toEqual([["PARSE_UNIT_CONVERTED", "info"]]);
  });

  it("lets a unit glued to the number win over the header's", () => {
    const report = pingtanWith("采购总金额(单位:元)政府集中采购 12 250.75万元");
    expect([cellOf(report, AMOUNT)?.value, cellOf(report, AMOUNT)?.state, unitIssues(report, AMOUNT)]).toEqual([250.75, "VALUE", []]);
  });

  it("does not guess a unit neither the cell nor the header states: the amount is kept as printed, UNCERTAIN, with a warning", () => {
    const report = pingtanWith("采购总金额政府集中采购 12 2500000");
    expect([cellOf(report, AMOUNT)?.value, cellOf(report, AMOUNT)?.state]).toEqual([2500000, "UNCERTAIN"]);
    expect(unitIssues(report, AMOUNT)).toEqual([
      {
        rule: "PARSE_AMBIGUOUS",
        severity: "warning",
        message: `${AMOUNT} prints 2500000 at line 10 with no unit, and the table header states none: 元 or 万元 cannot be told apart, so the amount is kept as printed`,
        cells: [AMOUNT],
        line: 10,
      },
    ]);
  });

  it("weighs how to split glued procurement digits in the unit the header states", () => {
    const items = "ART20_9.CENTRAL_PROCUREMENT.PROCUREMENT_ITEMS";
    const read = (report: ParsedReport) => [items, AMOUNT].map((code) => [cellOf(report, code)?.value, cellOf(report, code)?.state]);
    expect(read(pingtanWith("采购总金额(单位:万元)政府集中采购1357539"))).toEqual([
      [135, "UNCERTAIN"],
      [7539, "UNCERTAIN"],
    ]);
    expect(read(pingtanWith("采购总金额(单位:元)政府集中采购1357539"))).toEqual([
      [1, "UNCERTAIN"],
      [35.7539, "UNCERTAIN"],
    ]);
  });

  it("needs no unit for an amount of 0", () => {
    const report = pingtanWith("采购总金额政府集中采购 0 0");
    expect([cellOf(report, AMOUNT)?.value, cellOf(report, AMOUNT)?.state, unitIssues(report, AMOUNT)]).toEqual([0, "VALUE", []]);
  });

  it("reads back as printed the amounts of a writer that heads its money columns with headerLabelWithUnit", () => {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "pingtan-2019.expected.json"), "utf8")) as {
      cells: { table: string; row: string; column: string; value: number }[];
    };
    const values = new Map(expected.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value === 75394432.52 ? 75394432 : cell.value]));
    const text = renderMarkdown({ agency: "平潭综合实验区", year: 2019, version: "TPL_2019", otherSplit: false, values });
    const art20_9 = getTable("ART20_9");
    const label = headerLabelWithUnit(art20_9, art20_9.columns[1]);
    expect([label, headerLabelWithUnit(getTable("ART20_8"), getTable("ART20_8").columns[2]), headerLabelWithUnit(art20_9, art20_9.columns[0])]).toEqual([
      "采购总金额(单位:万元)",
      "本年收费金额（单位：万元）",
      "采购项目数量",
    ]);
    // The writer names the unit in the header, as the template's readers expect; without it the amount is uncertain.
    expect(text.split(`| ${label} |`)).toHaveLength(2);
    const unheaded = parsed(text.replace(`| ${label} |`, "| 采购总金额 |"));
    expect([cellOf(unheaded, AMOUNT)?.value, cellOf(unheaded, AMOUNT)?.state]).toEqual([75394432, "UNCERTAIN"]);
    const headed = parsed(text);
    expect([cellOf(headed, AMOUNT)?.value, cellOf(headed, AMOUNT)?.state, unitIssues(headed, AMOUNT)]).toEqual([75394432, "VALUE", []]);
  });

  it("converts a 2021 fee printed in 元 under the template's （单位：万元） header", () => {
    expect(HUAIAN.split("\n96171.6\n")).toHaveLength(2);
    const report = parsed(HUAIAN.replace("\n96171.6\n", "\n3940元\n"));
    expect([cellOf(report, FEE)?.value, cellOf(report, FEE)?.state, cellOf(report, FEE)?.raw]).toEqual([0.394, "VALUE", "3940元"]);
    expect(unitIssues(report, FEE).map((issue) => issue.rule)).toEqual(["PARSE_UNIT_CONVERTED"]);
    const printed = parsed(HUAIAN);
    expect([cellOf(printed, FEE)?.value, unitIssues(printed, FEE)]).toEqual([96171.6, []]);
  });
});
