import type { SectionCode } from "../domain/codes";
import { APPLICATION_ROWS } from "../domain/template-catalog";
import type { ParseIssue } from "./parsed-report";
import { squeeze, type SourceText } from "./source-text";
import { lastIndexAtOrBelow } from "../sorted-search";

/** A span of the normalised text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** How a section was found when its heading is not printed as the template prints it (docs/real-text.md M18). */
export interface HeadingEvidence {
  /** CLOSE_HEADING: a heading-like line close to the template's; CONTENT: the section's own table. */
  readonly kind: "CLOSE_HEADING" | "CONTENT";
  /** The 1-based line the evidence is on. */
  readonly line: number;
  /** What that line prints (the damaged heading), trimmed. */
  readonly printed: string;
  /** What the evidence is, in words. */
  readonly detail: string;
}

/** A section's span, with the end of its heading and the evidence it was found by when the heading is damaged. */
export interface SectionSpan extends Span {
  /** Where the heading ends when it was found by closeness (a heading split over two lines ends on the second). */
  readonly headingEnd?: number;
  /** Where the heading's words end when it was found by them: on a page flattened to one line the text goes on there. */
  readonly titleEnd?: number;
  readonly evidence?: HeadingEvidence;
}

export type SectionSpans = Partial<Record<SectionCode, SectionSpan>>;

/** One section heading of the template (docs/template.md): its numeral, its printed title, and the titles it varies to. */
interface HeadingDefinition {
  readonly code: SectionCode;
  readonly numeral: string;
  readonly title: string;
  /**
   * Matched on keywords so that the variants real reports print are found. A row label such as
   * "四、结转下年度继续办理" or "三、本年度办理结果" never matches.
   */
  readonly pattern: RegExp;
  /** The titles a damaged heading is compared with, without numeral, white space or punctuation. */
  readonly variants: readonly string[];
}

const HEADINGS: readonly HeadingDefinition[] = [
  { code: "S1_OVERVIEW", numeral: "一", title: "总体情况", pattern: /一\s*[、.]\s*总体情况/g, variants: ["总体情况"] },
  {
    code: "S2_PROACTIVE",
    numeral: "二",
    title: "主动公开政府信息情况",
    pattern: /二\s*[、.]\s*主动公开政府信息(?:的)?情况/g,
    variants: ["主动公开政府信息情况"],
  },
  {
    code: "S3_APPLICATIONS",
    numeral: "三",
    title: "收到和处理政府信息公开申请情况",
    pattern: /三\s*[、.]\s*收到和处理政府信息公开申请(?:的)?情况/g,
    variants: ["收到和处理政府信息公开申请情况"],
  },
  {
    code: "S4_REVIEW_LITIGATION",
    numeral: "四",
    title: "政府信息公开行政复议、行政诉讼情况",
    pattern: /四\s*[、.]\s*(?:因)?政府信息公开(?:工作|申请)?(?:被申请)?行政复议/g,
    variants: ["政府信息公开行政复议行政诉讼情况", "因政府信息公开工作被申请行政复议提起行政诉讼情况"],
  },
  {
    code: "S5_PROBLEMS",
    numeral: "五",
    title: "存在的主要问题及改进情况",
    pattern: /五\s*[、.]\s*(?:政府信息公开工作)?存在(?:的)?(?:主要)?问题/g,
    variants: ["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"],
  },
  {
    code: "S6_OTHER",
    numeral: "六",
    title: "其他需要报告的事项",
    pattern: /六\s*[、.]\s*其他(?:需要报告的)?事项/g,
    variants: ["其他需要报告的事项", "其他事项"],
  },
];

/** Page chrome after the report on a portal page: copyright, site registration, print and share links. */
const PAGE_CHROME = /版权所有|ICP备|公网安备|主办单位|承办单位|网站标识码|网站地图|打印本页|关闭窗口|【打印】|扫一扫|分享到/g;

/** The first match of `pattern` at or after `from`. */
function findFrom(text: string, pattern: RegExp, from: number): number | null {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? match.index : null;
}

/** The text's lines with their offsets, for the searches that look at whole lines. */
interface Lines {
  readonly text: string;
  readonly starts: readonly number[];
}

function linesOf(text: string): Lines {
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return { text, starts };
}

/** The 0-based index of the line holding `offset`. */
function lineIndexAt(lines: Lines, offset: number): number {
  return lastIndexAtOrBelow(lines.starts, offset);
}

function lineText(lines: Lines, index: number): string {
  const end = index + 1 < lines.starts.length ? lines.starts[index + 1] - 1 : lines.text.length;
  return lines.text.slice(lines.starts[index], end);
}

function lineEnd(lines: Lines, index: number): number {
  return lines.starts[index] + lineText(lines, index).length;
}

// ---- closeness: a damaged heading line --------------------------------------------------------------------------

/** A line longer than this is prose or a table row, not a heading. */
const MAX_HEADING_LINE = 60;
/** At most this share of a title's characters may differ (edited, missing or extra) for a line to be that heading. */
const MAX_DIFFERING_SHARE = 0.3;

/** A line's letters only: white space, punctuation and Markdown decoration (## **) removed. */
function lettersOf(line: string): string {
  return line.replace(/[^\p{L}\p{N}]/gu, "");
}

/** A section 三 row label printed like a heading (四、结转下年度继续办理, 三、本年度办理结果) is never one. */
const ROW_LABELS: readonly RegExp[] = [...APPLICATION_ROWS.flatMap((row) => (row.keyword ? [row.keyword] : [])), /本年度办理结果/];

/** Whether a line can be a heading at all: short, no sentence, no table row, no number past its numeral. */
function headingLike(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < 2 || trimmed.length > MAX_HEADING_LINE || /[|。；;]/.test(trimmed)) return false;
  return !/\d/.test(lettersOf(trimmed).slice(1));
}

/** Levenshtein distance of two short strings, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** How far a heading-like text is from a section's titles: the fewest differing characters, and the numeral printed. */
interface Closeness {
  readonly distance: number;
  readonly numeral: string | null;
}

/** Each title's characters, for `sharedCharacters`. */
const TITLE_CHARACTERS = new Map(
  HEADINGS.flatMap((heading) => heading.variants).map((variant) => [variant, new Set(Array.from(variant, (character) => character.charCodeAt(0)))]),
);

/**
 * How many of a text's characters occur in a title: a bound on how many the two can have in common, so that a text
 * too far from the title is passed over before the edit distance is computed.
 */
function sharedCharacters(text: string, title: string): number {
  const characters = TITLE_CHARACTERS.get(title)!;
  let shared = 0;
  for (let index = 0; index < text.length; index += 1) if (characters.has(text.charCodeAt(index))) shared += 1;
  return shared;
}

/** The text against each title, read with its first character as the numeral and without one (a numeral lost). */
function closeness(letters: string, heading: HeadingDefinition): Closeness | null {
  let best: Closeness | null = null;
  for (const variant of heading.variants) {
    const limit = Math.floor(variant.length * MAX_DIFFERING_SHARE);
    if (sharedCharacters(letters, variant) < variant.length - limit) continue;
    for (const [title, numeral] of [
      [letters.slice(1), letters[0]],
      [letters, null],
    ] as const) {
      const distance = editDistance(title, variant, limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { distance, numeral };
    }
  }
  return best;
}

/** A heading found by closeness: where it starts and ends, what it prints, how far it is from the template's. */
interface CloseHeading extends Closeness {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** 1, or 2 for a heading split over two lines (printed with " / " between them). */
  readonly lines: number;
  readonly printed: string;
}

/** Whether a line is a section 三 row label. */
function isRowLabel(line: string): boolean {
  const flat = squeeze(line);
  return ROW_LABELS.some((label) => label.test(flat));
}

/** Each line's letters when it can be a heading, else null: worked out once for all the sections searched. */
function headingLetters(lines: Lines): ReadonlyArray<string | null> {
  return lines.starts.map((_, index) => {
    const line = lineText(lines, index);
    return headingLike(line) ? lettersOf(line) : null;
  });
}

/** The line at `index` (and, for a heading split in two, the line after it) read as `heading`, if close enough. */
function closeHeadingAt(lines: Lines, letters: ReadonlyArray<string | null>, index: number, limitEnd: number, heading: HeadingDefinition): CloseHeading | null {
  const first = letters[index];
  if (first === null) return null;
  const readings: Array<readonly [string, number]> = [[first, index]];
  const next = index + 1 < lines.starts.length && lines.starts[index + 1] < limitEnd ? letters[index + 1] : null;
  if (next !== null) readings.push([first + next, index + 1]);
  let best: CloseHeading | null = null;
  for (const [reading, last] of readings) {
    const found = closeness(reading, heading);
    if (!found || (best && found.distance >= best.distance)) continue;
    const printed = Array.from({ length: last - index + 1 }, (_, offset) => lineText(lines, index + offset).trim()).join(" / ");
    if (isRowLabel(printed)) continue;
    const line = lineText(lines, index);
    const start = lines.starts[index] + (line.length - line.trimStart().length);
    best = { ...found, start, end: lineEnd(lines, last), line: index + 1, lines: last - index + 1, printed };
  }
  return best;
}

/** The line in [from, to) closest to `heading`, the first of equally close ones. */
function findCloseHeading(lines: Lines, letters: ReadonlyArray<string | null>, from: number, to: number, heading: HeadingDefinition): CloseHeading | null {
  let best: CloseHeading | null = null;
  for (let index = lineIndexAt(lines, from); index < lines.starts.length && lines.starts[index] < to; index += 1) {
    if (lines.starts[index] < from) continue;
    const found = closeHeadingAt(lines, letters, index, to, heading);
    if (found && (!best || found.distance < best.distance)) best = found;
  }
  return best;
}

// ---- content: a section's own table -----------------------------------------------------------------------------

/** The first 第二十条 caption (section 二's sub-tables). */
const ARTICLE_CAPTION = /第\s*二\s*十\s*条\s*第?\s*\(\s*[一五六八九]\s*\)\s*项/g;
/** The header of section 三's table: its rule note or its applicant header. */
const APPLICATIONS_HEADER = /\(?本列数据的勾稽关系|申请人情况/g;
/** Words only section 四's table header prints. */
const REVIEW_HEADER = /维持|纠正|审结/g;
/** Section 四's header opens with 行政复议 this close before its outcome words, when it prints it. */
const REVIEW_HEADER_REACH = 200;
const REVIEW_CELL_COUNT = 15;

/** What a section's content says about it once its heading is found: whether the text there is that section. */
const CONFIRMING_CONTENT: Partial<Record<SectionCode, (text: string, from: number, to: number) => boolean>> = {
  S2_PROACTIVE: (text, from, to) => (findFrom(text, ARTICLE_CAPTION, from) ?? to) < to,
  S3_APPLICATIONS: (text, from, to) => /本列数据|申请人情况|新收/.test(text.slice(from, to)),
  S4_REVIEW_LITIGATION: (text, from, to) => (findFrom(text, REVIEW_HEADER, from) ?? to) < to || countDigits(text, from, to) >= REVIEW_CELL_COUNT,
};

/**
 * How many digits [from, to) prints, counting no further than the review table's 15: enough digits for its 15
 * values, printed apart or glued into one run (docs/real-text.md M6).
 */
function countDigits(text: string, from: number, to: number): number {
  const digits = /\d+/g;
  digits.lastIndex = from;
  let count = 0;
  for (let match = digits.exec(text); match && match.index < to && count < REVIEW_CELL_COUNT; match = digits.exec(text)) count += match[0].length;
  return count;
}

/** Where a section found by its content starts, and the words saying what located it. */
interface ContentAnchor {
  readonly at: number;
  readonly detail: string;
}

function reviewTableAnchor(text: string, from: number, to: number): ContentAnchor | null {
  const words = findFrom(text, REVIEW_HEADER, from);
  if (words === null || words >= to || countDigits(text, words, to) < REVIEW_CELL_COUNT) return null;
  const opening = text.lastIndexOf("行政复议", words);
  const at = opening >= from && words - opening <= REVIEW_HEADER_REACH ? opening : words;
  return { at, detail: `its table: ${REVIEW_CELL_COUNT} values under the header words 结果维持/结果纠正/尚未审结` };
}

/** Finds a section by its content in [from, to): sections 二, 三 and 四 by their tables. */
const CONTENT_ANCHORS: Partial<Record<SectionCode, (text: string, from: number, to: number) => ContentAnchor | null>> = {
  S2_PROACTIVE: (text, from, to) => {
    const at = findFrom(text, ARTICLE_CAPTION, from);
    return at !== null && at < to ? { at, detail: "its first 第二十条 caption" } : null;
  },
  S3_APPLICATIONS: (text, from, to) => {
    const at = findFrom(text, APPLICATIONS_HEADER, from);
    return at !== null && at < to ? { at, detail: "its table header (本列数据的勾稽关系 / 申请人情况)" } : null;
  },
  S4_REVIEW_LITIGATION: reviewTableAnchor,
};

/**
 * A section found by content starts at its anchor, or at the start of the anchor's line when nothing but white
 * space is before it there, or at the heading-like line just before that (its damaged heading, quoted as printed).
 */
function contentSpan(lines: Lines, anchor: ContentAnchor, from: number): { start: number; evidence: HeadingEvidence } {
  const index = lineIndexAt(lines, anchor.at);
  const atLineStart = lines.text.slice(lines.starts[index], anchor.at).trim() === "";
  const line = lineText(lines, index);
  const evidence = (at: number, printed: string, note = ""): HeadingEvidence => ({
    kind: "CONTENT",
    line: at + 1,
    printed: printed.trim().slice(0, MAX_HEADING_LINE),
    detail: `${anchor.detail}${note}`,
  });
  if (!atLineStart) return { start: anchor.at, evidence: evidence(index, lines.text.slice(anchor.at, lineEnd(lines, index))) };
  let before = index - 1;
  while (before >= 0 && lines.starts[before] >= from && lineText(lines, before).trim() === "" && index - before <= 2) before -= 1;
  const previous = before >= 0 && lines.starts[before] >= from ? lineText(lines, before) : null;
  if (previous !== null && headingLike(previous) && !isRowLabel(previous)) {
    return { start: lines.starts[before], evidence: evidence(before, previous, `, below the line taken as its heading`) };
  }
  return { start: lines.starts[index], evidence: evidence(index, line) };
}

// ---- locating -----------------------------------------------------------------------------------------------------

interface Found {
  readonly start: number;
  readonly headingEnd?: number;
  readonly titleEnd?: number;
  readonly evidence?: HeadingEvidence;
}

/** The window a missing section can be in: after the section found before it, before the one found after it. */
function windowOf(found: ReadonlyMap<SectionCode, Found>, index: number, textLength: number): { from: number; to: number } {
  const before = HEADINGS.slice(0, index)
    .map((heading) => found.get(heading.code)?.start)
    .filter((start): start is number => start !== undefined);
  const after = HEADINGS.slice(index + 1)
    .map((heading) => found.get(heading.code)?.start)
    .filter((start): start is number => start !== undefined);
  return { from: before.length > 0 ? Math.max(...before) + 1 : 0, to: after.length > 0 ? Math.min(...after) : textLength };
}

function closeEvidence(heading: HeadingDefinition, close: CloseHeading): HeadingEvidence {
  const numeral = close.numeral === null ? "no numeral" : close.numeral === heading.numeral ? null : `the numeral ${close.numeral}`;
  const parts = [
    close.distance > 0 ? `${close.distance} of the title's characters ${close.distance === 1 ? "differs" : "differ"}` : null,
    numeral,
    close.lines > 1 ? "split over two lines" : null,
  ].filter(Boolean);
  return {
    kind: "CLOSE_HEADING",
    line: close.line,
    printed: close.printed,
    detail: `read as ${heading.numeral}、${heading.title}${parts.length > 0 ? ` (${parts.join(", ")})` : " (its numbering or decoration differs)"}`,
  };
}

/**
 * Finds each section in order (each after the one before it, so a duplicated heading or a part list in the
 * preamble does not reorder them) and returns the span from each to the next one found. A section is found by, in
 * order: its heading as the template words it (keyword patterns); a heading-like line close to it (M18: a stray or
 * misread character, a lost 、, a wrong numeral, decoration, a heading split over two lines or truncated), which for
 * sections 二–四 must be followed by that section's table; its table alone (二: a 第二十条 caption; 三: its header;
 * 四: 15 values under its outcome words, after section 三).
 */
export function locateSections(text: string): SectionSpans {
  const found = new Map<SectionCode, Found>();
  let from = 0;
  for (const heading of HEADINGS) {
    heading.pattern.lastIndex = from;
    const match = heading.pattern.exec(text);
    if (!match) continue;
    found.set(heading.code, { start: match.index, titleEnd: match.index + match[0].length });
    from = match.index + 1;
  }
  const lines = linesOf(text);
  const letters = found.size < HEADINGS.length ? headingLetters(lines) : [];
  HEADINGS.forEach((heading, index) => {
    if (found.has(heading.code)) return;
    const window = windowOf(found, index, text.length);
    const close = findCloseHeading(lines, letters, window.from, window.to, heading);
    const confirm = CONFIRMING_CONTENT[heading.code];
    if (!close || (confirm && !confirm(text, close.end, window.to))) return;
    found.set(heading.code, { start: close.start, headingEnd: close.end, evidence: closeEvidence(heading, close) });
  });
  HEADINGS.forEach((heading, index) => {
    const anchorOf = CONTENT_ANCHORS[heading.code];
    if (found.has(heading.code) || !anchorOf) return;
    if (heading.code === "S4_REVIEW_LITIGATION" && !found.has("S3_APPLICATIONS")) return;
    const window = windowOf(found, index, text.length);
    const anchor = anchorOf(text, window.from, window.to);
    if (anchor) found.set(heading.code, contentSpan(lines, anchor, window.from));
  });
  const ordered = [...found].sort(([, a], [, b]) => a.start - b.start);
  const last = ordered[ordered.length - 1];
  const end = last ? (findFrom(text, PAGE_CHROME, last[1].start) ?? text.length) : text.length;
  const spans: SectionSpans = {};
  ordered.forEach(([code, section], index) => {
    spans[code] = { ...section, end: index + 1 < ordered.length ? ordered[index + 1][1].start : end };
  });
  return spans;
}

/**
 * An info issue for each section whose heading is damaged (docs/real-text.md M18): the line, what it prints, and
 * whether the section was found by the heading's closeness or by its table.
 */
export function headingIssues(sections: SectionSpans): ParseIssue[] {
  return HEADINGS.flatMap(({ code, numeral }) => {
    const evidence = sections[code]?.evidence;
    if (!evidence) return [];
    const how =
      evidence.kind === "CLOSE_HEADING"
        ? `section ${numeral}'s heading is damaged: line ${evidence.line} prints "${evidence.printed}", ${evidence.detail}`
        : `section ${numeral}'s heading was not found; the section is located by ${evidence.detail}, at line ${evidence.line} ("${evidence.printed}")`;
    return [{ rule: "PARSE_HEADING_DAMAGED", severity: "info" as const, message: how, cells: [], line: evidence.line }];
  });
}

/**
 * The text of a section as printed, without its heading line (both lines of a heading split in two), trimmed; null
 * when the section was not found.
 */
export function sectionBody(source: SourceText, span: SectionSpan | undefined): string | null {
  if (!span) return null;
  const body = source.originalSlice(span.start, span.end);
  const headingLength = span.headingEnd === undefined ? body.indexOf("\n") : span.headingEnd - span.start;
  if (headingLength < 0) return (span.titleEnd === undefined ? body.replace(/^\S+\s*/, "") : body.slice(span.titleEnd - span.start)).trim();
  const heading = squeeze(body.slice(0, headingLength));
  const lines = body.slice(headingLength + 1).split("\n");
  // A heading printed twice (docs/real-text.md M10) is dropped with the first.
  while (lines.length > 0 && (lines[0].trim() === "" || squeeze(lines[0].replace(/^#+/, "")) === heading)) lines.shift();
  return lines
    .join("\n")
    .replace(/^#+\s*/gm, "")
    .trim();
}
