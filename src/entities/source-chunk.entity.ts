import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import { SourceDocument } from "./source-document.entity";

/** One piece of a source document's content, in order. */
@Entity({ name: "source_chunk" })
@Unique("UQ_source_chunk_document_seq", ["documentHash", "seq"])
export class SourceChunk {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_source_chunk" })
  id: number;

  @Column({ name: "document_hash", type: "varchar", length: 64 })
  documentHash: string;

  @ManyToOne(() => SourceDocument, { onDelete: "CASCADE", onUpdate: "RESTRICT" })
  @JoinColumn({ name: "document_hash", foreignKeyConstraintName: "FK_source_chunk_document" })
  document?: SourceDocument;

  @Column({ type: "integer" })
  seq: number;

  /** At most SOURCE_CHUNK_CHARACTERS characters. */
  @Column({ type: "text" })
  data: string;
}
