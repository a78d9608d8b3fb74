import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AgencyResolver } from "./agency.resolver";
import {
  AggregateGroupResolver,
  AnalyticsResolver,
  ComparisonSubjectResolver,
  RankingEntryResolver,
  ReconciliationResolver,
  RegionRollupResolver,
} from "./analytics.resolver";
import { ApplicantTypeResolver, DisclosureCategoryResolver, RequestOutcomeResolver } from "./catalog.resolver";
import { IndicatorResolver } from "./indicator.resolver";
import { IngestResolver } from "./ingest.resolver";
import { NodeResolver } from "./node.resolver";
import { RegionResolver } from "./region.resolver";
import { ReportResolver } from "./report.resolver";
import { YearResolver } from "./year.resolver";

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
