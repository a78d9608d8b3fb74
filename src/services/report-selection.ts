import type { WhereExpressionBuilder } from "typeorm";
import { regionPrefix } from "../domain/region-lookup";

/**
 * Which reports a request is about, and the one place that turns it into SQL: the graph's report lists, the
 * analytics (aggregate, ranking) and the CSV exports all build their WHERE from here, so a filter means the same
 * thing everywhere. The selection is already checked (each caller checks its own arguments, with its own error
 * messages); this module only writes conditions, always parameterised.
 */
export interface ReportSelection {
  /** Agencies in this region or under it (the region subtree). */
  readonly regionCode?: string | null;
  readonly agencyId?: number | null;
  /** Only these agencies' reports. */
  readonly agencyIds?: readonly number[] | null;
  /** Only these years. */
  readonly years?: readonly number[] | null;
  /** Exactly this year; `yearFrom`/`yearTo` bound a range, inclusive. */
  readonly year?: number | null;
  readonly yearFrom?: number | null;
  readonly yearTo?: number | null;
  readonly templateVersions?: readonly string[] | null;
  readonly agencyKinds?: readonly string[] | null;
  readonly scope?: string | null;
  /** Agencies whose name contains this text, literally (no LIKE wildcards). */
  readonly agencyNameContains?: string | null;
  /** True: only reports with validation errors; false: only those without. */
  readonly hasValidationErrors?: boolean | null;
  /** Only reports with an issue of one of these rules. */
  readonly failingRules?: readonly string[] | null;
  /** Only reports whose latest revision was committed after this moment (a mirror's incremental sync). */
  readonly updatedSince?: Date | null;
  /** Only reports in one of these review statuses. */
  readonly reviewStatuses?: readonly string[] | null;
}

/** The table aliases a condition is written against: the report table and the agency table. */
export interface SelectionAliases {
  readonly report: string;
  readonly agency: string;
}

/** SQL with its parameters in textual order ("?" placeholders, the same in SQLite and MySQL). */
export interface SqlPart {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** One condition with named parameters (`:name`, `:...name` for a list), the form TypeORM's `andWhere` takes. */
export interface NamedCondition {
  readonly sql: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The LIKE pattern of a region subtree: every code that starts with the region's significant digits. */
export function regionSubtreePattern(code: string): string {
  return `${regionPrefix(code)}%`;
}

/** The one region-subtree condition: `column` (a region_code column) lies in `code`'s subtree. */
export function regionSubtreeCondition(column: string, code: string, parameter = "regionPrefix"): NamedCondition {
  return { sql: `${column} LIKE :${parameter}`, params: { [parameter]: regionSubtreePattern(code) } };
}

/** A LIKE pattern that matches `text` literally inside a value, with `!` as the escape character. */
export function literalContainsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (character) => `!${character}`)}%`;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** The conditions of a selection, in a fixed order, with named parameters. */
export function selectionConditions(selection: ReportSelection, { report, agency }: SelectionAliases): NamedCondition[] {
  const where: NamedCondition[] = [];
  const add = (sql: string, params: Record<string, unknown> = {}) => where.push({ sql, params });
  if (selection.regionCode) where.push(regionSubtreeCondition(`${agency}.region_code`, selection.regionCode));
  if (given(selection.agencyId)) add(`${report}.agency_id = :agencyId`, { agencyId: selection.agencyId });
  if (selection.agencyIds?.length) add(`${report}.agency_id IN (:...agencyIds)`, { agencyIds: [...selection.agencyIds] });
  if (selection.years?.length) add(`${report}.year IN (:...years)`, { years: [...selection.years] });
  if (given(selection.year)) add(`${report}.year = :year`, { year: selection.year });
  if (given(selection.yearFrom)) add(`${report}.year >= :yearFrom`, { yearFrom: selection.yearFrom });
  if (given(selection.yearTo)) add(`${report}.year <= :yearTo`, { yearTo: selection.yearTo });
  if (selection.templateVersions?.length) add(`${report}.template_version IN (:...templateVersions)`, { templateVersions: [...selection.templateVersions] });
  if (selection.agencyKinds?.length) add(`${agency}.kind IN (:...agencyKinds)`, { agencyKinds: [...selection.agencyKinds] });
  if (selection.scope) add(`${report}.scope = :scope`, { scope: selection.scope });
  if (selection.agencyNameContains) add(`${agency}.name LIKE :agencyName ESCAPE '!'`, { agencyName: literalContainsPattern(selection.agencyNameContains) });
  if (selection.hasValidationErrors === true) add(`${report}.error_count > 0`);
  if (selection.hasValidationErrors === false) add(`${report}.error_count = 0`);
  if (selection.failingRules?.length) {
    add(`EXISTS (SELECT 1 FROM validation_issue failing WHERE failing.report_id = ${report}.id AND failing.rule IN (:...failingRules))`, {
      failingRules: [...selection.failingRules],
    });
  }
  if (given(selection.updatedSince)) add(`${report}.revised_at > :updatedSince`, { updatedSince: selection.updatedSince.getTime() });
  if (selection.reviewStatuses?.length) add(`${report}.review_status IN (:...reviewStatuses)`, { reviewStatuses: [...selection.reviewStatuses] });
  return where;
}

/** Whether a selection has a condition on the agency table (so a report query must join it). */
export function selectionNeedsAgency(selection: Pick<ReportSelection, "regionCode" | "agencyKinds" | "agencyNameContains"> | null | undefined): boolean {
  return Boolean(selection?.regionCode || selection?.agencyKinds?.length || selection?.agencyNameContains);
}

/** Narrows a TypeORM query (or `Brackets`) to the selection: the form the graph's lists use. */
export function whereSelection<Q extends WhereExpressionBuilder>(query: Q, selection: ReportSelection, aliases: SelectionAliases): Q {
  for (const condition of selectionConditions(selection, aliases)) query.andWhere(condition.sql, { ...condition.params });
  return query;
}

/** A named condition as positional SQL: each `:name` becomes "?", each `:...name` one "?" per element. */
export function positional(condition: NamedCondition): SqlPart {
  const params: unknown[] = [];
  const sql = condition.sql.replace(/:(\.\.\.)?([A-Za-z_]\w*)/g, (_match, spread: string | undefined, name: string) => {
    const value = condition.params[name];
    if (!spread) {
      params.push(value);
      return "?";
    }
    const list = value as readonly unknown[];
    params.push(...list);
    return list.map(() => "?").join(", ");
  });
  return { sql, params };
}

/** The selection as positional SQL parts over `report r JOIN agency a`: the form the analytics and exports use. */
export function selectionSql(selection: ReportSelection, aliases: SelectionAliases = { report: "r", agency: "a" }): SqlPart[] {
  return selectionConditions(selection, aliases).map(positional);
}
