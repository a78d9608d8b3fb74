import { Field, Float, Int, ObjectType } from "type-graphql";
import type { ReportScope, TemplateVersion, ValueState } from "../domain/codes";
import { ReportScopeEnum, TemplateVersionEnum, ValueStateEnum } from "./enums";

/** One agency's report for one year. */
@ObjectType("Report", { description: "An annual report (政府信息公开工作年度报告) of one agency for one year." })
export class ReportType {
  @Field(() => Int, { description: "Report id (报告编号)." })
  id: number;

  @Field(() => Int, { description: "The year the data covers (报告年度)." })
  year: number;

  @Field(() => TemplateVersionEnum, { description: "Template version detected from the labels (模板版本)." })
  templateVersion: TemplateVersion;

  @Field(() => ReportScopeEnum, { description: "One agency, or a government's aggregate (报告范围)." })
  scope: ReportScope;

  @Field(() => String, { nullable: true, description: "Title as printed (标题)." })
  title: string | null;

  @Field(() => String, { nullable: true, description: "Publication date, YYYY-MM-DD (发布日期)." })
  publishedAt: string | null;

  @Field(() => String, { nullable: true, description: "Where the report was published (来源地址)." })
  sourceUrl: string | null;

  @Field({ description: "Format of the source: TEXT, HTML, PDF, MARKDOWN or JSON (来源格式)." })
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

/** One table cell of a report. */
@ObjectType("ReportCell", { description: "One table cell of a report (表格单元格): value, state, printed text and source line." })
export class ReportCellType {
  @Field({ description: "Table code (表代码)." })
  tableCode: string;

  @Field({ description: "Row code (行代码)." })
  rowCode: string;

  @Field({ description: "Column code (列代码)." })
  columnCode: string;

  @Field(() => Float, { nullable: true, description: "Numeric value (数值); null unless the state is VALUE, UNCERTAIN or DERIVED." })
  value: number | null;

  @Field(() => ValueStateEnum, { description: "How the value was read (取值状态)." })
  valueState: ValueState;

  @Field(() => String, { nullable: true, description: "The text as printed (原文)." })
  rawText: string | null;

  @Field(() => Int, { nullable: true, description: "Source line the value was read from (原文行号)." })
  line: number | null;
}

/** A free-text section. */
@ObjectType("ReportSection", { description: "A free-text section of a report (报告文字部分): 一 overview, 五 problems, 六 other." })
export class ReportSectionType {
  @Field({ description: "Section code: S1_OVERVIEW, S5_PROBLEMS or S6_OTHER (部分代码)." })
  sectionCode: string;

  @Field({ description: "The section's text (正文)." })
  body: string;
}

/** A validation issue. */
@ObjectType("ValidationIssue", { description: "A problem found in a report (校验问题): a broken rule or a parse problem." })
export class ValidationIssueType {
  @Field({ description: "Rule id: R1…R5, X1…X3, or a parse rule (规则编号)." })
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
