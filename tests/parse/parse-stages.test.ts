import fs from "node:fs";
import path from "node:path";
import { cellCode, fromCellRecord, splitCellCode, toCellRecord, type Cell } from "../../src/domain/cell";
import {
  APPLICANT_TYPE_COLUMNS,
  APPLICATIONS_BALANCE,
  LEGAL_PERSON_COLUMNS,
  OTHER_SUB_ROWS,
  RESULT_GROUPS,
  REVIEW_LITIGATION_CELLS,
  applicationLayouts,
  applicationsLayoutOf,
  isDerivedRow,
  isOtherSplit,
  outcomeRows,
} from "../../src/domain/template-parts";
import { deriveApplicationCells } from "../../src/parse/derive-cells";
import { reviewTotalsHold } from "../../src/parse/review-litigation-table";
import { validateCells } from "../../src/parse/validate-report";
import { parseReport } from "../../src/parse";

/** A printed section 三 cell. */
function cell(row: string, column: string, value: number | null, state: Cell["state"] = value === null ? "BLANK" : "VALUE"): Cell {
  return { table: "APPLICATIONS", row, column, value, state, raw: value === null ? "" : String(value), line: 1 };
}

describe("the template's named parts, read from the catalog", () => {
  test("the 法人或其他组织 columns are the five organisation columns in printed order", () => {
    expect(LEGAL_PERSON_COLUMNS).toEqual(["COMMERCIAL_ENTERPRISE", "RESEARCH_INSTITUTION", "PUBLIC_WELFARE_ORG", "LEGAL_SERVICE_ORG", "OTHER_ORG"]);
    expect(APPLICANT_TYPE_COLUMNS).toEqual(["NATURAL_PERSON", ...LEGAL_PERSON_COLUMNS]);
  });

  test("the outcome groups and their sub-row counts are those of the template", () => {
    expect(RESULT_GROUPS.map((group) => [group.group, group.members.length])).toEqual([
      ["R_WITHHELD", 8],
      ["R_UNABLE", 3],
      ["R_NOT_PROCESSED", 5],
      ["R_OTHER", 3],
    ]);
    expect(OTHER_SUB_ROWS).toEqual(["OTHER_NO_CORRECTION", "OTHER_FEE_UNPAID", "OTHER_OTHER"]);
  });

  test("section 三 prints 25 rows with （六） split and 23 with it as one row; TPL_2019 has one layout", () => {
    expect(applicationLayouts("TPL_2021").map((layout) => [layout.otherSplit, layout.rows.length])).toEqual([
      [true, 25],
      [false, 23],
    ]);
    expect(applicationLayouts("TPL_2019").map((layout) => [layout.otherSplit, layout.rows.length])).toEqual([[false, 23]]);
    expect(outcomeRows(false)).toHaveLength(19);
    expect(outcomeRows(true).slice(-3)).toEqual(OTHER_SUB_ROWS);
  });

  test("（六） is split exactly when one of its sub-rows is present", () => {
    expect(isOtherSplit(["NEW_RECEIVED", "R_OTHER"])).toBe(false);
    expect(isOtherSplit(["NEW_RECEIVED", "OTHER_FEE_UNPAID"])).toBe(true);
  });

  test("a report's layout says whether （六） is derived from its sub-rows", () => {
    const split = applicationsLayoutOf("TPL_2021", ["NEW_RECEIVED", "OTHER_NO_CORRECTION"]);
    const oneRow = applicationsLayoutOf("TPL_2021", ["NEW_RECEIVED", "R_OTHER"]);
    expect([split.otherSplit, split.rows.length, isDerivedRow(split, "R_OTHER")]).toEqual([true, 25, true]);
    expect([oneRow.otherSplit, oneRow.rows.length, isDerivedRow(oneRow, "R_OTHER")]).toEqual([false, 23, false]);
    expect(applicationsLayoutOf("TPL_2019", ["OTHER_OTHER"]).otherSplit).toBe(false);
    expect([isDerivedRow(oneRow, "R_WITHHELD"), isDerivedRow(oneRow, "R_DISCLOSED")]).toEqual([true, false]);
  });

  test("rule R1's sides and section 四's cells come out in printed order", () => {
    expect(APPLICATIONS_BALANCE).toEqual({ incoming: ["NEW_RECEIVED", "CARRIED_OVER_IN"], outgoing: ["R_TOTAL", "CARRIED_FORWARD_OUT"] });
    expect(REVIEW_LITIGATION_CELLS).toHaveLength(15);
    expect(cellCode(REVIEW_LITIGATION_CELLS[14])).toBe("REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL");
  });
});

describe("one cell, one spelling", () => {
  test("a cell code splits back into the cell's address", () => {
    expect(splitCellCode("APPLICATIONS.NEW_RECEIVED.TOTAL")).toEqual({ table: "APPLICATIONS", row: "NEW_RECEIVED", column: "TOTAL" });
    expect(cellCode(splitCellCode("ART20_1.REGULATIONS.ISSUED")!)).toBe("ART20_1.REGULATIONS.ISSUED");
  });

  test("a code with an unknown table or the wrong number of parts splits to null", () => {
    expect(splitCellCode("NOPE.NEW_RECEIVED.TOTAL")).toBeNull();
    expect(splitCellCode("APPLICATIONS.NEW_RECEIVED")).toBeNull();
    expect(splitCellCode("APPLICATIONS..TOTAL")).toBeNull();
  });

  test("a cell maps to its stored spelling and back, its printed text cut to 255 characters", () => {
    const long: Cell = { ...cell("NEW_RECEIVED", "TOTAL", 7), raw: "7".repeat(300), provenance: { kind: "HTML", table: 2, row: 5, cell: 9 } };
    const record = toCellRecord(long);
    expect(record).toEqual({
      tableCode: "APPLICATIONS",
      rowCode: "NEW_RECEIVED",
      columnCode: "TOTAL",
      value: 7,
      valueState: "VALUE",
      rawText: "7".repeat(255),
      line: 1,
      provenance: { kind: "HTML", table: 2, row: 5, cell: 9 },
      candidates: null,
      rowReadings: null,
      uncertainty: null,
      decidedBy: null,
    });
    expect(fromCellRecord(record)).toEqual({ ...long, raw: "7".repeat(255), lineOffset: undefined });
  });
});

describe("derived cells", () => {
  test("an outcome group's subtotal is the sum of its sub-rows, and the 法人或其他组织 subtotal the sum of its five columns", () => {
    const cells = [
      ...["UNABLE_NOT_HELD", "UNABLE_NEEDS_CREATION", "UNABLE_STILL_UNCLEAR"].flatMap((row, index) => [
        cell(row, "NATURAL_PERSON", index + 1),
        ...LEGAL_PERSON_COLUMNS.map((column) => cell(row, column, 10 * (index + 1))),
        cell(row, "TOTAL", 51 * (index + 1)),
      ]),
    ];
    const derived = deriveApplicationCells(cells);
    const value = (row: string, column: string) => derived.find((entry) => entry.row === row && entry.column === column)?.value;
    expect(value("R_UNABLE", "NATURAL_PERSON")).toBe(6);
    expect(value("R_UNABLE", "TOTAL")).toBe(306);
    expect(value("R_UNABLE", "LEGAL_PERSON_SUBTOTAL")).toBe(300);
    expect(value("UNABLE_NOT_HELD", "LEGAL_PERSON_SUBTOTAL")).toBe(50);
    expect(derived.filter((entry) => entry.row === "R_WITHHELD")).toEqual([]);
    expect(new Set(derived.map((entry) => entry.state))).toEqual(new Set(["DERIVED"]));
  });

  test("a printed （六） row is not derived again, and a blank part leaves its subtotal out", () => {
    const printedOther = [cell("R_OTHER", "TOTAL", 4), ...OTHER_SUB_ROWS.map((row) => cell(row, "TOTAL", 1))];
    expect(deriveApplicationCells(printedOther).filter((entry) => entry.row === "R_OTHER")).toEqual([]);
    const blankPart = [cell("OTHER_NO_CORRECTION", "TOTAL", 1), cell("OTHER_FEE_UNPAID", "TOTAL", null), cell("OTHER_OTHER", "TOTAL", 2)];
    expect(deriveApplicationCells(blankPart)).toEqual([]);
  });
});

describe("validation of one report's arithmetic", () => {
  test("R2 reports a row whose TOTAL is not its applicant columns, counting a blank as 0", () => {
    const row = [
      cell("NEW_RECEIVED", "NATURAL_PERSON", 3),
      cell("NEW_RECEIVED", "COMMERCIAL_ENTERPRISE", null),
      ...LEGAL_PERSON_COLUMNS.slice(1).map((column) => cell("NEW_RECEIVED", column, 1)),
      cell("NEW_RECEIVED", "TOTAL", 8),
    ];
    const r2 = validateCells(row, false).filter((issue) => issue.rule === "R2" && issue.severity === "error");
    expect(r2.map((issue) => issue.message)).toEqual([
      "R2 (row NEW_RECEIVED): NEW_RECEIVED.TOTAL 8 = 8 but NEW_RECEIVED.NATURAL_PERSON 3 + NEW_RECEIVED.COMMERCIAL_ENTERPRISE (blank) + NEW_RECEIVED.RESEARCH_INSTITUTION 1 + NEW_RECEIVED.PUBLIC_WELFARE_ORG 1 + NEW_RECEIVED.LEGAL_SERVICE_ORG 1 + NEW_RECEIVED.OTHER_ORG 1 = 7 (blank cells counted as 0)",
    ]);
  });

  test("R5 lets a change in items be negative and an amount have decimals, but not a count", () => {
    const proactive: Cell[] = [
      { table: "ART20_5", row: "ADMIN_LICENSING", column: "ITEMS_DELTA", value: -2, state: "VALUE", raw: "-2", line: 3 },
      { table: "ART20_8", row: "ADMIN_FEES", column: "FEE_AMOUNT", value: 1.5, state: "VALUE", raw: "1.5", line: 4 },
      { table: "ART20_6", row: "ADMIN_PENALTY", column: "DECISIONS", value: -1, state: "VALUE", raw: "-1", line: 5 },
      { table: "ART20_6", row: "ADMIN_COERCION", column: "DECISIONS", value: 2.5, state: "VALUE", raw: "2.5", line: 6 },
    ];
    expect(validateCells(proactive, false).map((issue) => [issue.rule, issue.cells, issue.line])).toEqual([
      ["R5", ["ART20_6.ADMIN_PENALTY.DECISIONS"], 5],
      ["R5", ["ART20_6.ADMIN_COERCION.DECISIONS"], 6],
    ]);
  });
});

describe("section 四's arithmetic", () => {
  test("R4 holds when each group's TOTAL is its four outcomes, and fails on one wrong total", () => {
    const values = [1, 2, 0, 1, 4, 0, 0, 0, 0, 0, 3, 0, 1, 0, 4];
    expect(reviewTotalsHold(values)).toBe(true);
    expect(reviewTotalsHold([...values.slice(0, 14), 5])).toBe(false);
  });
});

describe("section text of a page flattened to one line", () => {
  it("keeps the overview from right after its heading's words, not from the first space", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "corpus", "pingtan-2019.txt"), "utf8");
    const result = parseReport(text);
    if (result.kind !== "report") throw new Error(result.reason);
    const overview = result.report.sections.S1_OVERVIEW ?? "";
    expect([overview.slice(0, 24), overview.length]).toEqual(["2019年，在省政府办公厅、省公开办等部门的关心", 3830]);
  });
});
