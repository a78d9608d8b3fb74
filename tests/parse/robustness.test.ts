import fs from "node:fs";
import path from "node:path";
import { TEMPLATE_VERSIONS, VALUE_STATES } from "../../src/domain/codes";
import { INDICATORS } from "../../src/domain/indicator-catalog";
import { parseReport, type ParseResult } from "../../src/parse";
import { MAX_INPUT_CHARACTERS } from "../../src/parse/parse-report";
import { seededRandom } from "../../src/synthetic/synthetic-reports";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");
const REPORTS = fs
  .readdirSync(CORPUS)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => fs.readFileSync(path.join(CORPUS, file), "utf8"));
/**
 * A hang guard, not a benchmark: the largest input here parses in well under a second, so ten seconds leaves room
 * for a loaded CI machine while any super-linear blow-up on megabytes of text would still overrun it by far.
 * Parse throughput is measured by `npm run bench:parse`.
 */
const TIME_BOUND_MS = 10_000;
const KNOWN_CODES = new Set(INDICATORS.map((indicator) => indicator.code));

/** What is wrong with a result's shape (the parse output contract); empty when nothing is. */
function shapeProblems(result: ParseResult): string[] {
  if (result.kind === "not-a-report") return result.reason.length > 10 ? [] : [`reason too short: ${result.reason}`];
  const { report } = result;
  const problems: string[] = [];
  if (!TEMPLATE_VERSIONS.includes(report.templateVersion)) problems.push(`template ${report.templateVersion}`);
  for (const cell of report.cells) {
    const code = `${cell.table}.${cell.row}.${cell.column}`;
    if (!KNOWN_CODES.has(code)) problems.push(`unknown cell ${code}`);
    if (!VALUE_STATES.includes(cell.state)) problems.push(`${code}: state ${cell.state}`);
    if (cell.value !== null && !Number.isFinite(cell.value)) problems.push(`${code}: value ${cell.value}`);
    if (["VALUE", "UNCERTAIN", "DERIVED"].includes(cell.state) && cell.value === null) problems.push(`${code}: ${cell.state} without a value`);
  }
  for (const issue of report.issues) {
    if (!["error", "warning", "info"].includes(issue.severity)) problems.push(`issue severity ${issue.severity}`);
  }
  return problems;
}

/** Parses within the time bound and checks that the result has the contract's shape. */
function parseChecked(text: string): ParseResult {
  const started = performance.now();
  const result = parseReport(text);
  const elapsed = performance.now() - started;
  const problems = shapeProblems(result);
  if (elapsed >= TIME_BOUND_MS) problems.push(`took ${Math.round(elapsed)} ms`);
  expect(problems).toEqual([]);
  return result;
}

function mutate(text: string, next: () => number): string {
  const lines = text.split("\n");
  const pick = () => Math.floor(next() * lines.length);
  const operations = 1 + Math.floor(next() * 6);
  for (let step = 0; step < operations; step += 1) {
    const kind = Math.floor(next() * 5);
    const at = pick();
    if (kind === 0) lines.splice(at, 1 + Math.floor(next() * 5));
    else if (kind === 1) lines.splice(at, 0, ...lines.slice(at, at + 1 + Math.floor(next() * 5)));
    else if (kind === 2) {
      const other = pick();
      [lines[at], lines[other]] = [lines[other], lines[at]];
    } else if (kind === 3) {
      const chars = [...(lines[at] ?? "")];
      for (let index = 0; index < chars.length; index += 1) if (next() < 0.2) chars[index] = String.fromCharCode(0x4e00 + Math.floor(next() * 2000));
      lines[at] = chars.join("");
    } else lines[at] = (lines[at] ?? "").replace(/\d/g, () => String(Math.floor(next() * 10)).repeat(1 + Math.floor(next() * 3)));
  }
  return lines.join("\n");
}

describe("the parser on input that is not an annual report", () => {
  it.each([
    ["an empty file", ""],
    ["white space", " \n\t\n"],
    ["a novel", "第一章\n\n那年冬天，雪下得很大。他推开门，看见院子里站着一个陌生人。\n".repeat(2000)],
    ["JSON", JSON.stringify({ hello: "world", numbers: [1, 2, 3] })],
  ])("refuses %s with exit reason", (_, text) => {
    const result = parseChecked(text);
    expect(result).toEqual({
      kind: "not-a-report",
      reason: "found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
    });
  });

  it("refuses binary input", () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256));
    expect(parseChecked(bytes.toString("latin1"))).toEqual({ kind: "not-a-report", reason: "the input is binary (it contains NUL bytes), not text" });
  });

  it("refuses a 10 MB file of digits at once", () => {
    const digits = "0123456789".repeat(1_000_000);
    expect(parseChecked(digits)).toEqual({
      kind: "not-a-report",
      reason: `the text has 10000000 characters, more than any annual report (${MAX_INPUT_CHARACTERS})`,
    });
  });

  it("reads a text just under the size limit, full of digits in a table section, within the time bound", () => {
    const text = `三、收到和处理政府信息公开申请情况\n${"1 2 3 ".repeat(600_000)}\n四、政府信息公开行政复议、行政诉讼情况\n${"9".repeat(200_000)}`;
    const result = parseChecked(text);
    expect(result.kind).toBe("report");
  });

  it("looks for the 2008 outline in linear time on a line of a million spaces and then 100,000 numbered items", () => {
    expect(parseChecked(`${" ".repeat(1_000_000)}${"一、".repeat(100_000)}`)).toEqual({
      kind: "not-a-report",
      reason: "found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
    });
  });

  it("reads a section 二 sub-table of 400,000 lines of words that never form a row label within the time bound", () => {
    const text = `二、主动公开政府信息情况\n第二十条第（一）项\n${"项目\n".repeat(400_000)}三、收到和处理政府信息公开申请情况\n`;
    const result = parseChecked(text);
    expect(result.kind).toBe("report");
  });

  it("reads a report cut off halfway as a report with issues", () => {
    const text = fs.readFileSync(path.join(CORPUS, "huaian-city-2024.txt"), "utf8");
    const result = parseChecked(text.slice(0, Math.floor(text.length / 2)));
    if (result.kind !== "report") throw new Error(result.reason);
    expect(result.report.agencyName).toBe("淮安市人民政府");
    expect(result.report.issues.filter((issue) => issue.rule === "PARSE_TABLE_MISSING").map((issue) => issue.message)).toEqual([
      "第二十条第（八）项 (ART20_8) was not found in section 二",
      "section 三 (收到和处理政府信息公开申请情况) was not found",
      "section 四 (行政复议、行政诉讼情况) was not found",
    ]);
  });

  it("recognises a pre-2019 report and reads its headline figures", () => {
    const text =
      "某某县2012年政府信息公开工作年度报告\n一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n共受理申请 12 件。\n四、政府信息公开的收费及减免情况\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n";
    const result = parseChecked(text);
    if (result.kind !== "report") throw new Error(result.reason);
    expect([result.report.templateVersion, result.report.year, result.report.cells]).toEqual([
      "LEGACY_PRE2019",
      2012,
      [{ table: "LEGACY", row: "APPLICATIONS_RECEIVED", column: "VALUE", value: 12, state: "VALUE", raw: "12", line: 5, lineOffset: 6 }],
    ]);
  });
});

describe("the parser on mutated corpus reports", () => {
  it("always answers within the time bound with a well-formed result", () => {
    const next = seededRandom(20261127);
    let reports = 0;
    for (let round = 0; round < 100; round += 1) {
      for (const text of REPORTS) {
        if (parseChecked(mutate(text, next)).kind === "report") reports += 1;
      }
    }
    expect(reports).toBeGreaterThan(400);
  });

  it("never presents a changed number as certain when a row loses a value", () => {
    const text = fs.readFileSync(path.join(CORPUS, "hongze-district-2024.txt"), "utf8");
    const damaged = text.replace("1.属于国家秘密 0 0 0 0 0 0 0", "1.属于国家秘密 0 0 0 0 0 0");
    const result = parseChecked(damaged);
    if (result.kind !== "report") throw new Error(result.reason);
    const row = result.report.cells.filter((cell) => cell.row === "WITHHELD_STATE_SECRET" && cell.state !== "DERIVED");
    expect(row.map((cell) => cell.state)).toEqual(["VALUE", "VALUE", "VALUE", "VALUE", "VALUE", "VALUE", "ABSENT"]);
    expect(result.report.issues.map((issue) => issue.rule)).toContain("PARSE_VALUE_MISSING");
  });
});
