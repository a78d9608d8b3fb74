import { Column, Entity, Index, PrimaryColumn, Unique } from "typeorm";
import type { RevisionKind } from "../domain/codes";
import { epochTransformer, jsonTransformer } from "./column-transformers";

/** The report fields a revision keeps, as they were after it. */
export interface RevisionFields {
  readonly templateVersion: string;
  readonly scope: string;
  readonly scopeSource: string | null;
  readonly parsedScope: string | null;
  readonly title: string | null;
  readonly publishedAt: string | null;
  readonly sourceUrl: string | null;
  readonly sourceFormat: string;
  readonly contentHash: string;
  readonly parserVersion: string;
  readonly errorCount: number;
  readonly reviewStatus: string;
  /** Who verified the report last, when (ISO 8601) and with what note; null before any verification. */
  readonly reviewedBy?: string | null;
  readonly reviewedAt?: string | null;
  readonly reviewNote?: string | null;
  /** The agency's name and kind then (an agency is named as in its latest report, so its name can change). */
  readonly agencyName?: string;
  readonly agencyKind?: string;
}

/**
 * One change to one report, never changed once written: who made it, when, why, how many cells and issues it
 * changed, and the report's fields after it. Its id is the global commit order (src/revisions/revision-clock.ts);
 * `number` counts the report's own revisions from 1. No foreign key to the report: a deleted report keeps its history.
 */
@Entity({ name: "report_revision" })
@Unique("UQ_report_revision_number", ["reportId", "number"])
@Index("IDX_report_revision_committed_at", ["committedAt"])
@Index("IDX_report_revision_agency_year", ["agencyId", "year"])
@Index("IDX_report_revision_report", ["reportId", "id"])
export class ReportRevision {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "PK_report_revision" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  @Column({ name: "agency_id", type: "integer" })
  agencyId: number;

  @Column({ type: "integer" })
  year: number;

  @Column({ type: "integer" })
  number: number;

  @Column({ type: "varchar", length: 24 })
  kind: RevisionKind;

  /** The name of the token (or the CLI user) that made the change. */
  @Column({ type: "varchar", length: 64 })
  actor: string;

  @Column({ type: "varchar", length: 1024, nullable: true })
  reason: string | null;

  @Column({ name: "committed_at", type: "bigint", transformer: epochTransformer })
  committedAt: Date;

  /** The report's template version and scope after the revision (also in `fields`), for the lists and exports as of a revision. */
  @Column({ name: "template_version", type: "varchar", length: 16 })
  templateVersion: string;

  @Column({ type: "varchar", length: 24 })
  scope: string;

  @Column({ name: "cells_changed", type: "integer" })
  cellsChanged: number;

  @Column({ name: "issues_changed", type: "integer" })
  issuesChanged: number;

  @Column({ type: "text", transformer: jsonTransformer })
  fields: RevisionFields;
}
