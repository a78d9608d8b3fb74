import { Column, Entity, Index, PrimaryColumn, Unique } from "typeorm";
import type { CatalogVersion, CellKind, Comparability } from "../domain/codes";
import { codeListTransformer } from "./column-transformers";

/** One entry of the indicator catalog: a table cell of the template with its labels and comparability. */
@Entity({ name: "indicator" })
@Unique("UQ_indicator_position", ["tableCode", "rowCode", "columnCode"])
@Index("IDX_indicator_comparability_group", ["comparabilityGroup"])
export class Indicator {
  /** TABLE.ROW.COLUMN */
  @PrimaryColumn({ type: "varchar", length: 128, primaryKeyConstraintName: "PK_indicator" })
  code: string;

  @Column({ name: "table_code", type: "varchar", length: 24 })
  tableCode: string;

  @Column({ name: "row_code", type: "varchar", length: 48 })
  rowCode: string;

  @Column({ name: "column_code", type: "varchar", length: 32 })
  columnCode: string;

  @Column({ name: "label_zh", type: "varchar", length: 255 })
  labelZh: string;

  @Column({ name: "label_en", type: "varchar", length: 255 })
  labelEn: string;

  @Column({ type: "varchar", length: 32 })
  unit: string;

  @Column({ name: "cell_kind", type: "varchar", length: 24 })
  cellKind: CellKind;

  @Column({ type: "varchar", length: 64, transformer: codeListTransformer })
  versions: CatalogVersion[];

  @Column({ type: "boolean" })
  derived: boolean;

  @Column({ name: "comparability_group", type: "varchar", length: 128 })
  comparabilityGroup: string;

  @Column({ type: "varchar", length: 24 })
  comparability: Comparability;

  @Column({ name: "comparability_note", type: "varchar", length: 255, nullable: true })
  comparabilityNote: string | null;

  @Column({ type: "integer" })
  position: number;
}
