import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { IssueSeverity } from "../domain/codes";
import { codeListTransformer } from "./column-transformers";

/** A validation issue as it stood from one revision until the one that replaced it (see CellVersion). */
@Entity({ name: "issue_version" })
@Index("IDX_issue_version_report", ["reportId", "validTo"])
@Index("IDX_issue_version_valid_from", ["validFrom"])
export class IssueVersion {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_issue_version" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  @Column({ name: "valid_from", type: "integer" })
  validFrom: number;

  @Column({ name: "valid_to", type: "integer", nullable: true })
  validTo: number | null;

  @Column({ type: "varchar", length: 32 })
  rule: string;

  @Column({ type: "varchar", length: 8 })
  severity: IssueSeverity;

  @Column({ type: "varchar", length: 1024 })
  message: string;

  @Column({ name: "cell_codes", type: "text", transformer: codeListTransformer })
  cellCodes: string[];

  @Column({ type: "integer", nullable: true })
  line: number | null;
}
