import type { DataSource, SelectQueryBuilder } from "typeorm";
import { Agency, Report } from "../../entities";
import type { KeysetOrder } from "./connection";
import { BadUserInputError } from "./errors";
import { checkFilterText, checkRegionCode } from "./argument-checks";
import { checkCode, VALIDATION_RULES } from "./code-checks";
import type { AgencyFilter } from "../agencies/agency.input";
import type { ReportFilter, ReportOrder } from "../reports/report.input";
import type { Loaders } from "./entity.loader";
import { numericKey } from "./node";
import { quoteInput } from "../../domain/quote-input";
import { selectionNeedsAgency, whereSelection, type ReportSelection } from "../../services/report-selection";

/** The aliases of the graph's list queries. */
const GRAPH_ALIASES = { report: "report", agency: "agency" } as const;

/** The list queries behind the connections: filters as parameterised SQL, orders as keysets. */

/** Whether a report list must join agencies: to filter or order on them. */
function needsAgencyJoin(filter: Partial<ReportFilter> | null, order?: ReportOrder | null): boolean {
  return selectionNeedsAgency(filter) || order?.field === "AGENCY_NAME";
}

/** Checks a report filter's arguments (errors name the argument) and returns it as a report selection. */
export function reportSelection(filter: Partial<ReportFilter>): ReportSelection {
  if (filter.regionCode) checkRegionCode("filter.regionCode", filter.regionCode);
  const agencyId = filter.agencyId ? numericKey(filter.agencyId, "filter.agencyId", "Agency") : null;
  if (filter.agencyNameContains) checkFilterText("filter.agencyNameContains", filter.agencyNameContains);
  if (filter.failingRules && filter.failingRules.length > 50) throw new BadUserInputError("filter.failingRules", "give at most 50 rules");
  filter.failingRules?.forEach((rule, index) => checkCode(`filter.failingRules[${index}]`, rule, VALIDATION_RULES));
  return { ...filter, agencyId };
}

/**
 * Checks that the region and agency a filter names exist (after their form, by `reportSelection`): a filter on a
 * code no region has would silently list nothing. An unknown one is BAD_USER_INPUT, not NOT_FOUND: the argument
 * narrows a list, it does not look an object up.
 */
export async function checkFilterReferences(loaders: Loaders, filter: Partial<ReportFilter & AgencyFilter> | null): Promise<void> {
  if (filter?.regionCode) await checkKnownRegion(loaders, "filter.regionCode", filter.regionCode);
  if (filter?.agencyId && !(await loaders.agencyById.load(numericKey(filter.agencyId, "filter.agencyId", "Agency")))) {
    throw new BadUserInputError("filter.agencyId", `no agency has the id ${quoteInput(filter.agencyId)}`);
  }
}

/** Checks that a region code is well formed and that a region has it; returns it. */
export async function checkKnownRegion(loaders: Loaders, argument: string, code: string): Promise<string> {
  if (!(await loaders.regionByCode.load(checkRegionCode(argument, code)))) {
    throw new BadUserInputError(argument, `no region has the code ${quoteInput(code)}`);
  }
  return code;
}

/**
 * Reports (alias `report`), narrowed by `filter`. Agencies (alias `agency`) are joined only when a filter or the
 * order needs them: without the join MySQL reads a page straight from the primary key, while with it the planner
 * may sort the whole join first. The agency loader fetches the page's agencies in one statement either way.
 */
export function reportQuery(dataSource: DataSource, filter: Partial<ReportFilter> | null, order?: ReportOrder | null): SelectQueryBuilder<Report> {
  const query = dataSource.getRepository(Report).createQueryBuilder("report");
  if (needsAgencyJoin(filter, order)) query.innerJoinAndSelect("report.agency", "agency");
  if (!filter) return query;
  return whereSelection(query, reportSelection(filter), GRAPH_ALIASES);
}

/** Agencies (alias `agency`) narrowed by `filter`. */
export function agencyQuery(dataSource: DataSource, filter: Partial<AgencyFilter> | null): SelectQueryBuilder<Agency> {
  const query = dataSource.getRepository(Agency).createQueryBuilder("agency");
  if (filter?.regionCode) checkRegionCode("filter.regionCode", filter.regionCode);
  if (filter?.nameContains) checkFilterText("filter.nameContains", filter.nameContains);
  return whereSelection(query, { regionCode: filter?.regionCode, agencyKinds: filter?.kinds, agencyNameContains: filter?.nameContains }, GRAPH_ALIASES);
}

export const AGENCY_ORDER_BY_ID: KeysetOrder = {
  column: "agency.id",
  direction: "ASC",
  idColumn: "agency.id",
  label: "ID ASC",
  keyOf: (row: Agency) => [row.id, row.id],
};

/** The keyset of a report ordering (by id unless asked); primes the agency loader with the joined agencies. */
export function reportOrder(order: ReportOrder | null, loaders: Loaders): KeysetOrder {
  const direction = order?.direction ?? "ASC";
  const prime = (report: Report) => {
    if (report.agency) loaders.agencyById.prime(report.agency.id, report.agency);
  };
  const keyed = (column: string, value: (report: Report) => string | number): KeysetOrder => ({
    column,
    direction,
    idColumn: "report.id",
    label: `${order?.field ?? "ID"} ${direction}`,
    keyOf: (report: Report) => {
      prime(report);
      return [value(report), report.id];
    },
  });
  switch (order?.field ?? "ID") {
    case "YEAR":
      return keyed("report.year", (report) => report.year);
    case "AGENCY_NAME":
      return keyed("agency.name", (report) => report.agency?.name ?? "");
    case "ERROR_COUNT":
      return keyed("report.errorCount", (report) => report.errorCount);
    default:
      return keyed("report.id", (report) => report.id);
  }
}
