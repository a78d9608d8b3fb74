import fs from "node:fs";
import { REPORT_SCOPES, type ReportScope } from "../domain/codes";
import { describeRegion } from "../domain/region-lookup";

/**
 * What a caller can supply or override about a report (CLI options, a FILE.meta.json sidecar, the mutation's
 * input). Each field wins over what the parser read.
 */
export interface IngestMetadata {
  readonly regionCode?: string;
  readonly agencyName?: string;
  readonly year?: number;
  readonly sourceUrl?: string;
  readonly publishedAt?: string;
  readonly scope?: ReportScope;
}

/** A metadata value that cannot be used, naming the field and where it came from. */
export class MetadataError extends Error {
  constructor(where: string, field: string, problem: string) {
    super(`${where}: ${field} ${problem}`);
    this.name = "MetadataError";
  }
}

const FIELDS = ["regionCode", "agencyName", "year", "sourceUrl", "publishedAt", "scope"] as const;

/** Checks and returns metadata read from an untyped object (JSON, options); throws MetadataError. */
export function checkMetadata(raw: Record<string, unknown>, where: string): IngestMetadata {
  const unknown = Object.keys(raw).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new MetadataError(where, unknown[0], `is not a field; use ${FIELDS.join(", ")}`);
  const out: { -readonly [K in keyof IngestMetadata]: IngestMetadata[K] } = {};
  const { regionCode, agencyName, year, sourceUrl, publishedAt, scope } = raw;
  if (regionCode !== undefined) {
    if (typeof regionCode !== "string" || !/^\d{6}$/.test(regionCode))
      throw new MetadataError(where, "regionCode", `must be a 6-digit region code, got ${JSON.stringify(regionCode)}`);
    if (!describeRegion(regionCode)) throw new MetadataError(where, "regionCode", `${regionCode} is not a region code in the national table`);
    out.regionCode = regionCode;
  }
  if (agencyName !== undefined) {
    if (typeof agencyName !== "string" || agencyName.trim().length < 2 || agencyName.length > 128)
      throw new MetadataError(where, "agencyName", "must be a name of 2 to 128 characters");
    out.agencyName = agencyName.trim();
  }
  if (year !== undefined) {
    const value = typeof year === "string" ? Number(year) : year;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 2000 || value > 2100)
      throw new MetadataError(where, "year", `must be a year between 2000 and 2100, got ${JSON.stringify(year)}`);
    out.year = value;
  }
  if (sourceUrl !== undefined) {
    if (typeof sourceUrl !== "string" || !/^https?:\/\/\S+$/.test(sourceUrl) || sourceUrl.length > 2048)
      throw new MetadataError(where, "sourceUrl", `must be an http(s) URL, got ${JSON.stringify(sourceUrl)}`);
    out.sourceUrl = sourceUrl;
  }
  if (publishedAt !== undefined) {
    const date = typeof publishedAt === "string" && /^\d{4}-\d{2}-\d{2}$/.test(publishedAt) ? new Date(`${publishedAt}T00:00:00Z`) : null;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== publishedAt)
      throw new MetadataError(where, "publishedAt", `must be a date YYYY-MM-DD, got ${JSON.stringify(publishedAt)}`);
    out.publishedAt = publishedAt;
  }
  if (scope !== undefined) {
    if (typeof scope !== "string" || !(REPORT_SCOPES as readonly string[]).includes(scope))
      throw new MetadataError(where, "scope", `must be one of ${REPORT_SCOPES.join(", ")}, got ${JSON.stringify(scope)}`);
    out.scope = scope as ReportScope;
  }
  return out;
}

/** Reads FILE.meta.json beside a source file, when there is one. */
export function readSidecar(file: string): IngestMetadata {
  const sidecar = `${file.replace(/\.(txt|md|html?|json)$/i, "")}.meta.json`;
  if (!fs.existsSync(sidecar)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(sidecar, "utf8"));
  } catch (error) {
    throw new MetadataError(sidecar, "the file", `is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new MetadataError(sidecar, "the file", "must hold a JSON object");
  return checkMetadata(raw as Record<string, unknown>, sidecar);
}
