import { Field, Int, ObjectType } from "type-graphql";
import { SOURCE_FORMATS, type ReportScope, type ScopeSource, type TemplateVersion } from "../../domain/codes";
import { Connection } from "../core/connection";
import { ReportScopeEnum, TemplateVersionEnum } from "../core/domain.enum";
import { NodeInterface } from "../core/node.type";
import { ScopeSourceEnum } from "./scope.enum";

/** One agency's report for one year. */
@ObjectType("Report", { implements: NodeInterface, description: "An annual report (政府信息公开工作年度报告) of one agency for one year." })
export class ReportType extends NodeInterface {
  @Field(() => Int, { description: "Numeric key in the database (数据库编号); prefer `id`." })
  databaseId: number;

  @Field(() => Int, { description: "The year the data covers (报告年度)." })
  year: number;

  @Field(() => TemplateVersionEnum, { description: "Template version detected from the labels (模板版本)." })
  templateVersion: TemplateVersion;

  @Field(() => ReportScopeEnum, { description: "One agency, or a government's aggregate (报告范围)." })
  scope: ReportScope;

  @Field(() => ScopeSourceEnum, {
    nullable: true,
    description: "How `scope` was decided: from the text, the name, or a maintainer; null for a report stored before this was kept (范围判定依据).",
  })
  scopeSource: ScopeSource | null;

  @Field(() => ReportScopeEnum, {
    nullable: true,
    description: "The parser's own reading of the scope, kept beside a maintainer's override; null for a report stored before (解析所得范围).",
  })
  parsedScope: ReportScope | null;

  @Field(() => String, { nullable: true, description: "Title as printed (标题)." })
  title: string | null;

  @Field(() => String, { nullable: true, description: "Publication date, YYYY-MM-DD (发布日期)." })
  publishedAt: string | null;

  @Field(() => String, { nullable: true, description: "Where the report was published (来源地址)." })
  sourceUrl: string | null;

  @Field({ description: `Format of the source: ${SOURCE_FORMATS.slice(0, -1).join(", ")} or ${SOURCE_FORMATS.at(-1)} (来源格式).` })
  sourceFormat: string;

  @Field({ description: "SHA-256 of the source (内容哈希)." })
  contentHash: string;

  @Field({ description: "Version of the parser that read the source (解析器版本)." })
  parserVersion: string;

  @Field({ description: "When the report was stored (入库时间)." })
  ingestedAt: Date;

  @Field(() => Int, { description: "Number of validation errors (校验错误数)." })
  errorCount: number;

  agencyId: number;
}

export const ReportConnection = Connection(ReportType, "Report", "reports (年度报告)");

/** A free-text section. */
@ObjectType("ReportSection", { description: "A free-text section of a report (报告文字部分): 一 overview, 五 problems, 六 other." })
export class ReportSectionType {
  @Field({ description: "Section code: S1_OVERVIEW, S5_PROBLEMS or S6_OTHER (部分代码)." })
  sectionCode: string;

  @Field({ description: "The section's text as printed (正文)." })
  body: string;
}

/** A validation issue. */
@ObjectType("ValidationIssue", { description: "A problem found in a report (校验问题): a broken rule or a parse problem." })
export class ValidationIssueType {
  @Field({ description: "Rule id: R1…R5, X1…X3, T1, or a parse rule such as PARSE_AMBIGUOUS (规则编号)." })
  rule: string;

  @Field({ description: "error, warning or info (严重程度)." })
  severity: string;

  @Field({ description: "What is wrong, in words (说明)." })
  message: string;

  @Field(() => [String], { description: "Codes (TABLE.ROW.COLUMN) of the cells involved (涉及单元格)." })
  cellCodes: string[];

  @Field(() => Int, { nullable: true, description: "Source line, when known (原文行号)." })
  line: number | null;
}
