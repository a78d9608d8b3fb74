import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { ReportScope, ReviewStatus, ScopeSource, TemplateVersion } from "../domain/codes";
import type { NarrativeFact } from "../parse/narrative";
import type { ScopeEvidence } from "../parse/scope-evidence";
import { epochTransformer, jsonTransformer } from "./column-transformers";
import { Agency } from "./agency.entity";

/** One agency's annual report for one year: the natural key is (agency, year). */
@Entity({ name: "report" })
@Unique("UQ_report_agency_year", ["agencyId", "year"])
@Index("IDX_report_year", ["year"])
@Index("IDX_report_template_version", ["templateVersion"])
@Index("IDX_report_content_hash", ["contentHash"])
@Index("IDX_report_revised_at", ["revisedAt"])
export class Report {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_report" })
  id: number;

  @Column({ name: "agency_id", type: "integer" })
  agencyId: number;

  @ManyToOne(() => Agency, { onDelete: "RESTRICT", onUpdate: "RESTRICT" })
  @JoinColumn({ name: "agency_id", foreignKeyConstraintName: "FK_report_agency" })
  agency?: Agency;

  /** The year the data covers (not the year published). */
  @Column({ type: "integer" })
  year: number;

  @Column({ name: "template_version", type: "varchar", length: 16 })
  templateVersion: TemplateVersion;

  /** The scope analytics use: the maintainer's when one was set, else the parser's reading. */
  @Column({ type: "varchar", length: 24 })
  scope: ReportScope;

  /** How `scope` was decided: PARSED_TEXT, NAME or MAINTAINER; null for a report stored before it was kept. */
  @Column({ name: "scope_source", type: "varchar", length: 16, nullable: true })
  scopeSource: ScopeSource | null;

  /** The parser's reading of the scope, kept beside a maintainer's override; null for a report stored before. */
  @Column({ name: "parsed_scope", type: "varchar", length: 24, nullable: true })
  parsedScope: ReportScope | null;

  /** The evidence the parser's reading rests on (phrases, kinds, lines), as JSON; null for a report stored before. */
  @Column({ name: "scope_evidence", type: "text", nullable: true, transformer: jsonTransformer })
  scopeEvidence: ScopeEvidence[] | null;

  /**
   * The figures the overview states in prose, with their cells and lines, as JSON; null for a report stored before.
   * At most MAX_NARRATIVE_FACTS (src/parse/narrative.ts), so the JSON fits the TEXT column on MySQL/MariaDB.
   */
  @Column({ name: "narrative_facts", type: "text", nullable: true, transformer: jsonTransformer })
  narrativeFacts: NarrativeFact[] | null;

  @Column({ type: "varchar", length: 255, nullable: true })
  title: string | null;

  /** Publication date as an ISO calendar date (YYYY-MM-DD), when known. */
  @Column({ name: "published_at", type: "varchar", length: 10, nullable: true })
  publishedAt: string | null;

  @Column({ name: "source_url", type: "varchar", length: 2048, nullable: true })
  sourceUrl: string | null;

  /** TEXT, HTML, PDF, MARKDOWN or JSON. */
  @Column({ name: "source_format", type: "varchar", length: 16 })
  sourceFormat: string;

  /** SHA-256 of the source, hex. */
  @Column({ name: "content_hash", type: "varchar", length: 64 })
  contentHash: string;

  @Column({ name: "parser_version", type: "varchar", length: 32 })
  parserVersion: string;

  @Column({ name: "ingested_at", type: "datetime" })
  ingestedAt: Date;

  /** Number of validation issues of severity "error", kept with the issues in one transaction. */
  @Column({ name: "error_count", type: "integer" })
  errorCount: number;

  /** The number of the report's latest revision (report_revision.number); a change names it to apply (optimistic concurrency). */
  @Column({ type: "integer", default: 0 })
  revision: number;

  /** When the latest revision was committed. */
  @Column({ name: "revised_at", type: "bigint", nullable: true, transformer: epochTransformer })
  revisedAt: Date | null;

  /** UNREVIEWED, NEEDS_REVIEW or VERIFIED (by a person, `reviewedBy`, at `reviewedAt`); any later change sets it to NEEDS_REVIEW. */
  @Column({ name: "review_status", type: "varchar", length: 16, default: "UNREVIEWED" })
  reviewStatus: ReviewStatus;

  @Column({ name: "reviewed_by", type: "varchar", length: 64, nullable: true })
  reviewedBy: string | null;

  @Column({ name: "reviewed_at", type: "bigint", nullable: true, transformer: epochTransformer })
  reviewedAt: Date | null;

  @Column({ name: "review_note", type: "varchar", length: 1024, nullable: true })
  reviewNote: string | null;

  /**
   * Not a column: set on a report read as of a point in its history (src/graph/revisions/history.loader.ts), whose
   * cells and issues are then those valid at this revision of the global commit order.
   */
  asOf?: { readonly sequence: number; readonly asOf: Date | null; readonly release: string | null };
}
