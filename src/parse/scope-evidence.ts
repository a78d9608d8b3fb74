import type { AgencyKind, ReportScope, ScopeEvidenceKind, ScopeSource } from "../domain/codes";
import { isRegionName } from "../domain/region-lookup";
import { lastIndexAtOrBelow } from "../sorted-search";

/** One piece of evidence for a report's scope: what was found, where, and how much it weighs. */
export interface ScopeEvidence {
  readonly kind: ScopeEvidenceKind;
  /** The phrase as printed (white space removed), or the agency name for AGENCY_KIND and REGION_NAME. */
  readonly phrase: string;
  /** 1-based line of the normalised text where the phrase starts; null for evidence from the name. */
  readonly line: number | null;
  /** Positive for GOVERNMENT_AGGREGATE, negative for AGENCY. */
  readonly weight: number;
}

/** The parser's reading of a report's scope, with the evidence it rests on. */
export interface ScopeReading {
  readonly scope: ReportScope;
  readonly source: Exclude<ScopeSource, "MAINTAINER">;
  readonly evidence: readonly ScopeEvidence[];
}

/** The kind of organ, from its name's ending (docs/metadata.md): the agency's stored kind and a piece of scope evidence. */
export function agencyKindOf(name: string): AgencyKind {
  const folded = name.replace(/\s+/g, "");
  if (/(乡|镇|街道)(人民政府|办事处)$/.test(folded)) return "TOWNSHIP";
  if (/政府办公[厅室]$/.test(folded)) return "GENERAL_OFFICE";
  if (/人民政府$/.test(folded) || isRegionName(folded)) return "GOVERNMENT";
  if (/(局|委员会|委|办公室|办|厅|署|中心|院|处|所|站|队|馆)$/.test(folded)) return "DEPARTMENT";
  return "OTHER";
}

/** The score at which the evidence makes a report a whole-jurisdiction aggregate. */
export const AGGREGATE_THRESHOLD = 3;
/** The weight of a DEPARTMENT or TOWNSHIP kind: more than any text evidence can outweigh. */
export const KIND_VETO = -10;

/** A sum word: the figure adds up more than one organ's. */
const SUM_WORD = /共计|合计|累计|总计|共/;
const JURISDICTION = "全(?:省|市|区|县|州|盟|旗)";
/** 全市共受理政府信息公开申请3119件 / 全区受理政府信息公开申请21件: a figure for the whole jurisdiction. */
const JURISDICTION_FIGURE = new RegExp(`${JURISDICTION}[^。；，,]{0,16}?(?:受理|收到|接收|办理)[^。；]{0,24}?\\d+件`, "gu");
/** Figures of subordinate units summed, or the report compiled from their reports. */
const UNITS_SUMMARY = new RegExp(
  [
    "(?:本|全)(?:省|市|区|县)各级(?:行政机关|政府)",
    "(?:政府信息公开单位|各级行政机关|各(?:部门|单位|县区|乡镇|街道))(?:共计|合计|累计|总计|共)(?:受理|收到|接收|公布|公开|发布|办理)",
    "本报告[^。；]{0,40}?汇总",
    "汇总[^。；]{0,30}?各(?:部门|单位|县|区|乡镇|街道)",
    "各(?:部门|单位|县|区|乡镇|街道)[^。；]{0,30}?汇总(?:编制|形成|而成)",
  ].join("|"),
  "gu",
);
/** The figures are the organ's own: 区政府办代表区政府受理…, 本机关共受理…, 市政府本级受理…. */
const OWN_ORGAN =
  /代表(?:省|市|区|县)?(?:人民)?政府(?:受理|收到|接收)|本机关(?:共计|共|全年)?(?:受理|收到|接收)|(?:省|市|区|县)(?:人民)?政府本级(?:共)?(?:受理|收到|接收)/gu;
/** A breakdown inside an aggregate's sentence (全市共受理3119件，其中市政府本级受理50件) says nothing against it. */
const BREAKDOWN = /其中[^。；]{0,6}$/u;

const WEIGHTS: Record<ScopeEvidenceKind, number> = {
  JURISDICTION_TOTAL: 2,
  JURISDICTION_STATEMENT: 1,
  UNITS_SUMMARY: 2,
  OWN_ORGAN: -2,
  AGENCY_KIND: 1,
  REGION_NAME: 2,
};

/**
 * The text without white space, and the line (1-based) of any of its positions. Kept per run of non-space
 * characters, not per character, so that a document at the size limit costs memory in proportion to its words.
 */
function flatten(text: string): { flat: string; lineAt: (index: number) => number } {
  const starts: number[] = [];
  const lines: number[] = [];
  const parts: string[] = [];
  let line = 1;
  let last = 0;
  let length = 0;
  for (const run of text.matchAll(/\S+/gu)) {
    // Only the white space between two runs is read: searching for the next line break could run to the end of
    // a long line for every word on it.
    for (let at = last; at < run.index; at += 1) if (text.charCodeAt(at) === 10) line += 1;
    last = run.index + run[0].length;
    starts.push(length);
    lines.push(line);
    parts.push(run[0]);
    length += run[0].length;
  }
  const lineAt = (index: number) => lines[lastIndexAtOrBelow(starts, index)] ?? 1;
  return { flat: parts.join(""), lineAt };
}

/**
 * How many phrases of one kind are kept as evidence. A kind counts once in the score whatever its count, so the rest
 * add nothing to the decision; without a bound a text repeating one statement would store thousands of them.
 */
export const MAX_EVIDENCE_PER_KIND = 5;

/** Keeps the first MAX_EVIDENCE_PER_KIND phrases of each kind, in line order. */
function firstOfEachKind(evidence: readonly ScopeEvidence[]): ScopeEvidence[] {
  const kept = new Map<ScopeEvidenceKind, number>();
  return evidence.filter((item) => {
    const count = kept.get(item.kind) ?? 0;
    kept.set(item.kind, count + 1);
    return count < MAX_EVIDENCE_PER_KIND;
  });
}

/** The phrases of the text that are evidence, the first few of each kind. */
function phrases(text: string): ScopeEvidence[] {
  const { flat, lineAt } = flatten(text);
  const found: ScopeEvidence[] = [];
  const add = (kind: ScopeEvidenceKind, match: RegExpExecArray) => found.push({ kind, phrase: match[0], line: lineAt(match.index), weight: WEIGHTS[kind] });
  for (const match of flat.matchAll(JURISDICTION_FIGURE)) add(SUM_WORD.test(match[0]) ? "JURISDICTION_TOTAL" : "JURISDICTION_STATEMENT", match);
  for (const match of flat.matchAll(UNITS_SUMMARY)) add("UNITS_SUMMARY", match);
  for (const match of flat.matchAll(OWN_ORGAN)) if (!BREAKDOWN.test(flat.slice(Math.max(0, match.index - 12), match.index))) add("OWN_ORGAN", match);
  return firstOfEachKind(found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
}

/** The score: each kind counts once, at its heaviest, so that one statement repeated does not outweigh two kinds. */
function score(evidence: readonly ScopeEvidence[]): number {
  const heaviest = new Map<ScopeEvidenceKind, number>();
  for (const item of evidence) if (Math.abs(item.weight) > Math.abs(heaviest.get(item.kind) ?? 0)) heaviest.set(item.kind, item.weight);
  return [...heaviest.values()].reduce((sum, weight) => sum + weight, 0);
}

/**
 * Decides whether a report covers one agency or a government's whole jurisdiction from its own text (docs/metadata.md):
 * whole-jurisdiction totals and statements, summaries of subordinate units, statements that the figures are the
 * organ's own, the agency kind (a DEPARTMENT or TOWNSHIP report is never an aggregate) and a title naming a region
 * instead of an organ. Each kind of evidence counts once, at its heaviest; a score of AGGREGATE_THRESHOLD or more is
 * GOVERNMENT_AGGREGATE. Every piece of evidence found is returned with its line, whichever way it points. The source
 * is PARSED_TEXT when a phrase of the text was evidence, NAME when only the name and kind were (or the kind vetoed
 * the text). Pure.
 */
export function readScope(text: string, agencyName: string | null): ScopeReading {
  const found = phrases(text);
  const name = agencyName?.replace(/\s+/g, "") ?? null;
  const kind = name ? agencyKindOf(name) : null;
  const fromName: ScopeEvidence[] = [];
  if (name && isRegionName(name)) fromName.push({ kind: "REGION_NAME", phrase: name, line: null, weight: WEIGHTS.REGION_NAME });
  if (name && (kind === "GOVERNMENT" || kind === "GENERAL_OFFICE"))
    fromName.push({ kind: "AGENCY_KIND", phrase: `${name} (${kind})`, line: null, weight: WEIGHTS.AGENCY_KIND });
  // A department or a township has no subordinate organs whose figures it could sum.
  if (kind === "DEPARTMENT" || kind === "TOWNSHIP") {
    fromName.push({ kind: "AGENCY_KIND", phrase: `${name} (${kind})`, line: null, weight: KIND_VETO });
  }
  const evidence = [...fromName, ...found];
  const scope: ReportScope = score(evidence) >= AGGREGATE_THRESHOLD ? "GOVERNMENT_AGGREGATE" : "AGENCY";
  const vetoed = kind === "DEPARTMENT" || kind === "TOWNSHIP";
  return { scope, source: found.length > 0 && !vetoed ? "PARSED_TEXT" : "NAME", evidence };
}
