import { formatCellCode } from "../domain/cell";
import { getTable } from "../domain/template-catalog";
import { isMoneyKind, type MoneyUnit } from "../domain/units";
import { readMoney, type CellReading } from "./cell-values";
import { AMOUNT, COUNT, findPhrases, MONEY_END, NARRATIVE_PATTERNS, phrasePattern, SUM, type NarrativeConcept, type PhrasePattern } from "./narrative";
import type { ParseIssue, ParsedCell } from "./parsed-report";
import { sectionBody, type Span } from "./sections";
import { squeeze, type SourceText } from "./source-text";
import type { LegacyPart, OutlineHeading } from "./template-detection";

/**
 * A report on the 2008 outline (LEGACY_PRE2019, docs/template.md): no national table, so its headline figures are read
 * where it states them, in prose (收到政府信息公开申请52件，其中同意公开40件…) or in a table of its own (| 收到申请数 |
 * 件 | 52 |), into the LEGACY table (docs/tables.md). A figure is VALUE when every statement of it gives the same
 * number; a concept stated with different numbers keeps the first, UNCERTAIN, with a PARSE_AMBIGUOUS issue listing
 * them all. Nothing is read from words alone (未收取任何费用 states no number). Money is stored in 万元 (readMoney).
 */

type LegacyRow =
  | "PROACTIVE_ITEMS"
  | "APPLICATIONS_RECEIVED"
  | "APPLICATIONS_ANSWERED"
  | "DISCLOSED"
  | "PARTLY_DISCLOSED"
  | "WITHHELD"
  | "NOT_EXIST"
  | "NOT_THIS_AGENCY"
  | "UNCLEAR"
  | "REVIEWS"
  | "LAWSUITS"
  | "COMPLAINTS"
  | "FEES_CHARGED"
  | "FEES_WAIVED";

/** The narrative concepts that are LEGACY rows too, with the same words. */
const SHARED_CONCEPTS: Partial<Record<NarrativeConcept, LegacyRow>> = {
  PROACTIVE_ITEMS: "PROACTIVE_ITEMS",
  APPLICATIONS_RECEIVED: "APPLICATIONS_RECEIVED",
  APPLICATIONS_COMPLETED: "APPLICATIONS_ANSWERED",
  REVIEWS: "REVIEWS",
  LAWSUITS: "LAWSUITS",
  FEES_YUAN: "FEES_CHARGED",
};

/** What follows an outcome's words: 同意公开的 / 同意公开答复 / 同意公开申请. */
const ANSWER = "的?(?:答复|申请)?的?";

/**
 * The outcomes of requests as the 2008 outline counted them, and the other figures only it has. Disclosed is
 * neither refused (不予以公开, 不同意公开) nor partly disclosed (部分予以公开, 部分同意公开).
 */
const OWN_PATTERNS: readonly PhrasePattern<LegacyRow>[] = [
  phrasePattern("DISCLOSED", `(?<!不|部分)(?:同意公开|予以公开|全部公开)${ANSWER}${SUM}${COUNT}(?<u>件)`),
  phrasePattern("PARTLY_DISCLOSED", `(?:同意|予以)?部分(?:予以|同意)?公开${ANSWER}${SUM}${COUNT}(?<u>件)`),
  phrasePattern("WITHHELD", `(?:不予公开|不予以公开|不同意公开)(?:政府信息)?${ANSWER}${SUM}${COUNT}(?<u>件)`),
  phrasePattern("NOT_EXIST", `(?:所申请的?|申请的?)?(?:政府)?信息不存在${ANSWER}${SUM}${COUNT}(?<u>件)`),
  phrasePattern(
    "NOT_THIS_AGENCY",
    `(?:非本(?:机关|单位|部门)|不属于本(?:行政)?(?:机关|单位|部门))(?:职责|公开)?(?:范围)?的?(?:政府)?(?:信息)?${ANSWER}${SUM}${COUNT}(?<u>件)`,
  ),
  phrasePattern("UNCLEAR", `(?:申请)?内容不明确${ANSWER}${SUM}${COUNT}(?<u>件)`),
  phrasePattern("COMPLAINTS", `(?:申诉|举报投诉)(?:案件)?${SUM}${COUNT}(?<u>件|起)`),
  phrasePattern("FEES_WAIVED", `减免(?:费用)?${SUM}${AMOUNT}(?<u>万元|元)${MONEY_END}`),
];

/** Every prose pattern of a LEGACY row: the narrative's where they share a concept, then the outline's own. */
const PROSE_PATTERNS: readonly PhrasePattern<LegacyRow>[] = [
  ...NARRATIVE_PATTERNS.flatMap((item) => {
    const row = SHARED_CONCEPTS[item.key];
    return row ? [{ ...item, key: row }] : [];
  }),
  ...OWN_PATTERNS,
];

/**
 * Row labels of the tables legacy reports print (the 政府信息公开情况统计表 of the 2008 years: 主动公开政府信息数,
 * 收到申请数, 同意公开答复数 …), matched on the whole label once its numbering (（一）, 1., 其中：) and a unit in
 * brackets are taken off.
 */
const ROW_LABELS: ReadonlyArray<readonly [LegacyRow, RegExp]> = [
  ["PROACTIVE_ITEMS", /^主动公开(?:政府)?信息(?:数|条数|总数|数量)?$/],
  ["APPLICATIONS_RECEIVED", /^(?:(?:收到|受理)(?:政府信息公开)?申请|申请总)(?:数|总数|件数|数量)?$/],
  ["APPLICATIONS_ANSWERED", /^(?:申请)?(?:答复|办结)(?:申请)?(?:数|总数|件数)?$|^对申请的答复数?$/],
  ["DISCLOSED", /^(?:同意公开|予以公开)(?:答复)?数?$/],
  ["PARTLY_DISCLOSED", /^(?:同意)?部分(?:予以|同意)?公开(?:答复)?数?$/],
  ["WITHHELD", /^(?:不同意公开|不予公开)(?:答复)?数?$/],
  ["NOT_THIS_AGENCY", /^(?:不属于本(?:行政)?机关公开(?:范围)?|非本(?:机关|单位)(?:政府信息)?)(?:的)?数?$/],
  ["NOT_EXIST", /^(?:申请)?(?:政府)?信息不存在数?$/],
  ["UNCLEAR", /^申请内容不明确数?$/],
  ["REVIEWS", /^(?:政府信息公开)?(?:行政)?复议(?:数量|数|案件数|件数)?$/],
  ["LAWSUITS", /^(?:政府信息公开)?(?:行政)?诉讼(?:数量|数|案件数|件数)?$/],
  ["COMPLAINTS", /^(?:申诉|举报投诉)(?:数量|数|件数)?$/],
  ["FEES_CHARGED", /^(?:依申请公开(?:政府)?信息)?收取(?:的)?费用(?:数|总额|金额)?$|^收费(?:金额|总额)?$/],
  ["FEES_WAIVED", /^减免(?:的)?费用(?:数|总额|金额)?$|^减免(?:金额)?$/],
];

const LABEL_NUMBERING = /^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、]|其中[:]?)+/;
const UNIT_WORD = /^(?:件|条|起|元|万元)$/;
/** A table cell's number, as long as the prose's (COUNT, AMOUNT in narrative.ts): a longer one is no figure. */
const CELL_NUMBER = /^(?<n>\d{1,3}(?:,\d{3}){1,3}|\d{1,12}(?:\.\d{1,6})?)(?<u>件|条|起|万元|元)?$/;

/** One statement of a figure: its number and unit as printed (glued to it, or in a cell or label of its own), and where. */
interface Statement {
  readonly row: LegacyRow;
  readonly numeral: string;
  readonly unit: string | null;
  readonly unitApart?: boolean;
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly lineOffset: number;
}

/** The cells of a row of a report's own table: a pipe row, or cells apart by a tab or two spaces. */
function rowCells(line: string): string[] {
  const cells = line.includes("|") ? line.split("|") : line.split(/\t|\s{2,}/);
  return cells.map((cell) => cell.trim()).filter((cell) => cell !== "");
}

/** A label without its numbering and bracketed unit, and that unit. */
function cleanLabel(label: string): { label: string; unit: string | null } {
  const flat = squeeze(label);
  const unit = /\((件|条|起|元|万元)\)/.exec(flat)?.[1] ?? null;
  return { label: flat.replace(/\((?:单位:)?(?:件|条|起|元|万元)\)/, "").replace(LABEL_NUMBERING, ""), unit };
}

/** The statement of one table row, or null when its label is not a known figure or it has not exactly one number. */
function rowStatement(source: SourceText, line: string, lineStart: number): Statement | null {
  const cells = rowCells(line);
  const labelAt = cells.findIndex((cell) => /\p{Script=Han}/u.test(cell) && !UNIT_WORD.test(squeeze(cell)));
  if (labelAt < 0 || cells.length < 2) return null;
  const { label, unit } = cleanLabel(cells[labelAt]);
  const row = ROW_LABELS.find(([, pattern]) => pattern.test(label))?.[0];
  const rest = cells.slice(labelAt + 1);
  const numbers = rest.filter((cell) => CELL_NUMBER.test(squeeze(cell)));
  if (!row || numbers.length !== 1) return null;
  const number = CELL_NUMBER.exec(squeeze(numbers[0]))!.groups!;
  const at = lineStart + line.indexOf(numbers[0], line.indexOf(cells[labelAt]) + cells[labelAt].length);
  return {
    row,
    numeral: number.n.replace(/,/g, ""),
    unit: number.u ?? unit ?? rest.map(squeeze).find((cell) => UNIT_WORD.test(cell)) ?? null,
    unitApart: number.u === undefined,
    text: squeeze(line),
    offset: at,
    line: source.lineAt(at),
    lineOffset: at - lineStart,
  };
}

/** The figures of the report's own table rows in `span`: a known label, then its number, with a unit cell perhaps. */
function tableStatements(source: SourceText, span: Span): Statement[] {
  const statements: Statement[] = [];
  let lineStart = source.lineStart(span.start);
  for (const line of source.text.slice(lineStart, span.end).split("\n")) {
    const statement = rowStatement(source, line, lineStart);
    if (statement) statements.push(statement);
    lineStart += line.length + 1;
  }
  return statements;
}

/** A statement's number in its cell's unit: money in 万元 (and the issue saying so), a count as printed. */
function statementReading(statement: Statement, code: string): { reading: CellReading; issue: ParseIssue | null } {
  const money = statement.unit === "元" || statement.unit === "万元" ? (statement.unit as MoneyUnit) : null;
  const reading: CellReading = {
    value: Number(statement.numeral),
    state: "VALUE",
    raw: `${statement.numeral}${money && !statement.unitApart ? money : ""}`,
    line: statement.line,
    lineOffset: statement.lineOffset,
  };
  if (!isMoneyKind(getTable("LEGACY").cellKind(statement.row, "VALUE"))) return { reading, issue: null };
  return readMoney(reading, statement.unitApart ? money : null, code);
}

/** How many statements a PARSE_AMBIGUOUS message lists: a text repeating a figure must not make it unbounded. */
const STATEMENTS_LISTED = 5;

/** The cell of a row from its statements, in text order; PARSE_AMBIGUOUS when they disagree. */
function rowCell(row: LegacyRow, statements: readonly Statement[]): { cell: ParsedCell; issues: ParseIssue[] } {
  const code = formatCellCode("LEGACY", row, "VALUE");
  const readings = statements.map((statement) => statementReading(statement, code));
  const [first] = readings;
  const values = new Set(readings.map(({ reading }) => reading.value));
  const issues = first.issue ? [first.issue] : [];
  const uncertain = values.size > 1 || first.reading.state === "UNCERTAIN";
  if (values.size > 1) {
    const stated = statements
      .slice(0, STATEMENTS_LISTED)
      .map((statement, index) => `${readings[index].reading.value} at line ${statement.line} ("${statement.text.slice(0, 60)}")`);
    const more = statements.length > STATEMENTS_LISTED ? ` and ${statements.length - STATEMENTS_LISTED} more statements` : "";
    issues.push({
      rule: "PARSE_AMBIGUOUS",
      severity: "warning",
      message: `${code}: the text states ${values.size} different figures: ${stated.join(", ")}${more}; the first is kept, uncertain`,
      cells: [code],
      line: first.reading.line,
    });
  }
  const { value, raw, line, lineOffset } = first.reading;
  return { cell: { table: "LEGACY", row, column: "VALUE", value, state: uncertain ? "UNCERTAIN" : "VALUE", raw, line, lineOffset }, issues };
}

const SECTION_OF_PART: Partial<Record<LegacyPart, "S1_OVERVIEW" | "S5_PROBLEMS" | "S6_OTHER">> = {
  OVERVIEW: "S1_OVERVIEW",
  PROBLEMS: "S5_PROBLEMS",
  OTHER: "S6_OTHER",
};

/** What a legacy report yields: its LEGACY cells, the issues, its free-text sections and the span of its 概述. */
export interface LegacyReading {
  readonly cells: ParsedCell[];
  readonly issues: ParseIssue[];
  readonly sections: { S1_OVERVIEW?: string; S5_PROBLEMS?: string; S6_OTHER?: string };
  readonly overview: Span | null;
}

/**
 * Reads a report on the 2008 outline from its normalised text up to `end` (where the report stops: portal chrome,
 * or the end of the text): the outline's headings give the sections, every statement of a headline figure in
 * prose or in a table row gives the LEGACY cells, in catalog order.
 */
export function readLegacyReport(source: SourceText, outline: readonly OutlineHeading[], end: number): LegacyReading {
  const spanOf = (index: number): Span => ({ start: outline[index].start, end: Math.min(outline[index].end ?? end, end) });
  const sections: LegacyReading["sections"] = {};
  let overview: Span | null = null;
  outline.forEach((heading, index) => {
    const span = spanOf(index);
    const code = SECTION_OF_PART[heading.part];
    // A heading inside a line (a page flattened to one line) has its body after its title, on the same line.
    if (code) sections[code] = (heading.ownLine ? sectionBody(source, span) : source.originalSlice(heading.titleEnd, span.end).trim()) || undefined;
    if (heading.part === "OVERVIEW") overview = span;
  });
  const whole: Span = { start: 0, end };
  const statements = [...findPhrases(source, whole, PROSE_PATTERNS).map((match) => ({ ...match, row: match.key })), ...tableStatements(source, whole)];
  statements.sort((a, b) => a.offset - b.offset);
  const cells: ParsedCell[] = [];
  const issues: ParseIssue[] = [];
  for (const row of getTable("LEGACY").rows) {
    const stated = statements.filter((statement) => statement.row === row.code);
    if (stated.length === 0) continue;
    const read = rowCell(row.code as LegacyRow, stated);
    cells.push(read.cell);
    issues.push(...read.issues);
  }
  const names = outline.map((heading) => heading.part).join(", ");
  issues.unshift({
    rule: "PARSE_LEGACY_LAYOUT",
    severity: "info",
    message: `a pre-2019 report on the 2008 outline (${names}): ${cells.length} headline figures read from its text into LEGACY`,
    cells: [],
  });
  return { cells, issues, sections, overview };
}

/** First lines that may hold a document's title. */
const TITLE_LINES = 10;
/** An annual report's title: …政府信息公开工作年度报告, …政府信息公开工作情况的报告. */
const REPORT_TITLE = /政府信息公开.{0,12}报告$/;
/** Titles of documents about reports or disclosure that are not one: letters, notices, work plans, guides. */
const OTHER_DOCUMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^关于.+的(?:通知|函|复函|通报|批复|请示|意见)$/, "a letter or notice"],
  [/(?:工作要点|工作计划|工作方案|实施方案|工作安排)$/, "a work plan"],
  [/公开(?:指南|目录)$/, "a disclosure guide"],
];

/**
 * Why a text without the national tables is not an annual report although it speaks of one: its title (among the
 * first lines, before any report title) is a letter's or notice's (关于报送2018年度政府信息公开工作年度报告的函), a work
 * plan's (政务公开工作要点) or a guide's. Null when no such title comes first.
 */
export function otherDocumentReason(text: string): string | null {
  const lines = text
    .split("\n", TITLE_LINES * 4)
    .map((line) =>
      squeeze(line)
        .replace(/^标题:/, "")
        .replace(/^#+/, ""),
    )
    .filter((line) => line !== "")
    .slice(0, TITLE_LINES);
  for (const line of lines) {
    const other = OTHER_DOCUMENTS.find(([pattern]) => pattern.test(line));
    if (other) return `${other[1]}, not an annual report: its title is ${line.slice(0, 80)}`;
    if (REPORT_TITLE.test(line)) return null;
  }
  return null;
}
