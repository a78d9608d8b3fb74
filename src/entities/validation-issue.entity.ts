import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import type { IssueSeverity } from "../domain/codes";
import { codeListTransformer } from "./column-transformers";
import { Report } from "./report.entity";

/** A problem found in a report: a broken arithmetic rule (R1–R5, X1–X3) or a parse problem. */
@Entity({ name: "validation_issue" })
@Index("IDX_validation_issue_report", ["reportId"])
@Index("IDX_validation_issue_rule", ["rule"])
export class ValidationIssue {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_validation_issue" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  @ManyToOne(() => Report, { onDelete: "CASCADE", onUpdate: "RESTRICT" })
  @JoinColumn({ name: "report_id", foreignKeyConstraintName: "FK_validation_issue_report" })
  report?: Report;

  /** R1…R5, X1…X3, or a parse rule such as PARSE_TABLE_MISSING. */
  @Column({ type: "varchar", length: 32 })
  rule: string;

  @Column({ type: "varchar", length: 8 })
  severity: IssueSeverity;

  @Column({ type: "varchar", length: 1024 })
  message: string;

  /** Codes (TABLE.ROW.COLUMN) of the cells involved. */
  @Column({ name: "cell_codes", type: "text", transformer: codeListTransformer })
  cellCodes: string[];

  @Column({ type: "integer", nullable: true })
  line: number | null;
}
