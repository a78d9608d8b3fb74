import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { CellRecord } from "../domain/cell";
import type { ValueState } from "../domain/codes";
import type { CellProvenance } from "../domain/provenance";
import { decimalTransformer, jsonTransformer } from "./column-transformers";
import { Report } from "./report.entity";

/**
 * One table cell of a report: the fact the whole product is about. The stored spelling of the domain's `Cell`
 * (`CellRecord`); `toCellRecord` / `fromCellRecord` in src/domain/cell.ts map between the two.
 */
@Entity({ name: "report_cell" })
@Unique("UQ_report_cell_position", ["reportId", "tableCode", "rowCode", "columnCode"])
@Index("IDX_report_cell_indicator", ["tableCode", "rowCode", "columnCode"])
export class ReportCell implements CellRecord {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_report_cell" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  @ManyToOne(() => Report, { onDelete: "CASCADE", onUpdate: "RESTRICT" })
  @JoinColumn({ name: "report_id", foreignKeyConstraintName: "FK_report_cell_report" })
  report?: Report;

  @Column({ name: "table_code", type: "varchar", length: 24 })
  tableCode: string;

  @Column({ name: "row_code", type: "varchar", length: 48 })
  rowCode: string;

  @Column({ name: "column_code", type: "varchar", length: 32 })
  columnCode: string;

  /** The numeric value; null when the cell is blank, marked, illegible or absent. */
  @Column({ type: "decimal", precision: 20, scale: 4, nullable: true, transformer: decimalTransformer })
  value: number | null;

  @Column({ name: "value_state", type: "varchar", length: 16 })
  valueState: ValueState;

  /** The text as printed, before normalisation (for a row printed as glued digits, the glued text; see `Cell.raw`). */
  @Column({ name: "raw_text", type: "varchar", length: 255, nullable: true })
  rawText: string | null;

  /** 1-based line of the source text the value was read from. */
  @Column({ type: "integer", nullable: true })
  line: number | null;

  /** Where the value sits in the published document: a PDF page and box, or an HTML table cell (JSON). */
  @Column({ type: "varchar", length: 160, nullable: true, transformer: jsonTransformer })
  provenance: CellProvenance | null;

  /** For a cell the text reads several ways: the distinct values it allows, most plausible first (JSON). */
  @Column({ type: "text", nullable: true, transformer: jsonTransformer })
  candidates: number[] | null;

  /** The cell's value in each reading of its row, aligned across the row's cells (JSON); see CellAlternatives. */
  @Column({ name: "row_readings", type: "text", nullable: true, transformer: jsonTransformer })
  rowReadings: number[] | null;

  /** Why the text cannot settle the value, in words. */
  @Column({ type: "varchar", length: 255, nullable: true })
  uncertainty: string | null;

  /** The evidence that chose the row's reading (e.g. `X3:2019`, `NARRATIVE:line 12`); null when the text decided. */
  @Column({ name: "decided_by", type: "varchar", length: 255, nullable: true })
  decidedBy: string | null;
}
