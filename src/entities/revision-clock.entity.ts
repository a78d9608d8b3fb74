import { Column, Entity, PrimaryColumn } from "typeorm";
import { epochTransformer } from "./column-transformers";

/**
 * The one row (id 1) that hands out revision ids: locked by each write at its end, so ids follow commit order and
 * commit times never go backwards (src/revisions/revision-clock.ts).
 */
@Entity({ name: "revision_clock" })
export class RevisionClock {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "PK_revision_clock" })
  id: number;

  @Column({ name: "last_revision", type: "integer" })
  lastRevision: number;

  @Column({ name: "last_committed_at", type: "bigint", transformer: epochTransformer })
  lastCommittedAt: Date;
}
