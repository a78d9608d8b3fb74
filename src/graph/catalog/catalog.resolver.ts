import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Report } from "../../entities";
import { APPLICANT_TYPES, DISCLOSURE_CATEGORIES, REQUEST_OUTCOMES } from "./catalog-entries";
import { ApplicantTypeObject, DisclosureCategoryType, RequestOutcomeType } from "./catalog.type";
import { ConnectionArgs } from "../core/connection.input";
import { readPage, toConnection } from "../core/connection";
import type { Context } from "../core/context";
import { ReportFilter } from "../reports/report.input";
import { checkFilterReferences, reportOrder, reportQuery } from "../core/list-queries";
import { ReportConnection } from "../reports/report.type";

/** Reports in the template versions that print a catalog entry, newest first. */
async function reportsUsing(versions: readonly string[], filter: ReportFilter | null, page: ConnectionArgs, { dataSource, loaders }: Context) {
  await checkFilterReferences(loaders, filter);
  const allowed = (filter?.templateVersions ?? versions).filter((version) => versions.includes(version));
  const query = reportQuery(
    dataSource,
    { ...filter, templateVersions: allowed.length > 0 ? (allowed as ReportFilter["templateVersions"]) : undefined },
    { field: "YEAR", direction: "DESC" },
  );
  if (allowed.length === 0) query.andWhere("1 = 0");
  return toConnection(ReportConnection, await readPage<Report>(query, reportOrder({ field: "YEAR", direction: "DESC" }, loaders), page));
}

/** The template's categories, outcomes and applicant types. */
@Resolver(() => DisclosureCategoryType)
export class DisclosureCategoryResolver {
  @Query(() => [DisclosureCategoryType], { description: "The section 二 rows of both templates, in template order (主动公开信息类别)." })
  disclosureCategories(): readonly DisclosureCategoryType[] {
    return DISCLOSURE_CATEGORIES;
  }

  @FieldResolver(() => ReportConnection, { description: "Reports whose template prints this row, newest first (使用此类别的报告)." })
  async reports(
    @Root() category: DisclosureCategoryType,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => ReportFilter, { nullable: true, description: "Which reports (筛选)." }) filter: ReportFilter | null,
    @Ctx() context: Context,
  ) {
    return reportsUsing(category.versions, filter, page, context);
  }
}

@Resolver(() => RequestOutcomeType)
export class RequestOutcomeResolver {
  @Query(() => [RequestOutcomeType], { description: "The section 三 rows in template order; `parent`/`children` give the tree (申请办理结果)." })
  requestOutcomes(): readonly RequestOutcomeType[] {
    return REQUEST_OUTCOMES;
  }

  @FieldResolver(() => RequestOutcomeType, { nullable: true, description: "The group this row belongs to (上级)." })
  parent(@Root() outcome: RequestOutcomeType): RequestOutcomeType | null {
    return REQUEST_OUTCOMES.find((candidate) => candidate.code === outcome.parentCode) ?? null;
  }

  @FieldResolver(() => [RequestOutcomeType], { description: "The rows of this group (下级)." })
  children(@Root() outcome: RequestOutcomeType): RequestOutcomeType[] {
    return REQUEST_OUTCOMES.filter((candidate) => candidate.parentCode === outcome.code);
  }

  @FieldResolver(() => ReportConnection, { description: "Reports whose template has this row, newest first (使用此结果的报告)." })
  async reports(
    @Root() outcome: RequestOutcomeType,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => ReportFilter, { nullable: true, description: "Which reports (筛选)." }) filter: ReportFilter | null,
    @Ctx() context: Context,
  ) {
    return reportsUsing(outcome.versions, filter, page, context);
  }
}

@Resolver(() => ApplicantTypeObject)
export class ApplicantTypeResolver {
  @Query(() => [ApplicantTypeObject], { description: "The section 三 columns in template order (申请人类型)." })
  applicantTypes(): readonly ApplicantTypeObject[] {
    return APPLICANT_TYPES;
  }
}
