import type { ReportScope, ScopeSource } from "../domain/codes";
import { resolveRegion } from "../domain/region-lookup";
import type { ParseIssue, ParsedRegion } from "./parsed-report";
import { readScope, type ScopeEvidence } from "./scope-evidence";

/**
 * Report metadata (docs/metadata.md): title, agency, year, scope and region. The title is
 *   [AGENCY] YEAR 年(度) [AGENCY] 政府信息公开工作(YEAR年度)(年度)报告
 * possibly over two lines (agency, then the year line), or given by a crawler header "标题: …". Without a title the
 * agency and year come from the first sentence of the body ("2020年,川汇区政务服务和大数据管理局认真贯彻…").
 */
export interface ReportMetadata {
  readonly title: string | null;
  readonly agencyName: string | null;
  readonly year: number | null;
  readonly scope: ReportScope;
  /** How the scope was decided: from the text's statements, or from the name and kind alone. */
  readonly scopeSource: Exclude<ScopeSource, "MAINTAINER">;
  /** Every piece of evidence for the scope found, with its line (src/parse/scope-evidence.ts). */
  readonly scopeEvidence: readonly ScopeEvidence[];
  readonly region: ParsedRegion | null;
  readonly issues: ParseIssue[];
}

const TITLE = /^([^，,。；;《》]{0,40}?)(\d{4})\s*年度?([^，,。；;《》]{0,40}?)政府信息公开(?:工作)?(?:\s*\d{4}\s*年度?)?(?:年度)?报告/;
const TITLE_SEARCH_LINES = 15;
const AGENCY_SUFFIX = "(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理局|局|委|办|厅|署|中心|院|所|站|队|馆|会|社)";
const BODY_AGENCY = new RegExp(`(\\d{4})\\s*年(?:度)?\\s*[,，、]?\\s*([\\p{Script=Han}()]{2,40}?${AGENCY_SUFFIX})`, "u");

interface Title {
  readonly title: string;
  readonly agency: string | null;
  readonly year: number;
}

function readTitle(line: string, previous: string | null): Title | null {
  const match = TITLE.exec(line.replace(/\s+/g, ""));
  if (!match) return null;
  const before = match[1].replace(/^标题[:：]/, "").replace(/^#+/, "");
  const agency = before || match[3] || (previous && !/\d/.test(previous) && previous.length <= 40 ? previous : null);
  const title = before || match[3] || !previous ? match[0].replace(/^标题[:：]/, "") : `${previous}${match[0]}`;
  return { title, agency: agency || null, year: Number(match[2]) };
}

/** The title among the first lines of the text. */
function findTitle(lines: readonly string[]): Title | null {
  let previous: string | null = null;
  for (const raw of lines.slice(0, TITLE_SEARCH_LINES)) {
    const line = raw.replace(/\s+/g, "");
    if (line === "") continue;
    const title = readTitle(line, previous);
    if (title) return title;
    previous = line.replace(/^#+/, "");
  }
  return null;
}

function regionOf(agencyName: string, text: string, issues: ParseIssue[]): ParsedRegion | null {
  const resolution = resolveRegion(agencyName, text);
  if (resolution.kind === "found") return resolution.region;
  if (resolution.kind === "ambiguous") {
    issues.push({
      rule: "META_REGION_AMBIGUOUS",
      severity: "info",
      message: `the region of ${agencyName} is ambiguous: ${resolution.candidates.map((region) => `${region.code} ${[region.province, region.city, region.county].filter(Boolean).join("")}`).join(", ")}`,
      cells: [],
    });
  }
  return null;
}

/** Reads the metadata of a report from its normalised text. */
export function readMetadata(text: string, overview: string | null): ReportMetadata {
  const issues: ParseIssue[] = [];
  const title = findTitle(text.split("\n"));
  let agencyName = title?.agency ?? null;
  let year = title?.year ?? null;
  if (!agencyName || !year) {
    const body = BODY_AGENCY.exec((overview ?? text).slice(0, 2000).replace(/\s+/g, ""));
    if (body) {
      agencyName ??= body[2];
      year ??= Number(body[1]);
    }
  }
  if (!agencyName)
    issues.push({
      rule: "META_AGENCY_MISSING",
      severity: "warning",
      message: "the issuing agency could not be read from a title or the first sentence",
      cells: [],
    });
  if (!year) issues.push({ rule: "META_YEAR_MISSING", severity: "warning", message: "the report year could not be read", cells: [] });
  const region = agencyName ? regionOf(agencyName, text, issues) : null;
  const scope = readScope(text, agencyName);
  return { title: title?.title ?? null, agencyName, year, scope: scope.scope, scopeSource: scope.source, scopeEvidence: scope.evidence, region, issues };
}
