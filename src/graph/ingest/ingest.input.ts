import { Field, InputType, Int } from "type-graphql";
import type { ReportScope } from "../../domain/codes";
import { ReportScopeEnum } from "../core/domain.enum";
import { InputFormatEnum } from "./ingest.enum";

/** The mutation's input. */
@InputType("IngestReportInput", { description: "A report to parse and store (报告入库), with what its text lacks." })
export class IngestReportInput {
  @Field(() => String, { nullable: true, description: "The report as text, Markdown, HTML or the structured JSON form (报告全文). Give this or `base64`." })
  text?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The document's bytes in base64, for a PDF or an HTML page in another character set (文件内容). Give this or `text`.",
  })
  base64?: string | null;

  @Field(() => InputFormatEnum, { defaultValue: "TEXT", description: "How `text` is written (格式)." })
  format: keyof typeof InputFormatEnum;

  @Field(() => String, { nullable: true, description: "Where the report was published (来源地址)." })
  sourceUrl?: string | null;

  @Field(() => String, { nullable: true, description: "Publication date YYYY-MM-DD (发布日期)." })
  publishedAt?: string | null;

  @Field(() => String, { nullable: true, description: "6-digit region code, when the text does not settle it (行政区划代码)." })
  regionCode?: string | null;

  @Field(() => String, { nullable: true, description: "The issuing agency, when the text does not name it (发布机关)." })
  agencyName?: string | null;

  @Field(() => Int, { nullable: true, description: "The year the report covers (报告年度)." })
  year?: number | null;

  @Field(() => ReportScopeEnum, { nullable: true, description: "One agency, or a government's aggregate (报告范围)." })
  scope?: ReportScope | null;
}
