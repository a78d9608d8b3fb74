import { GraphQLScalarType, lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync, GraphQLISODateTime } from "type-graphql";
import { AgencyResolver } from "../agencies/agency.resolver";
import {
  AggregateGroupResolver,
  AnalyticsResolver,
  ComparisonSubjectResolver,
  RankingEntryResolver,
  ReconciliationResolver,
  RegionRollupResolver,
} from "../analytics/analytics.resolver";
import { ApplicantTypeResolver, DisclosureCategoryResolver, RequestOutcomeResolver } from "../catalog/catalog.resolver";
import { IndicatorResolver } from "../catalog/indicator.resolver";
import { IngestResolver } from "../ingest/ingest.resolver";
import { NodeResolver } from "./node.resolver";
import { RegionResolver } from "../regions/region.resolver";
import { ReportResolver } from "../reports/report.resolver";
import { ReviewQueueResolver } from "../review/review-queue.resolver";
import { YearResolver } from "../catalog/year.resolver";
import {
  ReleaseResolver,
  ReportHistoryResolver,
  ReportRevisionResolver,
  ScopeOverrideResolver,
  TableCellCorrectionResolver,
} from "../revisions/revision.resolver";

/** type-graphql's ISO date-time scalar, described in both languages like every element of the schema. */
const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLISODateTime.toConfig(),
  description: "A date and time in UTC, as an ISO 8601 string such as 2024-03-31T08:00:00.000Z (日期时间，UTC).",
});

/** The descriptions of the root types, which type-graphql builds without a way to describe them. */
const ROOT_DESCRIPTIONS = {
  query: "Everything a client can read: reports, agencies, regions, the template catalog and the analytics (查询入口).",
  mutation: "The writes, behind named API tokens: ingesting and deleting reports, corrections, verification and releases (写入入口).",
} as const;

/** Builds the executable schema from the resolvers; the roots get their descriptions. */
export function buildGongkaiSchema(): GraphQLSchema {
  const schema = buildSchema();
  // graphql-js keeps `description` a plain property of the built type, and printSchema and introspection read it.
  schema.getQueryType()!.description = ROOT_DESCRIPTIONS.query;
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = ROOT_DESCRIPTIONS.mutation;
  return schema;
}

function buildSchema(): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [
      NodeResolver,
      RegionResolver,
      AgencyResolver,
      ReportResolver,
      YearResolver,
      IndicatorResolver,
      DisclosureCategoryResolver,
      RequestOutcomeResolver,
      ApplicantTypeResolver,
      AnalyticsResolver,
      ComparisonSubjectResolver,
      RegionRollupResolver,
      ReconciliationResolver,
      RankingEntryResolver,
      AggregateGroupResolver,
      IngestResolver,
      ReportHistoryResolver,
      ReportRevisionResolver,
      ScopeOverrideResolver,
      TableCellCorrectionResolver,
      ReleaseResolver,
      ReviewQueueResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
  });
}

/** The schema as SDL, sorted so that the committed `schema.graphql` diff shows only real changes. */
export function printGongkaiSchema(schema: GraphQLSchema = buildGongkaiSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
