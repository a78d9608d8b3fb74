import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { CorrectionStatus, ValueState } from "../domain/codes";
import { decimalTransformer, epochTransformer } from "./column-transformers";

/**
 * A person's correction of one cell: the value (state CORRECTED) or the state they read, why, on what evidence, who
 * and when; beside it the parser's latest reading of the cell and whether it agrees (`status`). A correction stays
 * over every later parse until it is reverted (`revertedAt`); a report has at most one standing correction per cell.
 * No foreign key to the report: a deleted report keeps its corrections, as it keeps its revisions.
 */
@Entity({ name: "cell_correction" })
@Index("IDX_cell_correction_report", ["reportId"])
export class CellCorrection {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_cell_correction" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  @Column({ name: "table_code", type: "varchar", length: 24 })
  tableCode: string;

  @Column({ name: "row_code", type: "varchar", length: 48 })
  rowCode: string;

  @Column({ name: "column_code", type: "varchar", length: 32 })
  columnCode: string;

  /** The value the person read; null when they gave a state instead. */
  @Column({ type: "decimal", precision: 20, scale: 4, nullable: true, transformer: decimalTransformer })
  value: number | null;

  /** CORRECTED with a value, or the state the person gave (BLANK, NA_MARK, ILLEGIBLE, ABSENT). */
  @Column({ name: "value_state", type: "varchar", length: 16 })
  valueState: ValueState;

  @Column({ type: "varchar", length: 1024 })
  reason: string;

  /** Where the person read it (a page of the PDF, a URL, a letter). */
  @Column({ type: "varchar", length: 1024, nullable: true })
  evidence: string | null;

  @Column({ type: "varchar", length: 64 })
  actor: string;

  @Column({ name: "created_at", type: "bigint", transformer: epochTransformer })
  createdAt: Date;

  /** The revision that made the correction. */
  @Column({ name: "revision_id", type: "integer" })
  revisionId: number;

  /** The parser's latest reading of the cell: its value, state and printed text (null state: the parser has no such cell). */
  @Column({ name: "parsed_value", type: "decimal", precision: 20, scale: 4, nullable: true, transformer: decimalTransformer })
  parsedValue: number | null;

  @Column({ name: "parsed_state", type: "varchar", length: 16, nullable: true })
  parsedState: ValueState | null;

  @Column({ name: "parsed_raw_text", type: "varchar", length: 255, nullable: true })
  parsedRawText: string | null;

  /** The parser version of that reading. */
  @Column({ name: "parser_version", type: "varchar", length: 32, nullable: true })
  parserVersion: string | null;

  @Column({ type: "varchar", length: 16 })
  status: CorrectionStatus;

  @Column({ name: "reverted_by", type: "varchar", length: 64, nullable: true })
  revertedBy: string | null;

  @Column({ name: "reverted_at", type: "bigint", nullable: true, transformer: epochTransformer })
  revertedAt: Date | null;

  /** The revision that reverted or superseded it. */
  @Column({ name: "reverted_revision_id", type: "integer", nullable: true })
  revertedRevisionId: number | null;

  @Column({ name: "revert_reason", type: "varchar", length: 1024, nullable: true })
  revertReason: string | null;
}
