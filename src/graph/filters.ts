import { Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import type { AgencyKind, RegionLevel, ReportScope, TemplateVersion } from "../domain/codes";
import { regionPrefix } from "../domain/region-lookup";
import { AgencyKindEnum, RegionLevelEnum, ReportScopeEnum, TemplateVersionEnum } from "./enums";
import { BadUserInputError } from "./errors";
import { quoteInput } from "../domain/quote-input";

/** Filters and orderings of the lists, and how they become SQL (always parameterised). */

export const OrderDirectionEnum = { ASC: "ASC", DESC: "DESC" } as const;
registerEnumType(OrderDirectionEnum, { name: "OrderDirection", description: "Ascending or descending (排序方向)." });

export const ReportOrderFieldEnum = { ID: "ID", YEAR: "YEAR", AGENCY_NAME: "AGENCY_NAME", ERROR_COUNT: "ERROR_COUNT" } as const;
registerEnumType(ReportOrderFieldEnum, { name: "ReportOrderField", description: "What reports can be ordered by (报告排序字段)." });

export const AgencyOrderFieldEnum = { ID: "ID", NAME: "NAME" } as const;
registerEnumType(AgencyOrderFieldEnum, { name: "AgencyOrderField", description: "What agencies can be ordered by (机关排序字段)." });

@InputType("ReportOrder", { description: "How to order reports; ties are broken by id in the same direction (报告排序)." })
export class ReportOrder {
  @Field(() => ReportOrderFieldEnum, { description: "What to order by (排序字段)." })
  field: keyof typeof ReportOrderFieldEnum;

  @Field(() => OrderDirectionEnum, { defaultValue: "ASC", description: "Ascending or descending (方向)." })
  direction: keyof typeof OrderDirectionEnum;
}

@InputType("AgencyOrder", { description: "How to order agencies; ties are broken by id (机关排序)." })
export class AgencyOrder {
  @Field(() => AgencyOrderFieldEnum, { description: "What to order by (排序字段)." })
  field: keyof typeof AgencyOrderFieldEnum;

  @Field(() => OrderDirectionEnum, { defaultValue: "ASC", description: "Ascending or descending (方向)." })
  direction: keyof typeof OrderDirectionEnum;
}

@InputType("ReportFilter", { description: "Which reports to list (报告筛选). Every field narrows the list." })
export class ReportFilter {
  @Field(() => String, { nullable: true, description: "Only agencies in this region or under it (行政区划及其下级), e.g. 320000 for all of 江苏省." })
  regionCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Only this agency's reports (机关)." })
  agencyId?: string | null;

  @Field(() => Int, { nullable: true, description: "From this year on, inclusive (起始年度)." })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: "Up to this year, inclusive (截止年度)." })
  yearTo?: number | null;

  @Field(() => [TemplateVersionEnum], { nullable: true, description: "Only these template versions (模板版本)." })
  templateVersions?: TemplateVersion[] | null;

  @Field(() => [AgencyKindEnum], { nullable: true, description: "Only agencies of these kinds (机关类型)." })
  agencyKinds?: AgencyKind[] | null;

  @Field(() => ReportScopeEnum, { nullable: true, description: "Only this scope (报告范围)." })
  scope?: ReportScope | null;

  @Field(() => String, { nullable: true, description: "Only agencies whose name contains this text (机关名称包含)." })
  agencyNameContains?: string | null;

  @Field(() => Boolean, { nullable: true, description: "True: only reports with validation errors; false: only those without (是否有校验错误)." })
  hasValidationErrors?: boolean | null;

  @Field(() => [String], { nullable: true, description: "Only reports with an issue of one of these rules, e.g. R1 or X1 (未通过的规则)." })
  failingRules?: string[] | null;
}

@InputType("AgencyFilter", { description: "Which agencies to list (机关筛选)." })
export class AgencyFilter {
  @Field(() => String, { nullable: true, description: "Only agencies in this region or under it (行政区划及其下级)." })
  regionCode?: string | null;

  @Field(() => [AgencyKindEnum], { nullable: true, description: "Only these kinds (机关类型)." })
  kinds?: AgencyKind[] | null;

  @Field(() => String, { nullable: true, description: "Only names containing this text (名称包含)." })
  nameContains?: string | null;
}

@InputType("RegionFilter", { description: "Which regions to list (行政区划筛选)." })
export class RegionFilter {
  @Field(() => String, { nullable: true, description: "Only the direct children of this region (上级行政区划代码)." })
  parentCode?: string | null;

  @Field(() => RegionLevelEnum, { nullable: true, description: "Only this level (级别)." })
  level?: RegionLevel | null;

  @Field(() => String, { nullable: true, description: "Only names containing this text (名称包含)." })
  nameContains?: string | null;
}

const REGION_CODE = /^\d{6}$/;

/** Checks the form of a region code argument. */
export function checkRegionCode(argument: string, code: string): string {
  if (!REGION_CODE.test(code)) throw new BadUserInputError(argument, `${quoteInput(code)} is not a 6-digit region code`);
  return code;
}

/** Whether a text holds a control character (NUL, line breaks, …): no name or code does. */
export function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(text);
}

/** Checks a text filter: at most `maxLength` characters and no control characters; returns it. */
export function checkFilterText(argument: string, text: string, maxLength = 64): string {
  if (text.length > maxLength) throw new BadUserInputError(argument, `must be at most ${maxLength} characters`);
  if (hasControlCharacter(text)) throw new BadUserInputError(argument, "must not contain control characters (such as NUL or a line break)");
  return text;
}

/** A LIKE pattern that matches `text` literally inside a value, with `!` as the escape character. */
export function containsPattern(text: string, argument = "nameContains"): string {
  checkFilterText(argument, text);
  return `%${text.replace(/[!%_]/g, (character) => `!${character}`)}%`;
}

/** Narrows a query over agencies (alias `agencyAlias`) to a region subtree. */
export function whereInRegion<T extends object>(query: SelectQueryBuilder<T>, agencyAlias: string, code: string, argument: string): void {
  query.andWhere(`${agencyAlias}.regionCode LIKE :regionPrefix`, { regionPrefix: `${regionPrefix(checkRegionCode(argument, code))}%` });
}
