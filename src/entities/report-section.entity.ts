import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { SectionCode } from "../domain/codes";
import { Report } from "./report.entity";

/** The free text of a report section (一 overview, 五 problems, 六 other). */
@Entity({ name: "report_section" })
@Unique("UQ_report_section_report_code", ["reportId", "sectionCode"])
export class ReportSection {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_report_section" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  @ManyToOne(() => Report, { onDelete: "CASCADE", onUpdate: "RESTRICT" })
  @JoinColumn({ name: "report_id", foreignKeyConstraintName: "FK_report_section_report" })
  report?: Report;

  @Column({ name: "section_code", type: "varchar", length: 32 })
  sectionCode: SectionCode;

  @Column({ type: "text" })
  body: string;
}
