import { cellCode } from "../domain/cell";
import type { SectionCode, TabularVersion } from "../domain/codes";
import { INDICATORS } from "../domain/indicator-catalog";
import { htmlToText, looksLikeHtml } from "./html-text";
import { applicationsCells, readApplicationsTable } from "./applications-table";
import { deriveApplicationCells } from "./derive-cells";
import type { ParseIssue, ParseResult, ParsedCell, ParsedReport } from "./parsed-report";
import { parseProactiveTables } from "./proactive-tables";
import { readMetadata } from "./report-metadata";
import { parseReviewLitigationTable } from "./review-litigation-table";
import { headingIssues, locateSections, sectionBody, type SectionSpans, type Span } from "./sections";
import { createSourceText, type SourceText } from "./source-text";
import { otherDocumentReason, readLegacyReport } from "./legacy-report";
import { checkNarrative, readNarrative } from "./narrative";
import { detectTemplate, type TemplateEvidence } from "./template-detection";
import { validateCells } from "./validate-report";

/** The version of the parser, stored with every report so that a parser upgrade can re-parse what it changed. */
export const PARSER_VERSION = "1.2.0";

/** Larger than any real report's text by two orders of magnitude. */
export const MAX_INPUT_CHARACTERS = 4_000_000;

const TEMPLATE_ORDER = new Map(INDICATORS.map((indicator) => [indicator.code, indicator.position]));

function orderCells(cells: ParsedCell[]): ParsedCell[] {
  // Each cell's position is looked up once, not once per comparison (the sort compares each cell many times).
  const positions = new Map(cells.map((cell) => [cell, TEMPLATE_ORDER.get(cellCode(cell)) ?? Number.MAX_SAFE_INTEGER]));
  return cells.sort((a, b) => positions.get(a)! - positions.get(b)!);
}

/** Why a text is not an annual report, or null when it may be one. */
function rejectInput(text: string): string | null {
  if (text.length > MAX_INPUT_CHARACTERS) return `the text has ${text.length} characters, more than any annual report (${MAX_INPUT_CHARACTERS})`;
  if (text.includes("\u0000")) return "the input is binary (it contains NUL bytes), not text";
  const replaced = (text.match(/\uFFFD/g) ?? []).length;
  if (replaced > 100 && replaced > text.length / 20) return "the input is not UTF-8 text (many undecodable bytes)";
  return null;
}

interface TableSpans {
  readonly proactive: Span | null;
  readonly applications: Span | null;
  readonly reviewLitigation: Span | null;
  /** How sections with a damaged heading were found (PARSE_HEADING_DAMAGED, docs/real-text.md M18). */
  readonly headingIssues: readonly ParseIssue[];
}

/**
 * Where the three tables are: their sections (found by heading, by a damaged heading's closeness, or by their own
 * tables, sections.ts), with fallbacks on the tables' anchors anywhere in the text when a section is not found.
 */
function tableSpans(text: string, sections: SectionSpans): TableSpans {
  const anchor = (pattern: RegExp) => {
    const match = pattern.exec(text);
    return match ? match.index : null;
  };
  const s3Start = sections.S3_APPLICATIONS?.start ?? anchor(/\(?本列数据的勾稽关系/);
  const s4Start = sections.S4_REVIEW_LITIGATION?.start ?? null;
  const s2Start = sections.S2_PROACTIVE?.start ?? anchor(/第\s*二\s*十\s*条\s*第?\s*\(\s*一\s*\)\s*项/);
  const end = (from: number) =>
    Math.min(
      ...[s3Start, s4Start, sections.S5_PROBLEMS?.start, sections.S6_OTHER?.start, text.length].filter(
        (value): value is number => value !== null && value !== undefined && value > from,
      ),
    );
  return {
    proactive: s2Start === null ? null : { start: s2Start, end: end(s2Start) },
    applications: s3Start === null ? null : { start: s3Start, end: end(s3Start) },
    reviewLitigation: s4Start === null ? null : { start: s4Start, end: end(s4Start) },
    headingIssues: headingIssues(sections),
  };
}

function missingTable(section: string): ParseIssue {
  return { rule: "PARSE_TABLE_MISSING", severity: "error", message: `section ${section} was not found`, cells: [] };
}

function parseTables(source: SourceText, spans: TableSpans, version: TabularVersion): { cells: ParsedCell[]; issues: ParseIssue[] } {
  const cells: ParsedCell[] = [];
  const issues: ParseIssue[] = [];
  if (spans.proactive) {
    const proactive = parseProactiveTables(source, spans.proactive, version);
    cells.push(...proactive.cells);
    issues.push(...proactive.issues);
  } else issues.push(missingTable("二 (主动公开政府信息情况)"));
  let otherSplit = false;
  if (spans.applications) {
    const reading = readApplicationsTable(source, spans.applications, version);
    otherSplit = reading.layout.otherSplit;
    const applications = applicationsCells(reading);
    cells.push(...applications.cells, ...deriveApplicationCells(applications.cells));
    issues.push(...applications.issues);
  } else issues.push(missingTable("三 (收到和处理政府信息公开申请情况)"));
  if (spans.reviewLitigation) {
    const review = parseReviewLitigationTable(source, spans.reviewLitigation);
    cells.push(...review.cells);
    issues.push(...review.issues);
  } else issues.push(missingTable("四 (行政复议、行政诉讼情况)"));
  issues.push(...validateCells(cells, otherSplit));
  return { cells: orderCells(cells), issues };
}

/** How the input is written; "auto" tells HTML from text by its tags. */
export type ParseInputFormat = "auto" | "text" | "html";

/** Where the report's text stops: the end of its last section found (portal chrome after it), else the text's end. */
function reportEnd(text: string, sections: Partial<Record<SectionCode, Span>>): number {
  return Math.max(0, ...Object.values(sections).map((span) => span.end)) || text.length;
}

/** What the text yields for its version: the cells, the issues, the free-text sections and the overview's span. */
interface Reading {
  readonly cells: readonly ParsedCell[];
  readonly issues: readonly ParseIssue[];
  readonly sections: ParsedReport["sections"];
  readonly overview: Span | null;
}

/** A report on the 2008 outline: its headline figures (legacy-report.ts), checked by R5. */
function readLegacy(source: SourceText, sections: Partial<Record<SectionCode, Span>>, evidence: TemplateEvidence): Reading {
  const legacy = readLegacyReport(source, evidence.outline, reportEnd(source.text, sections));
  return { ...legacy, issues: [...legacy.issues, ...validateCells(legacy.cells, false)] };
}

/** A report in a national template: its tables, and sections 一/五/六 found by their headings. */
function readTabular(source: SourceText, sections: Partial<Record<SectionCode, Span>>, spans: TableSpans, version: TabularVersion): Reading {
  const tables = parseTables(source, spans, version);
  const textOf = (code: SectionCode) => sectionBody(source, sections[code]) ?? undefined;
  return {
    ...tables,
    sections: { S1_OVERVIEW: textOf("S1_OVERVIEW"), S5_PROBLEMS: textOf("S5_PROBLEMS"), S6_OTHER: textOf("S6_OTHER") },
    overview: sections.S1_OVERVIEW ?? null,
  };
}

/**
 * Parses the text of one annual report: template version (from the labels and the outline), metadata, the free-text
 * sections 一/五/六, every table cell with its state, printed text and line, the figures its overview states, and the
 * issues found (R1–R5, T1 and parse problems). A report on the 2008 outline yields LEGACY cells instead of tables.
 * An HTML page is first rendered to text (html-text.ts), so its line numbers are those of the rendered text. Pure
 * and deterministic; linear in the size of the text apart from bounded searches.
 */
export function parseReport(input: string, format: ParseInputFormat = "auto"): ParseResult {
  const rejected = rejectInput(input);
  if (rejected) return { kind: "not-a-report", reason: rejected };
  const html = format === "html" || (format === "auto" && looksLikeHtml(input));
  const source = createSourceText(html ? htmlToText(input) : input);
  const sections = locateSections(source.text);
  const spans = tableSpans(source.text, sections);
  const evidence = detectTemplate(source.text);
  const legacy = evidence.version === "LEGACY_PRE2019";
  const hasTables = !legacy && (spans.proactive !== null || spans.applications !== null);
  const otherDocument = hasTables ? null : otherDocumentReason(source.text);
  if (otherDocument) return { kind: "not-a-report", reason: otherDocument };
  if (!hasTables && !legacy) {
    return {
      kind: "not-a-report",
      reason: "found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline",
    };
  }
  const version = evidence.version === "UNKNOWN" ? "TPL_2021" : evidence.version;
  const reading = version === "LEGACY_PRE2019" ? readLegacy(source, sections, evidence) : readTabular(source, sections, spans, version);
  const metadata = readMetadata(source.text, reading.sections.S1_OVERVIEW ?? null);
  const narrative = readNarrative(source, reading.overview, version);
  const versionIssues: ParseIssue[] =
    evidence.version === "UNKNOWN"
      ? [{ rule: "PARSE_TEMPLATE_UNKNOWN", severity: "warning", message: "no label tells the template version apart; read as TPL_2021", cells: [] }]
      : [];
  const report: ParsedReport = {
    templateVersion: version,
    agencyName: metadata.agencyName,
    year: metadata.year,
    scope: metadata.scope,
    scopeSource: metadata.scopeSource,
    scopeEvidence: metadata.scopeEvidence,
    region: metadata.region,
    title: metadata.title,
    sections: reading.sections,
    narrative,
    cells: reading.cells,
    issues: [...versionIssues, ...(legacy ? [] : spans.headingIssues), ...metadata.issues, ...reading.issues, ...checkNarrative(narrative, reading.cells)],
  };
  return { kind: "report", report };
}
