import type { TemplateVersion } from "../domain/codes";
import { squeeze } from "./source-text";

/** Labels that only one national template prints (docs/template.md, "Detecting the version"). */
const SIGNALS: Readonly<Record<"TPL_2019" | "TPL_2021", readonly string[]>> = {
  TPL_2021: ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "行政规范性文件", "逾期不补正", "缴纳费用"],
  TPL_2019: ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "政府集中采购", "第二十条第(九)项"],
};

/** The anchors of the 2019/2021 tables: a 第二十条 caption, section 三's header note or its 申请人情况 header. */
const TABLE_ANCHOR = /本列数据的勾稽关系|申请人情况|第二十条第\(?[一五六八九]\)?项/;

/** The parts of the outline the 2008 条例 (第三十二条) gave annual reports. */
export type LegacyPart = "OVERVIEW" | "PROACTIVE" | "ON_REQUEST" | "WITHHELD" | "FEES" | "REVIEW" | "PROBLEMS" | "OTHER";

/**
 * The headings of the 2008 outline, matched on the heading text without white space after its numeral, the whole
 * title where it has a usual end (so that a heading inside a line ends where its title does). Only ON_REQUEST,
 * WITHHELD and FEES are the old outline's own: the 2019 template kept the others (主动公开政府信息情况, 行政复议…,
 * 存在的主要问题…, 其他需要报告的事项) or uses words close to them.
 */
const OUTLINE: ReadonlyArray<readonly [LegacyPart, RegExp]> = [
  ["OVERVIEW", /^(?:概述|概况|总体情况|基本情况)/],
  ["PROACTIVE", /^主动公开(?:政府)?信息(?:的)?(?:工作)?情况/],
  ["ON_REQUEST", /^依申请公开(?:政府信息)?(?:(?:和|及)不予公开(?:政府信息)?)?(?:的)?(?:情况)?/],
  ["WITHHELD", /^不予公开(?:政府)?信息(?:的)?(?:情况)?/],
  ["FEES", /^(?:政府信息公开(?:的)?)?收费(?:及|和|与)?减免(?:的)?(?:情况)?/],
  ["REVIEW", /^(?:因)?(?:政府信息公开(?:工作|申请)?)?(?:被)?(?:申请|提起)?行政复议(?:[、和及]?(?:提起)?行政诉讼)?(?:[、和及]?申诉)?(?:的)?(?:情况)?/],
  ["PROBLEMS", /^(?:政府信息公开工作)?(?:存在的?(?:主要)?问题|主要问题)(?:(?:和|及|与)(?:改进|整改)(?:的)?(?:措施|情况|方向))?/],
  ["OTHER", /^其他(?:需要报告的)?事项/],
];

/** Parts only the 2008 outline has: at least one of them makes a numbered outline the old one. */
const OWN_PARTS: ReadonlySet<LegacyPart> = new Set(["ON_REQUEST", "WITHHELD", "FEES"]);

/** Headings of the old outline a legacy report prints at least, in order. */
const MIN_OUTLINE_HEADINGS = 3;

const NUMERALS = "一二三四五六七八九十";
/** A heading's numeral and its 、 or . — not one inside a word (统一、规范) or a number. */
const NUMBERED = /(?<![\p{Script=Han}\d])([一二三四五六七八九十]{1,3})\s*[、.]\s*(?:\*\*)?/gu;
/** What may stand before a heading at the start of its line: white space and Markdown marks. */
const LINE_START = /^[\s#*]*/;
/** How much of the text after a numeral its title is looked for in. */
const TITLE_WINDOW = 40;

/** One heading of the 2008 outline as the text prints it. */
export interface OutlineHeading {
  readonly part: LegacyPart;
  /** The heading's numeral as a number (三 → 3). */
  readonly number: number;
  /** Offset of the heading in the text: its line's start when it opens the line. */
  readonly start: number;
  /** Whether the heading opens its line (its body then starts on the next line). */
  readonly ownLine: boolean;
  /** Offset just after the heading's title, where its body starts when it shares its line. */
  readonly titleEnd: number;
  /** Offset of the next numbered heading (七、附表 too, which is no part), or null for the last. */
  readonly end: number | null;
}

/** 一 … 九十九 as a number; 0 for anything else. */
function numeralValue(numeral: string): number {
  const digit = (character: string) => NUMERALS.indexOf(character) + 1;
  if (numeral.length === 1) return digit(numeral);
  const tens = numeral.indexOf("十");
  if (tens < 0 || numeral.lastIndexOf("十") !== tens) return 0;
  const before = numeral.slice(0, tens);
  const after = numeral.slice(tens + 1);
  return (before === "" ? 1 : digit(before)) * 10 + (after === "" ? 0 : digit(after));
}

/** How many characters of `text` hold its first `count` characters that are not white space. */
function spanOfSqueezed(text: string, count: number): number {
  let seen = 0;
  let index = 0;
  while (index < text.length && seen < count) {
    if (!/\s/.test(text[index])) seen += 1;
    index += 1;
  }
  return index;
}

type Numbered = Omit<OutlineHeading, "part" | "end"> & { readonly part: LegacyPart | null };

/**
 * The numbered headings of one line: a part of the outline anywhere in it, or any numbered line opening. Where the
 * line's text starts is found once, so a line of many numerals stays linear.
 */
function numberedHeadings(line: string, lineStart: number): Numbered[] {
  const found: Numbered[] = [];
  const textStart = LINE_START.exec(line)![0].length;
  for (const match of line.matchAll(NUMBERED)) {
    const ownLine = match.index === textStart;
    const after = line.slice(match.index + match[0].length, match.index + match[0].length + TITLE_WINDOW);
    const title = squeeze(after).replace(/^\*\*/, "");
    const [part, matched] = OUTLINE.map(([name, pattern]) => [name, pattern.exec(title)] as const).find(([, hit]) => hit) ?? [null, null];
    if (!part && !ownLine) continue;
    const titleEnd = lineStart + match.index + match[0].length + spanOfSqueezed(after, matched?.[0].length ?? 0);
    found.push({ part, number: numeralValue(match[1]), start: ownLine ? lineStart : lineStart + match.index, ownLine, titleEnd });
  }
  return found;
}

/**
 * The headings of the 2008 outline the text prints, numbered in increasing order (a numbered item whose numeral does
 * not follow the one before is a list item, not the outline), each up to the next numbered heading. A heading opens
 * its line, or (in a page flattened to one line) follows a sentence. Empty unless at least MIN_OUTLINE_HEADINGS were
 * found and one of them is a part only the old outline has.
 */
export function legacyOutline(text: string): OutlineHeading[] {
  const candidates: Numbered[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    candidates.push(...numberedHeadings(line, offset));
    offset += line.length + 1;
  }
  // Headings on lines of their own first: a part list numbered inside a preamble sentence is no outline.
  const ownLines = outlineOf(candidates.filter((heading) => heading.ownLine));
  return ownLines.length > 0 ? ownLines : outlineOf(candidates);
}

/** The outline a sequence of numbered headings makes, in text order, or [] when it is not the old outline. */
function outlineOf(candidates: readonly Numbered[]): OutlineHeading[] {
  const numbered: Numbered[] = [];
  for (const heading of candidates) {
    if (heading.number <= (numbered[numbered.length - 1]?.number ?? 0)) continue;
    const repeated = heading.part !== null && numbered.some((found) => found.part === heading.part);
    numbered.push(repeated ? { ...heading, part: null } : heading);
  }
  const headings = numbered.flatMap((heading, index) => (heading.part ? [{ ...heading, part: heading.part, end: numbered[index + 1]?.start ?? null }] : []));
  const isOld = headings.length >= MIN_OUTLINE_HEADINGS && headings.some((heading) => OWN_PARTS.has(heading.part));
  return isOld ? headings : [];
}

/** How strongly the text points at each version, and the old outline's headings when it is a legacy report. */
export interface TemplateEvidence {
  readonly version: TemplateVersion;
  /** Signal labels found per national template, and headings of the 2008 outline found. */
  readonly scores: Readonly<Record<"TPL_2019" | "TPL_2021" | "LEGACY_PRE2019", number>>;
  readonly outline: readonly OutlineHeading[];
}

/**
 * Detects the template version from what the text prints, never from the year (docs/template.md). A text with an
 * anchor of the 2019/2021 tables is read in the version with more of its own labels (a tie is TPL_2021). A text
 * without one that is laid out in the 2008 outline (legacyOutline) is LEGACY_PRE2019, whatever 2019 words its prose
 * uses; a text with neither is read by the labels alone, and UNKNOWN when none occurs.
 */
export function detectTemplate(text: string): TemplateEvidence {
  const flat = squeeze(text);
  const count = (labels: readonly string[]) => labels.filter((label) => flat.includes(label)).length;
  const hasTables = TABLE_ANCHOR.test(flat);
  const outline = hasTables ? [] : legacyOutline(text);
  const scores = { TPL_2019: count(SIGNALS.TPL_2019), TPL_2021: count(SIGNALS.TPL_2021), LEGACY_PRE2019: outline.length };
  let version: TemplateVersion = "UNKNOWN";
  if (outline.length > 0) version = "LEGACY_PRE2019";
  else if (scores.TPL_2021 > 0 || scores.TPL_2019 > 0) version = scores.TPL_2021 >= scores.TPL_2019 ? "TPL_2021" : "TPL_2019";
  return { version, scores, outline };
}
