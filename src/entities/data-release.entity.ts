import { Column, Entity, PrimaryGeneratedColumn, Unique } from "typeorm";
import { epochTransformer } from "./column-transformers";

/** A named state of the data: every report as of revision `revisionId`. Nothing is copied. */
@Entity({ name: "data_release" })
@Unique("UQ_data_release_name", ["name"])
export class DataRelease {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_data_release" })
  id: number;

  @Column({ type: "varchar", length: 64 })
  name: string;

  /** The last revision committed when the release was made. */
  @Column({ name: "revision_id", type: "integer" })
  revisionId: number;

  @Column({ name: "created_at", type: "bigint", transformer: epochTransformer })
  createdAt: Date;

  @Column({ name: "created_by", type: "varchar", length: 64 })
  createdBy: string;

  @Column({ type: "varchar", length: 1024, nullable: true })
  note: string | null;
}
