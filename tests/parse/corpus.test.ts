import fs from "node:fs";
import path from "node:path";
import { parseReport, type ParsedReport } from "../../src/parse";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");

interface Expected {
  agencyName: string;
  year: number;
  templateVersion: string;
  region: { province: string | null; city: string | null; county: string | null; code: string };
  cells: { table: string; row: string; column: string; value: number }[];
}

function load(name: string): { report: ParsedReport; expected: Expected } {
  const result = parseReport(fs.readFileSync(path.join(CORPUS, `${name}.txt`), "utf8"));
  if (result.kind !== "report") throw new Error(`${name}: ${result.reason}`);
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), "utf8")) as Expected;
  return { report: result.report, expected };
}

/** The corpus reports and how many of their cells the text genuinely leaves open. */
const CORPUS_REPORTS: ReadonlyArray<[string, number]> = [
  ["chuanhui-2020", 0],
  ["hongze-district-2023", 0],
  ["hongze-district-2024", 0],
  ["huaian-city-2024", 10],
  ["pingtan-2019", 19],
];

describe.each(CORPUS_REPORTS)("parsing the corpus report %s", (name, uncertainCount) => {
  const { report, expected } = load(name);
  const parsed = new Map(report.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell]));

  it("reads template version, year, agency and region", () => {
    expect([report.templateVersion, report.year, report.agencyName]).toEqual([expected.templateVersion, expected.year, expected.agencyName]);
    expect(report.region).toEqual(expected.region);
  });

  it("reads every expected cell's value, and presents no wrong value as certain", () => {
    const wrong = expected.cells
      .map((cell) => ({ code: `${cell.table}.${cell.row}.${cell.column}`, want: cell.value }))
      .filter(({ code, want }) => {
        const cell = parsed.get(code);
        return !cell || (cell.value !== want && cell.state !== "UNCERTAIN");
      });
    expect(wrong).toEqual([]);
  });

  it(`marks exactly ${uncertainCount} cells UNCERTAIN, each named by an issue`, () => {
    const uncertain = report.cells.filter((cell) => cell.state === "UNCERTAIN").map((cell) => `${cell.table}.${cell.row}.${cell.column}`);
    expect(uncertain).toHaveLength(uncertainCount);
    const named = new Set(report.issues.filter((issue) => issue.rule === "PARSE_AMBIGUOUS").flatMap((issue) => issue.cells));
    expect(uncertain.filter((code) => !named.has(code))).toEqual([]);
  });

  it("prints no cell the expected file does not list, apart from derived ones", () => {
    const listed = new Set(expected.cells.map((cell) => `${cell.table}.${cell.row}.${cell.column}`));
    const extra = report.cells.filter((cell) => cell.state !== "DERIVED" && !listed.has(`${cell.table}.${cell.row}.${cell.column}`));
    expect(extra).toEqual([]);
  });
});

describe("the corpus reports' validation issues", () => {
  it("keeps hongze-district-2023's printed section 四 totals of 0 and reports both broken R4 rules", () => {
    const { report } = load("hongze-district-2023");
    const total = report.cells.find((cell) => cell.table === "REVIEW_LITIGATION" && cell.row === "REVIEW" && cell.column === "TOTAL");
    expect(total).toEqual({ table: "REVIEW_LITIGATION", row: "REVIEW", column: "TOTAL", value: 0, state: "VALUE", raw: "0", line: 149, lineOffset: 22 });
    expect(report.issues.filter((issue) => issue.severity === "error")).toEqual([
      {
        rule: "R4",
        severity: "error",
        message: "R4 (group REVIEW): REVIEW.TOTAL 0 = 0 but REVIEW.UPHELD 10 + REVIEW.CORRECTED 1 + REVIEW.OTHER 0 + REVIEW.PENDING 0 = 11",
        cells: [
          "REVIEW_LITIGATION.REVIEW.TOTAL",
          "REVIEW_LITIGATION.REVIEW.UPHELD",
          "REVIEW_LITIGATION.REVIEW.CORRECTED",
          "REVIEW_LITIGATION.REVIEW.OTHER",
          "REVIEW_LITIGATION.REVIEW.PENDING",
        ],
        line: 149,
      },
      {
        rule: "R4",
        severity: "error",
        message:
          "R4 (group LIT_AFTER_REVIEW): LIT_AFTER_REVIEW.TOTAL 0 = 0 but LIT_AFTER_REVIEW.UPHELD 5 + LIT_AFTER_REVIEW.CORRECTED 0 + LIT_AFTER_REVIEW.OTHER 0 + LIT_AFTER_REVIEW.PENDING 0 = 5",
        cells: [
          "REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL",
          "REVIEW_LITIGATION.LIT_AFTER_REVIEW.UPHELD",
          "REVIEW_LITIGATION.LIT_AFTER_REVIEW.CORRECTED",
          "REVIEW_LITIGATION.LIT_AFTER_REVIEW.OTHER",
          "REVIEW_LITIGATION.LIT_AFTER_REVIEW.PENDING",
        ],
        line: 149,
      },
    ]);
  });

  it.each(["chuanhui-2020", "hongze-district-2024", "huaian-city-2024", "pingtan-2019"])("finds no arithmetic error in %s", (name) => {
    expect(load(name).report.issues.filter((issue) => issue.severity === "error")).toEqual([]);
  });

  it("reads the sections and derives the group subtotals of huaian-city-2024", () => {
    const { report } = load("huaian-city-2024");
    expect(report.sections.S6_OTHER).toBe("2024 年，市政府严格落实《政府信息公开信息处理费管理\n办法》，全年收取政府信息公开信息处理费 3940 元。");
    const derived = (row: string, column: string) => report.cells.find((cell) => cell.row === row && cell.column === column && cell.state === "DERIVED")?.value;
    expect([derived("R_WITHHELD", "TOTAL"), derived("R_UNABLE", "TOTAL"), derived("R_NOT_PROCESSED", "TOTAL"), derived("R_OTHER", "TOTAL")]).toEqual([
      178, 781, 88, 187,
    ]);
    expect(derived("NEW_RECEIVED", "LEGAL_PERSON_SUBTOTAL")).toBe(118);
  });

  it("reads chuanhui-2020's agency from the body, which has no title", () => {
    const { report } = load("chuanhui-2020");
    expect([report.title, report.agencyName, report.scope]).toEqual([null, "川汇区政务服务和大数据管理局", "AGENCY"]);
    expect(report.sections.S6_OTHER).toBe("无");
  });

  it("reads pingtan-2019 as the zone's whole-government report", () => {
    expect(load("pingtan-2019").report.scope).toBe("GOVERNMENT_AGGREGATE");
  });
});
