import fs from "node:fs";
import path from "node:path";
import { renderReportTables } from "../../src/cli/parse.command";
import { cellCode, fromCellRecord, toCellRecord, MAX_CANDIDATES } from "../../src/domain/cell";
import { parseReport, type ParsedReport } from "../../src/parse";
import { readStructuredReport } from "../../src/parse/structured-report";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");
const PINGTAN = fs.readFileSync(path.join(CORPUS, "pingtan-2019.txt"), "utf8");
const COERCION_ROW = "行政强制126025";

function parsed(text: string): ParsedReport {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report;
}

function cellOf(report: ParsedReport, code: string) {
  return report.cells.find((cell) => cellCode(cell) === code);
}

/** The structured form of a report with `change` applied to the cell with code `code`. */
function structuredWith(report: ParsedReport, code: string, change: (cell: Record<string, unknown>) => Record<string, unknown>): string {
  const json = JSON.parse(JSON.stringify(report)) as { cells: Array<Record<string, unknown>> };
  json.cells = json.cells.filter((cell) => cell.state !== "DERIVED").map((cell) => (`${cell.table}.${cell.row}.${cell.column}` === code ? change(cell) : cell));
  return JSON.stringify(json);
}

function problemsOf(json: string) {
  const result = readStructuredReport(json);
  return result.kind === "invalid" ? result.problems : [];
}

describe("the candidates of section 二 cells printed as glued digits", () => {
  const report = parsed(PINGTAN);

  it("gives each of pingtan-2019's 19 UNCERTAIN cells its candidates, its value in each reading of its row, and the reason", () => {
    const uncertain = report.cells.filter((cell) => cell.state === "UNCERTAIN");
    expect(uncertain).toHaveLength(19);
    expect(uncertain.filter((cell) => !cell.candidates || cell.candidates[0] !== cell.value || cell.readings?.[0] !== cell.value || !cell.uncertainty)).toEqual(
      [],
    );
    expect(report.cells.filter((cell) => cell.state !== "UNCERTAIN" && (cell.candidates || cell.readings || cell.uncertainty))).toEqual([]);
  });

  it("lists a short run's every reading: 行政事业性收费350 into two cells, each printed as the whole run", () => {
    const reason = 'glued run "350" splits 2 ways into 2 cells; no rule checks them';
    expect([cellOf(report, "ART20_8.ADMIN_FEES.PREV_YEAR_ITEMS"), cellOf(report, "ART20_8.ADMIN_FEES.ITEMS_DELTA")]).toEqual([
      {
        table: "ART20_8",
        row: "ADMIN_FEES",
        column: "PREV_YEAR_ITEMS",
        value: 35,
        state: "UNCERTAIN",
        raw: "350",
        line: 10,
        lineOffset: 4490,
        candidates: [35, 3],
        readings: [35, 3],
        uncertainty: reason,
      },
      {
        table: "ART20_8",
        row: "ADMIN_FEES",
        column: "ITEMS_DELTA",
        value: 0,
        state: "UNCERTAIN",
        raw: "350",
        line: 10,
        lineOffset: 4490,
        candidates: [0, 50],
        readings: [0, 50],
        uncertainty: reason,
      },
    ]);
  });

  it("aligns a row's readings across its cells, most plausible first, and lists at most 8 distinct candidates", () => {
    const codes = ["PREV_YEAR_ITEMS", "ITEMS_DELTA", "DECISIONS"].map((column) => `ART20_5.ADMIN_LICENSING.${column}`);
    const cells = codes.map((code) => cellOf(report, code)!);
    const readings = cells[0].readings!.map((_, reading) => cells.map((cell) => cell.readings![reading]).join("|"));
    expect(readings).toEqual([
      "396|0|181",
      "39|601|81",
      "3|96018|1",
      "39|60|181",
      "3|9601|81",
      "39|6018|1",
      "3960|1|81",
      "3|960|181",
      "3960|18|1",
      "3|9|60181",
      "39601|8|1",
    ]);
    expect(cells.map((cell) => cell.candidates)).toEqual([
      [396, 39, 3, 3960, 39601],
      [0, 601, 96018, 60, 9601, 6018, 1, 960],
      [181, 81, 1, 60181],
    ]);
    expect(cells[1].uncertainty).toBe('glued run "3960181" splits 11 ways into 3 cells; no rule checks them; the 8 most plausible of its 11 values listed');
    expect(cells.every((cell) => cell.candidates!.length <= MAX_CANDIDATES)).toBe(true);
  });

  it("lists no readings for a row read more than 32 ways, so that no evidence can settle it, and says why", () => {
    const long = parsed(PINGTAN.replace(COERCION_ROW, "行政强制12345678912"));
    const cells = ["PREV_YEAR_ITEMS", "ITEMS_DELTA", "DECISIONS"].map((column) => cellOf(long, `ART20_6.ADMIN_COERCION.${column}`)!);
    const reason = 'glued run "12345678912" splits 45 ways into 3 cells; no rule checks them; too many readings to list; the 8 most plausible of its';
    expect(cells.map((cell) => [cell.state, cell.value, cell.readings, cell.candidates, cell.uncertainty])).toEqual([
      ["UNCERTAIN", 12345, undefined, [12345, 1234, 123, 12, 1, 123456, 1234567, 12345678], `${reason} 9 values listed`],
      ["UNCERTAIN", 6, undefined, [6, 567, 45678, 3456789, 234567891, 56, 67, 4567], `${reason} 45 values listed`],
      ["UNCERTAIN", 78912, undefined, [78912, 8912, 912, 12, 2, 678912, 5678912, 45678912], `${reason} 9 values listed`],
    ]);
  });

  it("lists no readings for a row whose amount's unit is stated nowhere: a reading chosen later would still leave the amount in doubt", () => {
    const unheaded = parsed(PINGTAN.replace("采购总金额政府集中采购13575394432.52元", "采购总金额政府集中采购1357539"));
    const amount = cellOf(unheaded, "ART20_9.CENTRAL_PROCUREMENT.PROCUREMENT_AMOUNT")!;
    expect([amount.state, amount.value, amount.readings, amount.candidates?.slice(0, 3), amount.uncertainty]).toEqual([
      "UNCERTAIN",
      357539,
      undefined,
      [357539, 57539, 7539],
      'glued run "1357539" splits 6 ways into 2 cells; no rule checks them; an amount\'s unit is not stated either',
    ]);
  });

  it("names the candidates in the PARSE_AMBIGUOUS warning and in the parse command's table", () => {
    const issue = report.issues.find((candidate) => candidate.rule === "PARSE_AMBIGUOUS" && candidate.cells.includes("ART20_8.ADMIN_FEES.ITEMS_DELTA"));
    expect(issue?.message).toBe(
      'row 行政事业性收费 of 第二十条第（八）项 prints its values glued together ("350"); no rule decides how to split them, the most plausible of its 2 readings is kept and the cells list their candidates',
    );
    const table = renderReportTables(report).split("\n");
    expect(table).toContain('ART20_8.ADMIN_FEES.ITEMS_DELTA ? 0 | 50  (glued run "350" splits 2 ways into 2 cells; no rule checks them)');
  });

  it("keeps a cell's alternatives in its stored spelling and back", () => {
    const cell = cellOf(report, "ART20_8.ADMIN_FEES.ITEMS_DELTA")!;
    const record = toCellRecord({ ...cell, state: "VALUE", value: 50, decidedBy: "X3:2018" });
    expect([record.candidates, record.rowReadings, record.uncertainty, record.decidedBy]).toEqual([[0, 50], [0, 50], cell.uncertainty, "X3:2018"]);
    expect(fromCellRecord(record)).toEqual({ ...cell, state: "VALUE", value: 50, decidedBy: "X3:2018", lineOffset: undefined, provenance: null });
  });
});

describe("the candidates of a structured report", () => {
  const report = parsed(PINGTAN);
  const ITEMS_DELTA = "ART20_5.ADMIN_LICENSING.ITEMS_DELTA";
  const index = report.cells.filter((cell) => cell.state !== "DERIVED").findIndex((cell) => cellCode(cell) === ITEMS_DELTA);

  it("reads back the parse output's candidates, readings and reasons", () => {
    // The structured form lists printed cells only: derived ones are recomputed.
    const result = readStructuredReport(JSON.stringify({ ...report, cells: report.cells.filter((cell) => cell.state !== "DERIVED") }));
    expect(result.kind).toBe("report");
    const back = result.kind === "report" ? result.report : report;
    const alternatives = (cells: ParsedReport["cells"]) =>
      cells.filter((cell) => cell.candidates).map((cell) => [cellCode(cell), cell.value, cell.candidates, cell.readings, cell.uncertainty]);
    expect(alternatives(back.cells)).toEqual(alternatives(report.cells));
    expect(alternatives(back.cells)).toHaveLength(19);
  });

  it("names a wrong candidate by its JSON path", () => {
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, candidates: [0, "601"] })))).toEqual([
      { path: `$.cells[${index}].candidates[1]`, message: 'must be a number, got "601"' },
    ]);
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, candidates: "0, 601" })))).toEqual([
      { path: `$.cells[${index}].candidates`, message: 'must be a list of numbers, got "0, 601"' },
    ]);
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, candidates: [601, 60] })))).toEqual([
      { path: `$.cells[${index}].candidates`, message: "must include the cell's value 0" },
    ]);
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, candidates: [0, 1, 2, 3, 4, 5, 6, 7, 8] })))).toEqual([
      { path: `$.cells[${index}].candidates`, message: "must list from 1 to 8 numbers, got 9" },
    ]);
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, candidates: [0, 0] })))).toEqual([
      { path: `$.cells[${index}].candidates`, message: "must not list a value twice" },
    ]);
  });

  it("refuses alternatives on a cell read one way, readings without candidates, and readings that do not start with the value", () => {
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, state: "VALUE" })))).toEqual([
      { path: `$.cells[${index}].candidates`, message: "is only for an UNCERTAIN cell, and the state is VALUE" },
    ]);
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, candidates: null })))).toEqual([
      { path: `$.cells[${index}].candidates`, message: "must be given with readings" },
    ]);
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, readings: [601, 0, 96018, 60, 9601, 6018, 1, 960, 18, 9, 8] })))).toEqual([
      { path: `$.cells[${index}].readings[0]`, message: "must be the cell's value 0 (the reading kept), got 601" },
    ]);
  });

  it("refuses a candidate or a reading that breaks R5, naming it by its JSON path", () => {
    const PREV_YEAR_ITEMS = "ART20_5.ADMIN_LICENSING.PREV_YEAR_ITEMS";
    const at = report.cells.filter((cell) => cell.state !== "DERIVED").findIndex((cell) => cellCode(cell) === PREV_YEAR_ITEMS);
    const readings = [396, 39, 3, 39, 3, 39, 3960, 3, 3960, 3, 39601];
    expect(
      problemsOf(structuredWith(report, PREV_YEAR_ITEMS, (cell) => ({ ...cell, readings: readings.map((value, index) => (index === 1 ? 2.5 : value)) }))),
    ).toEqual([{ path: `$.cells[${at}].readings[1]`, message: `must keep R5: ${PREV_YEAR_ITEMS} is not a whole number (2.5)` }]);
    expect(problemsOf(structuredWith(report, PREV_YEAR_ITEMS, (cell) => ({ ...cell, candidates: [396, -39, 3, 3960, 39601] })))).toEqual([
      { path: `$.cells[${at}].candidates[1]`, message: `must keep R5: ${PREV_YEAR_ITEMS} is negative (-39)` },
    ]);
    // ITEMS_DELTA is a change, which may be negative.
    const signed = readStructuredReport(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, candidates: [0, -601, 96018, 60, 9601, 6018, 1, 960] })));
    expect(signed.kind).toBe("report");
  });

  it("refuses a reading that is none of the cell's candidates, unless they are the 8 most plausible of more values", () => {
    const FEES_DELTA = "ART20_8.ADMIN_FEES.ITEMS_DELTA";
    const at = report.cells.filter((cell) => cell.state !== "DERIVED").findIndex((cell) => cellCode(cell) === FEES_DELTA);
    expect(problemsOf(structuredWith(report, FEES_DELTA, (cell) => ({ ...cell, readings: [0, 8] })))).toEqual([
      { path: `$.cells[${at}].readings[1]`, message: "must be one of the candidates, got 8" },
    ]);
    // ADMIN_LICENSING.ITEMS_DELTA lists 8 of its 11 values: its readings 18, 9 and 8 are beyond them.
    expect(cellOf(report, ITEMS_DELTA)!.readings!.filter((value) => !cellOf(report, ITEMS_DELTA)!.candidates!.includes(value))).toEqual([18, 9, 8]);
  });

  it("refuses a row whose cells list different numbers of readings", () => {
    expect(problemsOf(structuredWith(report, ITEMS_DELTA, (cell) => ({ ...cell, readings: [0, 601] })))).toEqual([
      {
        path: `$.cells[${index}].readings`,
        message: "lists 2 readings but ART20_5.ADMIN_LICENSING.PREV_YEAR_ITEMS lists 11: the cells of a row list one value per reading of the row",
      },
    ]);
  });
});

describe("the candidates of section 四 cells whose order the text leaves open", () => {
  const report = parsed(fs.readFileSync(path.join(CORPUS, "huaian-city-2024.txt"), "utf8"));

  it("lists each cell's value in both orders that satisfy R4, the kept one first, with the reason", () => {
    const uncertain = report.cells.filter((cell) => cell.state === "UNCERTAIN");
    expect(uncertain.map((cell) => [cellCode(cell), cell.value, cell.candidates, cell.readings])).toEqual([
      ["REVIEW_LITIGATION.LIT_DIRECT.UPHELD", 12, [12, 13], [12, 13]],
      ["REVIEW_LITIGATION.LIT_DIRECT.CORRECTED", 1, [1, 4], [1, 4]],
      ["REVIEW_LITIGATION.LIT_DIRECT.OTHER", 1, [1, 8], [1, 8]],
      ["REVIEW_LITIGATION.LIT_DIRECT.PENDING", 6, [6, 1], [6, 1]],
      ["REVIEW_LITIGATION.LIT_DIRECT.TOTAL", 20, [20, 26], [20, 26]],
      ["REVIEW_LITIGATION.LIT_AFTER_REVIEW.UPHELD", 13, [13, 12], [13, 12]],
      ["REVIEW_LITIGATION.LIT_AFTER_REVIEW.CORRECTED", 4, [4, 1], [4, 1]],
      ["REVIEW_LITIGATION.LIT_AFTER_REVIEW.OTHER", 8, [8, 1], [8, 1]],
      ["REVIEW_LITIGATION.LIT_AFTER_REVIEW.PENDING", 1, [1, 6], [1, 6]],
      ["REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL", 26, [26, 20], [26, 20]],
    ]);
    expect(uncertain[0].uncertainty).toBe(
      "section 四's values are printed out of order; 2 orders satisfy R4 and are equally close to the printed order, so the positions of some values cannot be told apart from the text; 2 readings",
    );
  });

  it("gives the cells that both orders agree on no candidates", () => {
    const review = report.cells.filter((cell) => cell.table === "REVIEW_LITIGATION" && cell.row === "REVIEW");
    expect(review.map((cell) => [cell.state, cell.candidates])).toEqual(Array.from({ length: 5 }, () => ["VALUE", undefined]));
  });

  it("keeps them through the structured form", () => {
    const result = readStructuredReport(structuredWith(report, "", (cell) => cell));
    if (result.kind !== "report") throw new Error(JSON.stringify(result.problems));
    const cell = result.report.cells.find((candidate) => cellCode(candidate) === "REVIEW_LITIGATION.LIT_DIRECT.TOTAL");
    expect([cell?.candidates, cell?.readings]).toEqual([
      [20, 26],
      [20, 26],
    ]);
  });
});
