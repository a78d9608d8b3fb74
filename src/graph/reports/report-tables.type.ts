import { Field, Float, Int, ObjectType } from "type-graphql";
import type { ValueState } from "../../domain/codes";
import { ApplicantTypeObject, DisclosureCategoryType, RequestOutcomeType, TableColumnType } from "../catalog/catalog.type";
import { ValueStateEnum } from "../core/domain.enum";
import { listCost } from "../core/query-cost";

/** A report's tables in the shapes a front end renders directly. */

@ObjectType("CellProvenance", { description: "Where a value sits in the published document (原文位置): a PDF page and box, or an HTML table cell." })
export class CellProvenanceType {
  @Field({ description: "PDF or HTML (文档类型)." })
  kind: string;

  @Field(() => Int, { nullable: true, description: "PDF page, from 1 (页码)." })
  page: number | null;

  @Field(() => [Float], { nullable: true, description: "PDF box [x0, y0, x1, y1] in points from the page's top left (位置)." })
  bbox: number[] | null;

  @Field(() => Int, { nullable: true, description: "HTML table, from 0 in page order (表格序号)." })
  table: number | null;

  @Field(() => Int, { nullable: true, description: "HTML row in that table, from 0 (行序号)." })
  row: number | null;

  @Field(() => Int, { nullable: true, description: "HTML cell in that row, from 0 (单元格序号)." })
  cell: number | null;
}

@ObjectType("TableCell", { description: "One cell of a report's table (表格单元格): value, how it was read, printed text and source line." })
export class TableCellType {
  @Field({ description: "TABLE.ROW.COLUMN code (单元格代码)." })
  code: string;

  @Field({ description: "Table code (表代码)." })
  tableCode: string;

  @Field({ description: "Row code (行代码)." })
  rowCode: string;

  @Field({ description: "Column code (列代码)." })
  columnCode: string;

  @Field(() => Float, { nullable: true, description: "The number (数值); null when the cell is blank, marked, illegible or absent." })
  value: number | null;

  @Field({
    description: "Unit of the value (单位): 件 or 项 for counts, 万元 for money; an amount printed in 元 is stored converted, its printed text in raw.",
  })
  unit: string;

  @Field(() => ValueStateEnum, {
    description: "How the value was read (取值状态): VALUE, BLANK, NA_MARK, ILLEGIBLE, UNCERTAIN, ABSENT, DERIVED, or CORRECTED by a person.",
  })
  state: ValueState;

  @Field(() => String, { nullable: true, description: "The text as printed (原文)." })
  raw: string | null;

  @Field(() => Int, { nullable: true, description: "Line of the source text the value was read from (原文行号)." })
  line: number | null;

  @Field(() => CellProvenanceType, { nullable: true, description: "Where the value sits in the published PDF or HTML page, when known (原文位置)." })
  provenance: CellProvenanceType | null;

  @Field(() => [Float], {
    nullable: true,
    description:
      "For a cell the text reads several ways (glued digits): the values it allows, most plausible first, at most 8 (候选值); kept when evidence decided the cell.",
  })
  candidates: number[] | null;

  @Field(() => String, { nullable: true, description: "Why the text cannot settle the value, in words (不确定原因)." })
  uncertainty: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The evidence that chose among the candidates, e.g. X3:2019 (the previous year's report) or NARRATIVE:line 12 (判定依据); null when the text decided.",
  })
  decidedBy: string | null;

  /** Not fields: the report the cell belongs to, and the revision it was read as of (src/graph/revisions). */
  reportId?: number;
  asOfSequence?: number | null;
}

@ObjectType("ProactiveRow", { description: "A row of a section 二 sub-table (主动公开表格行)." })
export class ProactiveRowType {
  @Field(() => DisclosureCategoryType, { description: "What the row counts (信息类别)." })
  category: DisclosureCategoryType;

  @Field(() => [TableCellType], { description: "One cell per column of the table, in column order (单元格).", complexity: listCost(3) })
  cells: TableCellType[];
}

@ObjectType("ProactiveTable", { description: "A section 二 sub-table as the report's template version prints it (第二十条子表)." })
export class ProactiveTableType {
  @Field({ description: "Table code, e.g. ART20_1 (表代码)." })
  tableCode: string;

  @Field({ description: "Caption, e.g. 第二十条第（一）项 (表名)." })
  labelZh: string;

  @Field({ description: "English caption (英文表名)." })
  labelEn: string;

  @Field(() => [TableColumnType], { description: "The columns this version prints (列).", complexity: listCost(3) })
  columns: TableColumnType[];

  @Field(() => [ProactiveRowType], { description: "The rows this version prints (行).", complexity: listCost(2) })
  rows: ProactiveRowType[];
}

@ObjectType("ApplicationsRow", { description: "A row of the section 三 table (申请情况表格行), group subtotals included and marked derived." })
export class ApplicationsRowType {
  @Field(() => RequestOutcomeType, { description: "The row's outcome, with its place in the tree (办理结果)." })
  outcome: RequestOutcomeType;

  @Field(() => Int, { description: "Indentation level (层级)." })
  depth: number;

  @Field({ description: "True for a group subtotal the template does not print (派生小计行)." })
  derived: boolean;

  @Field(() => [TableCellType], {
    description: "One cell per applicant column, in column order, the 法人或其他组织 subtotal last (单元格).",
    complexity: listCost(8),
  })
  cells: TableCellType[];
}

@ObjectType("ApplicationsTable", { description: "The section 三 table: outcomes × applicant types (收到和处理政府信息公开申请情况)." })
export class ApplicationsTableType {
  @Field(() => [ApplicantTypeObject], { description: "The columns, the derived 法人或其他组织 subtotal last (列).", complexity: listCost(8) })
  columns: ApplicantTypeObject[];

  @Field(() => [ApplicationsRowType], { description: "The rows in template order (行).", complexity: listCost(30) })
  rows: ApplicationsRowType[];
}

@ObjectType("ReviewLitigationGroup", { description: "A group of the section 四 table: review, direct litigation, litigation after review (复议诉讼分组)." })
export class ReviewLitigationGroupType {
  @Field({ description: "REVIEW, LIT_DIRECT or LIT_AFTER_REVIEW (分组代码)." })
  code: string;

  @Field({ description: "Chinese label (中文名称)." })
  labelZh: string;

  @Field({ description: "English label (英文名称)." })
  labelEn: string;

  @Field(() => [TableCellType], { description: "UPHELD, CORRECTED, OTHER, PENDING, TOTAL (单元格).", complexity: listCost(5) })
  cells: TableCellType[];
}

@ObjectType("ReviewLitigationTable", { description: "The section 四 table: three groups × five outcomes (行政复议、行政诉讼情况)." })
export class ReviewLitigationTableType {
  @Field(() => [TableColumnType], { description: "The five outcomes (列).", complexity: listCost(5) })
  outcomes: TableColumnType[];

  @Field(() => [ReviewLitigationGroupType], { description: "The three groups (分组).", complexity: listCost(3) })
  groups: ReviewLitigationGroupType[];
}
