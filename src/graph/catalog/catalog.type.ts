import { Directive, Field, Int, ObjectType } from "type-graphql";
import { CATALOG_CACHE } from "../core/cache-hints";
import type { CatalogVersion } from "../../domain/codes";
import { TemplateVersionEnum } from "../core/domain.enum";
import { RowKindEnum } from "./row-kind.enum";

/** The template's dimensions as graph types: what a front end needs to label and lay out the tables. */

@ObjectType("TableColumn", { description: "A column of a template table (表格列)." })
@Directive(CATALOG_CACHE)
export class TableColumnType {
  @Field({ description: "Column code (列代码)." })
  code: string;

  @Field({ description: "Chinese label as printed (中文名称)." })
  labelZh: string;

  @Field({ description: "English label (英文名称)." })
  labelEn: string;

  @Field(() => [TemplateVersionEnum], { description: "Template versions that print this column (适用模板版本)." })
  versions: CatalogVersion[];

  @Field({ description: "True for a column the template never prints, only derived (派生列)." })
  derived: boolean;
}

@ObjectType("DisclosureCategory", { description: "A row of the section 二 tables: a kind of proactively disclosed information (主动公开信息类别)." })
@Directive(CATALOG_CACHE)
export class DisclosureCategoryType {
  @Field({ description: "TABLE.ROW code, e.g. ART20_1.REGULATIONS (类别代码)." })
  code: string;

  @Field({ description: "Sub-table code, e.g. ART20_1 (表代码)." })
  tableCode: string;

  @Field({ description: "The sub-table's caption, e.g. 第二十条第（一）项 (表名)." })
  tableLabelZh: string;

  @Field({ description: "The sub-table in English (表英文名)." })
  tableLabelEn: string;

  @Field({ description: "Row code, e.g. REGULATIONS (行代码)." })
  rowCode: string;

  @Field({ description: "Chinese label as printed, e.g. 规章 (中文名称)." })
  labelZh: string;

  @Field({ description: "English label (英文名称)." })
  labelEn: string;

  @Field(() => [TemplateVersionEnum], { description: "Template versions that print this row (适用模板版本)." })
  versions: CatalogVersion[];

  @Field(() => [TableColumnType], { description: "The columns of its sub-table, each with its versions (列)." })
  columns: TableColumnType[];
}

@ObjectType("RowKindByVersion", { description: "How a row is printed in one template version (各版本行类型)." })
@Directive(CATALOG_CACHE)
export class RowKindByVersionType {
  @Field(() => TemplateVersionEnum, { description: "The template version (模板版本)." })
  version: CatalogVersion;

  @Field(() => RowKindEnum, { description: "How that version prints the row (行类型)." })
  kind: keyof typeof RowKindEnum;
}

@ObjectType("RequestOutcome", {
  description: "A row of the section 三 table (申请办理结果), in a tree: 三、本年度办理结果 > （三）不予公开 > 1.属于国家秘密.",
})
@Directive(CATALOG_CACHE)
export class RequestOutcomeType {
  @Field({ description: "Row code, e.g. WITHHELD_STATE_SECRET (行代码)." })
  code: string;

  @Field({ description: "Chinese label as printed (中文名称)." })
  labelZh: string;

  @Field({ description: "English label (英文名称)." })
  labelEn: string;

  @Field(() => [TemplateVersionEnum], { description: "Template versions with this row (适用模板版本)." })
  versions: CatalogVersion[];

  @Field(() => [RowKindByVersionType], { description: "How each version prints it: （六）其他处理 is a row in 2019 and a group in 2021 (各版本行类型)." })
  kinds: RowKindByVersionType[];

  @Field(() => Int, { description: "Depth in the tree: 0 for 一、二、三、四 (层级)." })
  depth: number;

  parentCode: string | null;
}

@ObjectType("ApplicantType", { description: "A column of the section 三 table: a kind of applicant (申请人类型)." })
@Directive(CATALOG_CACHE)
export class ApplicantTypeObject {
  @Field({ description: "Column code, e.g. NATURAL_PERSON (列代码)." })
  code: string;

  @Field({ description: "Chinese label as printed (中文名称)." })
  labelZh: string;

  @Field({ description: "English label (英文名称)." })
  labelEn: string;

  @Field(() => String, { nullable: true, description: "LEGAL_PERSON for the 法人或其他组织 columns (所属分组)." })
  group: string | null;

  @Field({ description: "True for the 法人或其他组织 subtotal, which the template never prints (派生列)." })
  derived: boolean;
}
