import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { ValueState } from "../domain/codes";
import { epochTransformer, jsonTransformer } from "./column-transformers";

/** What DIVERGENT and AGREES mean: the copy differs from the served report in at least one cell, or in none. */
export const COPY_STATUSES = ["DIVERGENT", "AGREES"] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/** A cell's value and state, as one side of a disagreement reads it. */
export interface CopyReading {
  readonly value: number | null;
  readonly state: ValueState;
}

/** One cell where a copy and the served report disagree. */
export interface CopyDisagreement {
  /** TABLE.ROW.COLUMN. */
  readonly cell: string;
  readonly served: CopyReading;
  readonly copy: CopyReading;
}

/**
 * A second source's copy of a report, kept beside the served one and not served (src/ingest/report-copies.ts): its
 * source (bytes in source_document by `contentHash`), when it came, and the cells where it disagrees with the served
 * report when it came, at most MAX_COPY_DISAGREEMENTS of them listed and all of them counted. Kept when the report is
 * deleted, with its history.
 */
@Entity({ name: "report_copy" })
@Unique("UQ_report_copy_content", ["reportId", "contentHash"])
@Index("IDX_report_copy_status", ["status", "reportId"])
export class ReportCopy {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_report_copy" })
  id: number;

  @Column({ name: "report_id", type: "integer" })
  reportId: number;

  /** SHA-256 of the copy's source, hex: its row in source_document. */
  @Column({ name: "content_hash", type: "varchar", length: 64 })
  contentHash: string;

  @Column({ name: "source_url", type: "varchar", length: 2048, nullable: true })
  sourceUrl: string | null;

  /** TEXT, HTML, PDF, MARKDOWN or JSON. */
  @Column({ name: "source_format", type: "varchar", length: 16 })
  sourceFormat: string;

  @Column({ name: "parser_version", type: "varchar", length: 32 })
  parserVersion: string;

  @Column({ name: "received_at", type: "bigint", transformer: epochTransformer })
  receivedAt: Date;

  /** The cells where the copy disagrees with the served report, in cell-code order, at most MAX_COPY_DISAGREEMENTS (JSON). */
  @Column({ type: "text", transformer: jsonTransformer })
  disagreements: CopyDisagreement[];

  /** How many cells disagree, all of them (the list may be cut short). */
  @Column({ name: "disagreement_count", type: "integer" })
  disagreementCount: number;

  @Column({ type: "varchar", length: 16 })
  status: CopyStatus;
}
