import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
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
import { YearResolver } from "../catalog/year.resolver";

/** Builds the executable schema from the resolvers. */
export function buildGongkaiSchema(): GraphQLSchema {
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
    ],
    validate: false,
  });
}

/** The schema as SDL, sorted so that the committed `schema.graphql` diff shows only real changes. */
export function printGongkaiSchema(schema: GraphQLSchema = buildGongkaiSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
