import { cellCode, formatCellCode, splitCellCode, type CellCode } from "../domain/cell";
import { cellNumber } from "../domain/cell-value";
import type { TemplateVersion } from "../domain/codes";
import type { ParseIssue, ParsedCell } from "./parsed-report";
import type { Span } from "./sections";
import type { SourceText } from "./source-text";
import { lastIndexAtOrBelow } from "../sorted-search";

/**
 * The figures a report states in its prose (一、总体情况, or 概述 on the 2008 outline): 收到申请 N 件, 答复 N 件,
 * 结转 N 件, 行政复议 N 件, 主动公开 N 条, 现行有效规范性文件 N 件 … Each is a fact with the cells it corresponds to in
 * the report's template version, so that rule T1 (docs/rules.md) can compare it with the tables and later evidence
 * can use it. The reading is conservative: a number counts only when the words of its concept come right before it
 * (or, for 结转到下年度, right after it) in the same sentence, with nothing between them but a few fixed filler words,
 * and its unit right after it. A percentage, a year, a date, an approximate figure (5500余条, 约) or a change (同比增长,
 * 比上年增加) is never a fact. Pure and bounded: each pattern is a linear scan of the overview, and at most
 * MAX_NARRATIVE_FACTS facts are kept.
 */

export type NarrativeConcept =
  | "APPLICATIONS_RECEIVED"
  | "APPLICATIONS_COMPLETED"
  | "APPLICATIONS_CARRIED_FORWARD"
  | "APPLICATIONS_CARRIED_OVER"
  | "REVIEWS"
  | "LAWSUITS"
  | "PROACTIVE_ITEMS"
  | "NORMATIVE_DOCS_IN_FORCE"
  | "NORMATIVE_DOCS_ISSUED"
  | "NORMATIVE_DOCS_REPEALED"
  | "FEES_YUAN";

/** What each concept is, for the graph and the docs: its words and its unit. */
export const NARRATIVE_CONCEPT_LABELS: Readonly<Record<NarrativeConcept, string>> = {
  APPLICATIONS_RECEIVED: "Disclosure requests received, 收到/受理申请 N 件",
  APPLICATIONS_COMPLETED: "Requests answered, 答复/办结 N 件",
  APPLICATIONS_CARRIED_FORWARD: "Requests carried forward to next year, 结转/顺延到下年度 N 件",
  APPLICATIONS_CARRIED_OVER: "Requests carried over from last year, 上年结转 N 件",
  REVIEWS: "Administrative reviews, 行政复议 N 件/起",
  LAWSUITS: "Lawsuits, 行政诉讼 N 件/起",
  PROACTIVE_ITEMS: "Information published proactively, 主动公开 N 条",
  NORMATIVE_DOCS_IN_FORCE: "Normative documents in force, 现行有效规范性文件 N 件",
  NORMATIVE_DOCS_ISSUED: "Normative documents issued, 制发/印发规范性文件 N 件",
  NORMATIVE_DOCS_REPEALED: "Normative documents repealed, 废止规范性文件 N 件",
  FEES_YUAN: "Fees charged for answering requests, in 元, 收取信息处理费 N 元",
};

export interface NarrativeFact {
  readonly concept: NarrativeConcept;
  readonly value: number;
  /** The cell codes (TABLE.ROW.COLUMN) this concept corresponds to in the report's template version, if any. */
  readonly cells: readonly string[];
  /** The phrase as printed, white space removed, e.g. "收到政府信息公开申请152件". */
  readonly text: string;
  /** 1-based source line the number is printed on. */
  readonly line: number;
}

/** The rule comparing the narrative's figures with the tables. */
export const NARRATIVE_RULE = "T1";

/** A concept's words found with a number and its unit. */
export interface PhraseMatch<Key extends string = string> {
  readonly key: Key;
  /** The number as printed, thousands separators removed ("3119", "0.5"). */
  readonly numeral: string;
  /** The unit printed after it (件, 条, 起, 元, 万元). */
  readonly unit: string;
  /** The phrase, white space removed. */
  readonly text: string;
  /** Offset of the number in the normalised text, its 1-based line and its 0-based position in that line. */
  readonly offset: number;
  readonly line: number;
  readonly lineOffset: number;
  /** Whether the phrase names 规章 beside 规范性文件 (现行有效规章和规范性文件 N 件). */
  readonly withRegulations: boolean;
}

/**
 * One way a concept is printed: a global pattern (with indices) over the text without white space with a named group
 * `n` (the number) and `u` (its unit), and optionally `reg` (规章 named too). `totalOnly` drops a match that is a part of
 * a figure (isPart): 其中市政府本级收到申请50件 is not the report's total.
 */
export interface PhrasePattern<Key extends string = string> {
  readonly key: Key;
  readonly pattern: RegExp;
  readonly totalOnly?: boolean;
}

/**
 * A count: up to 12 digits, or up to four groups of three; never followed by a decimal part. A longer run of digits
 * is no figure a report states (an account or document number, digits glued by extraction), and past 15 digits a
 * number is no longer exact in floating point, so it is not read at all.
 */
export const COUNT = "(?<![\\d.,])(?<n>\\d{1,3}(?:,\\d{3}){1,3}|\\d{1,12})(?![\\d.])";
/** An amount of money: a count, perhaps with up to six decimals (万元 to the cent). */
export const AMOUNT = "(?<![\\d.,])(?<n>(?:\\d{1,3}(?:,\\d{3}){1,3}|\\d{1,12})(?:\\.\\d{1,6})?)";
/** Words that may stand between a concept and its number: a sum word, then 为 or 达. */
export const SUM = "(?:共计|合计|总计|累计|共|计|总数|数量|件数)?(?:为|达)?";
/** After an amount: not a rate (0.5元/页, 每页). */
export const MONEY_END = "(?![/每])";
/** After the unit: not 件次 / 人次, which count something else. */
const UNIT_END = "(?!次)";
/** Who asked, between the verb and 申请 (收到公民、法人和其他组织提出的政府信息公开申请). */
const APPLICANTS = "(?:各类|公民、?法人(?:和|或|及)(?:其他组织|非法人组织)(?:提出)?的?|群众|社会公众)?";
/** What was asked: a disclosure request in the words reports use. */
const REQUEST = "(?:(?:政府信息公开|信息公开|公开政府信息)的?申请|依申请公开(?:政府信息)?(?:的?申请)?|申请)";
/** Words that make a count of requests a part of the year's (按时 / 延期 / 网上 …) or another kind of request (复议). */
const PART_QUALIFIERS = "按时|按期|如期|限期|延期|超期|逾期|当场|当面|当日|及时|网上|信函|传真|电话|邮寄|现场|复议";
/** What may stand between such a word and the verb: 延期已答复, 网上共受理. */
const BETWEEN_QUALIFIER = "(?:已|均|全部|依法|共|共计|累计)?";
/** Before 收到 / 受理: not a part (网上受理申请25件), nor requests refused (不予受理, 未予受理, 未受理). */
const NOT_A_PART_RECEIVED = `(?<!(?:${PART_QUALIFIERS}|不|未|不予|未予|不予以|未予以)${BETWEEN_QUALIFIER})`;
/**
 * Before 答复 / 办结, right before the verb so that a word in between does not hide the qualifier (延期已答复10件):
 * not a part (按时 / 按期 / 超期答复), nor another kind of answer (复议答复, 不予答复).
 */
const NOT_A_PART_ANSWERED = `(?<!(?:${PART_QUALIFIERS}|不予)${BETWEEN_QUALIFIER})`;
/** The next year, as 结转 to it is written. */
const NEXT_YEAR = "下(?:一)?年(?:度)?";
/** What a fee is for, between 收取 and the amount: 检索、复制、邮寄等费用 / 复制费、邮寄费 / 信息处理费. */
const FEE_WORDS = "(?:(?:检索|复制|邮寄|打印|信息处理|成本|、|和|及|与|等){0,8}(?:费用|费)){0,4}";
/** 规章 named beside 规范性文件. */
const REGULATIONS = "(?:(?<reg>规章)(?:和|及|与|、))?";

/** A phrase pattern from its source (matched on the text without white space). */
export function phrasePattern<Key extends string>(key: Key, source: string, totalOnly = false): PhrasePattern<Key> {
  return { key, pattern: new RegExp(source, "gdu"), totalOnly };
}

/** The patterns of each narrative concept (docs/rules.md, T1). */
export const NARRATIVE_PATTERNS: readonly PhrasePattern<NarrativeConcept>[] = [
  phrasePattern("APPLICATIONS_RECEIVED", `${NOT_A_PART_RECEIVED}(?:收到|受理|接收|接到)${APPLICANTS}${REQUEST}${SUM}${COUNT}(?<u>件)${UNIT_END}`, true),
  phrasePattern(
    "APPLICATIONS_COMPLETED",
    `(?:已|全部|依法)?${NOT_A_PART_ANSWERED}(?:答复|办结|办理完毕|处理完毕)(?:了)?(?:政府信息公开申请|申请)?${SUM}${COUNT}(?<u>件)${UNIT_END}`,
    true,
  ),
  phrasePattern("APPLICATIONS_CARRIED_OVER", `(?:上(?:一)?年(?:度)?|去年)结转(?:而来)?的?(?:政府信息公开)?(?:申请)?${SUM}${COUNT}(?<u>件)${UNIT_END}`),
  phrasePattern(
    "APPLICATIONS_CARRIED_FORWARD",
    `结转(?:至|到|入)?${NEXT_YEAR}(?:继续)?(?:办理|答复|处理)?的?(?:政府信息公开)?(?:申请)?${SUM}${COUNT}(?<u>件)${UNIT_END}`,
  ),
  phrasePattern("APPLICATIONS_CARRIED_FORWARD", `${COUNT}(?<u>件)(?:申请)?(?:结转|顺延|转入|延续)(?:至|到)?${NEXT_YEAR}`),
  phrasePattern("REVIEWS", `(?:行政复议|复议)(?:申请|案件|案)?${SUM}${COUNT}(?<u>件|起)${UNIT_END}`),
  phrasePattern("LAWSUITS", `(?:行政诉讼|诉讼)(?:案件|案)?${SUM}${COUNT}(?<u>件|起)${UNIT_END}`),
  phrasePattern("PROACTIVE_ITEMS", `(?<!应|可)主动(?:公开|发布|公布)(?:各类|各项)?(?:政府)?(?:信息)?${SUM}${COUNT}(?<u>条|件)${UNIT_END}`, true),
  phrasePattern("NORMATIVE_DOCS_IN_FORCE", `现行有效的?${REGULATIONS}(?:行政)?规范性文件${SUM}${COUNT}(?<u>件)${UNIT_END}`),
  phrasePattern("NORMATIVE_DOCS_IN_FORCE", `${REGULATIONS}(?:行政)?规范性文件中?现行有效的?${SUM}${COUNT}(?<u>件)${UNIT_END}`),
  phrasePattern("NORMATIVE_DOCS_ISSUED", `(?:新)?(?:制发|印发|出台|制定)(?:各类)?${REGULATIONS}(?:行政)?规范性文件${SUM}${COUNT}(?<u>件)${UNIT_END}`),
  phrasePattern("NORMATIVE_DOCS_REPEALED", `(?:清理)?废止${REGULATIONS}(?:行政)?规范性文件${SUM}${COUNT}(?<u>件)${UNIT_END}`),
  phrasePattern("FEES_YUAN", `(?:收取|收费)(?:政府信息公开)?${FEE_WORDS}(?:共计|合计|总计|共)?${AMOUNT}(?<u>万元|元)${MONEY_END}`),
  phrasePattern("FEES_YUAN", `信息处理费${SUM}${AMOUNT}(?<u>万元|元)${MONEY_END}`),
];

/** The text of a span without white space, and where each of its characters is in the normalised text. */
interface FlatText {
  readonly flat: string;
  offsetOf(index: number): number;
}

/**
 * Flattens `text[start, end)`: the runs of non-space characters joined, each remembered with its offset, so that a
 * phrase broken over lines (答\n复 3050 件) is read whole and still found in the text. Memory is one entry per run.
 */
function flatten(text: string, start: number, end: number): FlatText {
  const flatStarts: number[] = [];
  const textStarts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  const runs = /\S+/gu;
  runs.lastIndex = start;
  for (let run = runs.exec(text); run !== null && run.index < end; run = runs.exec(text)) {
    const piece = run[0].slice(0, end - run.index);
    flatStarts.push(length);
    textStarts.push(run.index);
    parts.push(piece);
    length += piece.length;
  }
  const offsetOf = (index: number) => {
    const run = lastIndexAtOrBelow(flatStarts, index);
    return (textStarts[run] ?? start) + index - (flatStarts[run] ?? 0);
  };
  return { flat: parts.join(""), offsetOf };
}

/** Opens a part of a figure: 其中 / 包括 / 含. */
const PART_OPENER = /其中|包括|含/;
/** Where a clause starts: after a sentence end, a comma, a colon or a bracket. */
const CLAUSE_START = /[。;,:、()!?]/;
const SENTENCE_END = /[。;!?]/;
/** How far back a clause or an open bracket is looked for. */
const LOOK_BACK = 300;

/**
 * Whether the match at `index` is a part of a figure rather than a total: its clause opens with 其中 / 包括 / 含
 * (其中市政府本级收到申请50件), or it stands in a bracket that does ((其中机构职能类信息25条,…,其他信息856条)).
 */
function isPart(flat: string, index: number): boolean {
  let from = index;
  while (from > 0 && !CLAUSE_START.test(flat[from - 1]) && index - from < LOOK_BACK) from -= 1;
  if (PART_OPENER.test(flat.slice(from, index))) return true;
  let depth = 0;
  for (let at = index - 1; at >= 0 && index - at < LOOK_BACK && !SENTENCE_END.test(flat[at]); at -= 1) {
    if (flat[at] === ")") depth += 1;
    else if (flat[at] === "(" && depth-- === 0) return PART_OPENER.test(flat.slice(at + 1, at + 3));
  }
  return false;
}

/**
 * Every phrase of `patterns` in `span` of the normalised text, in text order. A pattern is matched on the span's
 * text without white space, so a phrase may run over a line break; its number's line is the one reported.
 */
export function findPhrases<Key extends string>(source: SourceText, span: Span, patterns: readonly PhrasePattern<Key>[]): PhraseMatch<Key>[] {
  const { flat, offsetOf } = flatten(source.text, span.start, span.end);
  // Two patterns of one concept may read the same number (收取信息处理费3940元, 信息处理费3940元): the longer phrase stays.
  const found = new Map<string, PhraseMatch<Key>>();
  for (const { key, pattern: regex, totalOnly } of patterns) {
    for (const match of flat.matchAll(regex)) {
      const groups = match.groups!;
      if (totalOnly && isPart(flat, match.index)) continue;
      const offset = offsetOf(match.indices!.groups!.n[0]);
      const known = found.get(`${key}@${offset}`);
      if (known && known.text.length >= match[0].length) continue;
      found.set(`${key}@${offset}`, {
        key,
        numeral: groups.n.replace(/,/g, ""),
        unit: groups.u,
        text: match[0],
        offset,
        line: source.lineAt(offset),
        lineOffset: offset - source.lineStart(offset),
        withRegulations: groups.reg !== undefined,
      });
    }
  }
  return [...found.values()].sort((a, b) => a.offset - b.offset);
}

/** Yuan from a printed amount and its unit (元 or 万元), moving the decimal point on the digits, not in floating point. */
function yuanOf(numeral: string, unit: string): number {
  if (unit !== "万元") return Number(numeral);
  const [whole, fraction = ""] = numeral.split(".");
  const padded = fraction.padEnd(4, "0");
  return Number(`${whole}${padded.slice(0, 4)}.${padded.slice(4) || "0"}`);
}

const APPLICATIONS_TOTAL = (row: string) => formatCellCode("APPLICATIONS", row, "TOTAL");
const ART20_1 = (row: string, column: string) => formatCellCode("ART20_1", row, column);
const LEGACY = (row: string) => formatCellCode("LEGACY", row, "VALUE");

/** The 第二十条第（一）项 cells of a normative-documents concept: 行政规范性文件 (and 规章 when the text names it too). */
function normativeCells(version: TemplateVersion, column2021: string | null, column2019: string | null, withRegulations: boolean): CellCode[] {
  const [documents, column] =
    version === "TPL_2021" ? ["ADMIN_NORMATIVE_DOCS", column2021] : version === "TPL_2019" ? ["NORMATIVE_DOCS", column2019] : [null, null];
  if (!documents || !column) return [];
  return withRegulations ? [ART20_1("REGULATIONS", column), ART20_1(documents, column)] : [ART20_1(documents, column)];
}

/** The cells a concept corresponds to in a version, summed when there are several (docs/rules.md, T1). */
export function narrativeCells(concept: NarrativeConcept, version: TemplateVersion, withRegulations = false): CellCode[] {
  const tabular = version === "TPL_2019" || version === "TPL_2021";
  const legacy = version === "LEGACY_PRE2019";
  switch (concept) {
    case "APPLICATIONS_RECEIVED":
      return tabular ? [APPLICATIONS_TOTAL("NEW_RECEIVED")] : legacy ? [LEGACY("APPLICATIONS_RECEIVED")] : [];
    case "APPLICATIONS_COMPLETED":
      return tabular ? [APPLICATIONS_TOTAL("R_TOTAL")] : legacy ? [LEGACY("APPLICATIONS_ANSWERED")] : [];
    case "APPLICATIONS_CARRIED_FORWARD":
      return tabular ? [APPLICATIONS_TOTAL("CARRIED_FORWARD_OUT")] : [];
    case "APPLICATIONS_CARRIED_OVER":
      return tabular ? [APPLICATIONS_TOTAL("CARRIED_OVER_IN")] : [];
    case "REVIEWS":
      return tabular ? [formatCellCode("REVIEW_LITIGATION", "REVIEW", "TOTAL")] : legacy ? [LEGACY("REVIEWS")] : [];
    case "LAWSUITS":
      return tabular
        ? [formatCellCode("REVIEW_LITIGATION", "LIT_DIRECT", "TOTAL"), formatCellCode("REVIEW_LITIGATION", "LIT_AFTER_REVIEW", "TOTAL")]
        : legacy
          ? [LEGACY("LAWSUITS")]
          : [];
    case "PROACTIVE_ITEMS":
      return legacy ? [LEGACY("PROACTIVE_ITEMS")] : [];
    case "NORMATIVE_DOCS_IN_FORCE":
      return normativeCells(version, "IN_FORCE", null, withRegulations);
    case "NORMATIVE_DOCS_ISSUED":
      return normativeCells(version, "ISSUED", "NEW_MADE", withRegulations);
    case "NORMATIVE_DOCS_REPEALED":
      return normativeCells(version, "REPEALED", null, withRegulations);
    case "FEES_YUAN":
      // The 2021 ART20_8 amount is 行政事业性收费, not the fees for answering requests the narrative states.
      return legacy ? [LEGACY("FEES_CHARGED")] : [];
  }
}

/**
 * The most facts kept of one overview. A real overview states a dozen figures or so; an overview repeating one
 * sentence must not yield thousands of facts and T1 warnings. At this many, the facts' JSON stays well within the 64
 * KB a TEXT column holds on MySQL/MariaDB (report.narrative_facts), whatever the phrases.
 */
export const MAX_NARRATIVE_FACTS = 50;

/**
 * The facts the overview states, in text order, each with its cells in `version`: the first MAX_NARRATIVE_FACTS.
 * A concept stated twice keeps both facts. An amount too large to be exact in floating point (万元 of 12 digits)
 * is no fact. Nothing is read when there is no overview.
 */
export function readNarrative(source: SourceText, overview: Span | null | undefined, version: TemplateVersion): NarrativeFact[] {
  if (!overview) return [];
  const facts: NarrativeFact[] = [];
  for (const match of findPhrases(source, overview, NARRATIVE_PATTERNS)) {
    const value = match.key === "FEES_YUAN" ? yuanOf(match.numeral, match.unit) : Number(match.numeral);
    if (!(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) continue;
    facts.push({ concept: match.key, value, cells: narrativeCells(match.key, version, match.withRegulations), text: match.text, line: match.line });
    if (facts.length === MAX_NARRATIVE_FACTS) break;
  }
  return facts;
}

/** States in which a cell is what the table prints: read, printed empty (0), or derived from printed cells. */
const PRINTED_STATES: ReadonlySet<string> = new Set(["VALUE", "BLANK", "DERIVED"]);

/** A fact's value in its cells' unit: fees are stated in 元 and stored in 万元. */
function inCellUnit(fact: NarrativeFact): number {
  return fact.concept === "FEES_YUAN" ? fact.value / 10_000 : fact.value;
}

/**
 * Whether a cell is a LEGACY one. Those are read from the same prose as the facts, overview included (a figure
 * stated twice with different numbers is UNCERTAIN there, with PARSE_AMBIGUOUS), so T1 would compare a figure with
 * itself.
 */
const isLegacyCode = (code: string) => splitCellCode(code)?.table === "LEGACY";

/**
 * Rule T1 (docs/rules.md): each fact whose cells the national tables print, compared with their sum. A difference is
 * a warning (the text may count another scope: the organ's own requests beside the jurisdiction's table, 备案 cases
 * …) and never changes a value. A fact is not compared when one of its cells is missing or holds no certain number
 * (UNCERTAIN, ILLEGIBLE, NA_MARK, ABSENT): the difference would be the parser's doubt, not the report's. When the
 * overview gave MAX_NARRATIVE_FACTS facts, an info says that later ones were not read.
 */
export function checkNarrative(facts: readonly NarrativeFact[], cells: readonly ParsedCell[]): ParseIssue[] {
  const byCode = new Map<string, ParsedCell>(cells.map((cell) => [cellCode(cell), cell]));
  const issues: ParseIssue[] = [];
  if (facts.length >= MAX_NARRATIVE_FACTS) {
    issues.push({
      rule: NARRATIVE_RULE,
      severity: "info",
      message: `T1: the overview states ${MAX_NARRATIVE_FACTS} figures or more; only the first ${MAX_NARRATIVE_FACTS} (to line ${facts[facts.length - 1].line}) are kept and compared`,
      cells: [],
    });
  }
  for (const fact of facts) {
    const printed = fact.cells.map((code) => byCode.get(code));
    if (printed.length === 0 || fact.cells.some(isLegacyCode) || printed.some((cell) => !cell || !PRINTED_STATES.has(cell.state))) continue;
    const values = printed.map((cell) => cellNumber(cell!)!);
    const total = values.reduce((sum, value) => sum + value, 0);
    if (Math.abs(total - inCellUnit(fact)) < 1e-9) continue;
    const shown = fact.cells.length === 1 ? fact.cells[0] : fact.cells.map((code, index) => `${code} ${values[index]}`).join(" + ");
    issues.push({
      rule: NARRATIVE_RULE,
      severity: "warning",
      message: `T1 (${fact.concept}): the text says ${fact.value}${fact.concept === "FEES_YUAN" ? " 元" : ""} at line ${fact.line} ("${fact.text}"), the table prints ${total} (${shown}); the text may count another scope`,
      cells: [...fact.cells],
      line: fact.line,
    });
  }
  return issues;
}
