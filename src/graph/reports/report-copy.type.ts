import { Field, Int, ObjectType } from "type-graphql";
import type { CopyStatus, ReportCopy } from "../../entities";
import { listCost } from "../core/query-cost";
import { CellSideType } from "../revisions/revision.type";
import { CopyStatusEnum } from "../review/review-queue.enum";

@ObjectType("CopyDisagreement", { description: "One cell where a second source's copy and the served report disagree (副本差异单元格)." })
export class CopyDisagreementType {
  @Field({ description: "TABLE.ROW.COLUMN code (单元格代码)." })
  cell: string;

  @Field(() => CellSideType, { description: "The served report's value and state; ABSENT when it has no such cell (在用值)." })
  served: CellSideType;

  @Field(() => CellSideType, { description: "The copy's value and state; ABSENT when it has no such cell (副本值)." })
  copy: CellSideType;

  @Field(() => String, { nullable: true, description: "The copy's source URL, when known (副本来源网址)." })
  copySourceUrl: string | null;

  @Field({ description: "The copy's source format: TEXT, HTML, PDF, MARKDOWN or JSON (副本来源格式)." })
  copySourceFormat: string;
}

@ObjectType("ReportCopy", {
  description: "A copy of the report from a second source (another URL, or another format when neither has a URL), kept beside it and not served (报告副本).",
})
export class ReportCopyType {
  @Field(() => Int, { description: "The copy's database id (副本编号)." })
  databaseId: number;

  @Field(() => String, { nullable: true, description: "Where the copy was published, when known (来源网址)." })
  sourceUrl: string | null;

  @Field({ description: "TEXT, HTML, PDF, MARKDOWN or JSON (来源格式)." })
  sourceFormat: string;

  @Field({ description: "SHA-256 of the copy's source, hex; the source itself is stored (内容哈希)." })
  contentHash: string;

  @Field({ description: "The parser version that read the copy (解析器版本)." })
  parserVersion: string;

  @Field({ description: "When the copy was received (接收时间)." })
  receivedAt: Date;

  @Field(() => CopyStatusEnum, { description: "DIVERGENT or AGREES, compared with the served report when the copy came (比对结果)." })
  status: CopyStatus;

  @Field(() => Int, { description: "How many cells disagree, all of them (差异单元格数)." })
  disagreementCount: number;

  @Field(() => [CopyDisagreementType], {
    description: "The cells that disagree, in cell-code order, at most 200 (差异单元格).",
    complexity: listCost(20),
  })
  disagreements: CopyDisagreementType[];
}

/** A stored copy in the graph's shape. */
export function toReportCopy(copy: ReportCopy): ReportCopyType {
  return {
    databaseId: copy.id,
    sourceUrl: copy.sourceUrl,
    sourceFormat: copy.sourceFormat,
    contentHash: copy.contentHash,
    parserVersion: copy.parserVersion,
    receivedAt: copy.receivedAt,
    status: copy.status,
    disagreementCount: copy.disagreementCount,
    disagreements: (copy.disagreements ?? []).map((disagreement) => ({
      cell: disagreement.cell,
      served: { ...disagreement.served, rawText: null },
      copy: { ...disagreement.copy, rawText: null },
      copySourceUrl: copy.sourceUrl,
      copySourceFormat: copy.sourceFormat,
    })),
  };
}
