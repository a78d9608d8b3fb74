import type { DataSource, SelectQueryBuilder } from "typeorm";
import { Agency, Report } from "../entities";
import type { KeysetOrder } from "./connection";
import { BadUserInputError } from "./errors";
import { checkFilterText, containsPattern, whereInRegion, type AgencyFilter, type ReportFilter, type ReportOrder } from "./filters";
import type { Loaders } from "./loaders";
import { numericKey } from "./node";

/** The list queries behind the connections: filters as parameterised SQL, orders as keysets. */

/** Whether a report list must join agencies: to filter or order on them. */
function needsAgencyJoin(filter: Partial<ReportFilter> | null, order?: ReportOrder | null): boolean {
  return Boolean(filter?.regionCode || filter?.agencyKinds?.length || filter?.agencyNameContains || order?.field === "AGENCY_NAME");
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
  if (filter.regionCode) whereInRegion(query, "agency", filter.regionCode, "filter.regionCode");
  if (filter.agencyId) query.andWhere("report.agencyId = :agencyId", { agencyId: numericKey(filter.agencyId, "filter.agencyId", "Agency") });
  if (filter.yearFrom !== null && filter.yearFrom !== undefined) query.andWhere("report.year >= :yearFrom", { yearFrom: filter.yearFrom });
  if (filter.yearTo !== null && filter.yearTo !== undefined) query.andWhere("report.year <= :yearTo", { yearTo: filter.yearTo });
  if (filter.templateVersions?.length) query.andWhere("report.templateVersion IN (:...templateVersions)", { templateVersions: filter.templateVersions });
  if (filter.agencyKinds?.length) query.andWhere("agency.kind IN (:...agencyKinds)", { agencyKinds: filter.agencyKinds });
  if (filter.scope) query.andWhere("report.scope = :scope", { scope: filter.scope });
  if (filter.agencyNameContains) query.andWhere("agency.name LIKE :agencyName ESCAPE '!'", { agencyName: containsPattern(filter.agencyNameContains, "filter.agencyNameContains") });
  if (filter.hasValidationErrors === true) query.andWhere("report.errorCount > 0");
  if (filter.hasValidationErrors === false) query.andWhere("report.errorCount = 0");
  if (filter.failingRules?.length) {
    if (filter.failingRules.length > 50) throw new BadUserInputError("filter.failingRules", "give at most 50 rules");
    const failingRules = filter.failingRules.map((rule, index) => checkFilterText(`filter.failingRules[${index}]`, rule));
    query.andWhere("EXISTS (SELECT 1 FROM validation_issue failing WHERE failing.report_id = report.id AND failing.rule IN (:...failingRules))", { failingRules });
  }
  return query;
}

/** Agencies (alias `agency`) narrowed by `filter`. */
export function agencyQuery(dataSource: DataSource, filter: Partial<AgencyFilter> | null): SelectQueryBuilder<Agency> {
  const query = dataSource.getRepository(Agency).createQueryBuilder("agency");
  if (filter?.regionCode) whereInRegion(query, "agency", filter.regionCode, "filter.regionCode");
  if (filter?.kinds?.length) query.andWhere("agency.kind IN (:...kinds)", { kinds: filter.kinds });
  if (filter?.nameContains) query.andWhere("agency.name LIKE :name ESCAPE '!'", { name: containsPattern(filter.nameContains) });
  return query;
}

export const AGENCY_ORDER_BY_ID: KeysetOrder = { column: "agency.id", direction: "ASC", idColumn: "agency.id", keyOf: (row: Agency) => [row.id, row.id] };

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
