import type { ComplexityEstimator } from "graphql-query-complexity";
import { AGENCY_KINDS, TEMPLATE_VERSIONS, type RegionLevel } from "../../domain/codes";
import { countRegionsAt } from "../../domain/region-lookup";

/**
 * Query cost of the analytics fields, by the work each asks for, so that the query cost limit bounds them like any
 * page: a comparison costs subjects × years × indicators, an aggregate its possible groups × indicators (groups =
 * the product over its dimensions: years in range, regions at the level inside the filter's region, agency kinds,
 * template versions) × indicators, a ranking the entries it returns plus the cohort it sorts; each plus what its
 * selection costs. Arguments arrive coerced.
 */

/** Years an unbounded year range is taken to span (reports exist from 2008 on). */
const OPEN_YEAR_SPAN = 20;
/** What sorting a cohort costs beside the entries returned (a window function over every report of the cohort). */
const COHORT_SCAN_COST = 100;

const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

function yearSpan(from: unknown, to: unknown): number {
  if (typeof from === "number" && typeof to === "number") return Math.max(to - from + 1, 1);
  return OPEN_YEAR_SPAN;
}

/** compare: every (subject, year, indicator) value is computed. */
export const compareCost: ComplexityEstimator = ({ args, childComplexity }) => {
  const subjects = args.subjects as { agencyIds?: unknown[]; regionCodes?: unknown[] } | undefined;
  const count = lengthOf(subjects?.agencyIds) + lengthOf(subjects?.regionCodes);
  return 1 + Math.max(count, 1) * Math.max(lengthOf(args.years), 1) * Math.max(lengthOf(args.indicators), 1) + childComplexity;
};

/** timeSeries: one value per year. */
export const timeSeriesCost: ComplexityEstimator = ({ args, childComplexity }) => 1 + yearSpan(args.yearFrom, args.yearTo) * Math.max(childComplexity, 1);

/** regionRollup: the members' sums per indicator, the listed missing agencies and the reconciliations. */
export const regionRollupCost: ComplexityEstimator = ({ args, childComplexity }) => 1 + Math.max(lengthOf(args.indicators), 1) + childComplexity;

/** ranking: the entries returned, plus sorting the cohort. */
export const rankingCost: ComplexityEstimator = ({ args, childComplexity }) =>
  COHORT_SCAN_COST + (typeof args.first === "number" ? args.first : 100) * Math.max(childComplexity, 1);

/** How many groups an aggregate can produce: the product of its dimensions' sizes. */
export function aggregateGroupCount(args: Record<string, unknown>): number {
  const filter = (args.filter ?? {}) as {
    regionCode?: string | null;
    yearFrom?: number | null;
    yearTo?: number | null;
    agencyKinds?: unknown[] | null;
    templateVersions?: unknown[] | null;
  };
  const regionCode = typeof filter.regionCode === "string" && /^\d{6}$/.test(filter.regionCode) ? filter.regionCode : null;
  const sizes: Record<string, number> = {
    YEAR: yearSpan(filter.yearFrom, filter.yearTo),
    REGION: Math.max(countRegionsAt((args.regionLevel as RegionLevel | undefined) ?? "PROVINCE", regionCode), 1),
    AGENCY_KIND: lengthOf(filter.agencyKinds) || AGENCY_KINDS.length,
    TEMPLATE_VERSION: lengthOf(filter.templateVersions) || TEMPLATE_VERSIONS.length,
  };
  const dimensions = new Set(Array.isArray(args.groupBy) ? (args.groupBy as string[]) : []);
  return [...dimensions].reduce((product, dimension) => product * (sizes[dimension] ?? 1), 1);
}

/** aggregate: every possible group × every indicator. */
export const aggregateCost: ComplexityEstimator = ({ args, childComplexity }) =>
  1 + aggregateGroupCount(args) * Math.max(lengthOf(args.indicators), 1) + childComplexity;
