import type { AgencyKind } from "../domain/codes";
import { describeRegion, isRegionName } from "../domain/region-lookup";

/**
 * How one agency is recognised across years and printings: its name folded (NFKC, no white space) and without
 * the names of the regions above its own (淮安市洪泽区人民政府 and 洪泽区人民政府 are one agency of 320813).
 */
export function canonicalAgencyName(name: string, regionCode: string): string {
  let folded = name.normalize("NFKC").replace(/\s+/g, "");
  const region = describeRegion(regionCode);
  if (!region) return folded;
  const own = region.county ?? region.city ?? region.province;
  for (const ancestor of [region.province, region.city]) {
    // Strip 淮安市 from 淮安市洪泽区…, never from 淮安市人民政府 (the city's own organ).
    if (ancestor && own && ancestor !== own && folded.startsWith(ancestor) && folded.slice(ancestor.length).startsWith(own)) {
      folded = folded.slice(ancestor.length);
    }
  }
  return folded;
}

/** The kind of organ, from its name's ending (docs/metadata.md). */
export function agencyKindOf(name: string): AgencyKind {
  const folded = name.replace(/\s+/g, "");
  if (/(乡|镇|街道)(人民政府|办事处)$/.test(folded)) return "TOWNSHIP";
  if (/政府办公[厅室]$/.test(folded)) return "GENERAL_OFFICE";
  if (/人民政府$/.test(folded) || isRegionName(folded)) return "GOVERNMENT";
  if (/(局|委员会|委|办公室|办|厅|署|中心|院|处|所|站|队|馆)$/.test(folded)) return "DEPARTMENT";
  return "OTHER";
}
