import { Directive, Field, Int, ObjectType } from "type-graphql";
import { CATALOG_CACHE } from "../core/cache-hints";
import type { CatalogVersion, CellKind, Comparability } from "../../domain/codes";
import { CellKindEnum, ComparabilityEnum, TemplateVersionEnum } from "../core/domain.enum";

/** One entry of the indicator catalog. */
@ObjectType("Indicator", {
  description: "A table cell of the national template (指标): its codes, labels, unit, versions and cross-version comparability.",
})
@Directive(CATALOG_CACHE)
export class IndicatorType {
  @Field({ description: "TABLE.ROW.COLUMN code (指标代码), e.g. APPLICATIONS.NEW_RECEIVED.TOTAL." })
  code: string;

  @Field({ description: "Table code (表代码), e.g. APPLICATIONS." })
  tableCode: string;

  @Field({ description: "Row code (行代码), e.g. NEW_RECEIVED." })
  rowCode: string;

  @Field({ description: "Column code (列代码), e.g. TOTAL." })
  columnCode: string;

  @Field({ description: "Chinese label (中文名称): table · row · column as the template prints them." })
  labelZh: string;

  @Field({ description: "English label (英文名称)." })
  labelEn: string;

  @Field({ description: "Unit (单位): 件, 项, 条 or 万元; amounts printed in 元 are stored converted to 万元." })
  unit: string;

  @Field(() => CellKindEnum, { description: "What kind of number the cell holds (单元格类型)." })
  cellKind: CellKind;

  @Field(() => [TemplateVersionEnum], { description: "Template versions that print or derive this cell (适用模板版本)." })
  versions: CatalogVersion[];

  @Field({ description: "True when the cell is never printed, only derived from others (派生指标)." })
  derived: boolean;

  @Field({ description: "Indicators with the same group measure the same thing across versions (可比组)." })
  comparabilityGroup: string;

  @Field(() => ComparabilityEnum, { description: "How the indicator compares across template versions (跨版本可比性)." })
  comparability: Comparability;

  @Field(() => String, { nullable: true, description: "Why a comparison needs care (可比性说明)." })
  comparabilityNote: string | null;

  @Field(() => Int, { description: "Position in template order (模板顺序)." })
  position: number;
}
