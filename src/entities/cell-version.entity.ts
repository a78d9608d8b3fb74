import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { CellRecord } from "../domain/cell";
import type { ValueState } from "../domain/codes";
import type { CellProvenance } from "../domain/provenance";
import { decimalTransformer, jsonTransformer } from "./column-transformers";

/**
 * A cell as it was from one revision (`validFrom`, a report_revision id) until the revision that replaced or removed
 * it (`validTo`, null while current): a report's cells as of revision N are the versions with validFrom ≤ N < validTo.
 */
@Entity({ name: "cell_version" })
@Index("IDX_cell_version_report", ["reportId", "validTo"])
@Index("IDX_cell_version_valid_from", ["validFrom"])
@Index("IDX_cell_version_valid_to", ["validTo"])
export class CellVersion implements CellRecord {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_cell_version" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  @Column({ name: "valid_from", type: "integer" })
  validFrom: number;

  @Column({ name: "valid_to", type: "integer", nullable: true })
  validTo: number | null;

  @Column({ name: "table_code", type: "varchar", length: 24 })
  tableCode: string;

  @Column({ name: "row_code", type: "varchar", length: 48 })
  rowCode: string;

  @Column({ name: "column_code", type: "varchar", length: 32 })
  columnCode: string;

  @Column({ type: "decimal", precision: 20, scale: 4, nullable: true, transformer: decimalTransformer })
  value: number | null;

  @Column({ name: "value_state", type: "varchar", length: 16 })
  valueState: ValueState;

  @Column({ name: "raw_text", type: "varchar", length: 255, nullable: true })
  rawText: string | null;

  @Column({ type: "integer", nullable: true })
  line: number | null;

  @Column({ type: "varchar", length: 160, nullable: true, transformer: jsonTransformer })
  provenance: CellProvenance | null;

  @Column({ type: "text", nullable: true, transformer: jsonTransformer })
  candidates: number[] | null;

  @Column({ name: "row_readings", type: "text", nullable: true, transformer: jsonTransformer })
  rowReadings: number[] | null;

  @Column({ type: "varchar", length: 255, nullable: true })
  uncertainty: string | null;

  @Column({ name: "decided_by", type: "varchar", length: 255, nullable: true })
  decidedBy: string | null;
}
