import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * A source as it was loaded (text, HTML, PDF, structured JSON), content-addressed by the SHA-256 of its bytes so that
 * `reparse` can rebuild every report from it. The content lives in SourceChunk rows: MySQL's TEXT holds 64 KB.
 */
@Entity({ name: "source_document" })
export class SourceDocument {
  /** SHA-256 of the original bytes, hex. */
  @PrimaryColumn({ type: "varchar", length: 64, primaryKeyConstraintName: "PK_source_document" })
  hash: string;

  /** TEXT, MARKDOWN, HTML, PDF or JSON. */
  @Column({ type: "varchar", length: 16 })
  format: string;

  /** How the chunks hold the bytes: utf8 text, or base64 for binary sources. */
  @Column({ type: "varchar", length: 8 })
  encoding: "utf8" | "base64";

  @Column({ name: "byte_length", type: "integer" })
  byteLength: number;

  @Column({ name: "chunk_count", type: "integer" })
  chunkCount: number;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}
