import { describeRegion } from "../domain/region-lookup";
import { agencyKindOf } from "../parse/scope-evidence";

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

/** The kind of organ, from its name's ending (docs/metadata.md); the parser reads it as scope evidence too. */
export { agencyKindOf };
