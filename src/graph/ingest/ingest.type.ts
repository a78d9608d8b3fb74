import { Field, ID, ObjectType } from "type-graphql";
import type { Report } from "../../entities";
import { ReportType } from "../reports/report.type";
import { IngestStatusEnum } from "./ingest.enum";

@ObjectType("IngestReportPayload", { description: "The stored report and what ingesting did (入库结果)." })
export class IngestReportPayload {
  @Field(() => IngestStatusEnum, { description: "INGESTED, UPDATED, UNCHANGED, DIVERGENT or CONFIRMED (结果)." })
  status: keyof typeof IngestStatusEnum;

  @Field(() => ReportType, { description: "The report as stored (报告)." })
  report: Report;
}

@ObjectType("DeleteReportPayload", { description: "The report that was deleted (删除结果)." })
export class DeleteReportPayload {
  @Field(() => ID, { description: "Global id of the deleted report (已删除报告编号)." })
  deletedReportId: string;
}
