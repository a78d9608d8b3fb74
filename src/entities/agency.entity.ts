import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { AgencyKind } from "../domain/codes";
import { Region } from "./region.entity";

/** An issuing organ (机关): one identity across the years it reports. */
@Entity({ name: "agency" })
@Unique("UQ_agency_region_normalized_name", ["regionCode", "normalizedName"])
@Index("IDX_agency_kind", ["kind"])
@Index("IDX_agency_name", ["name"])
export class Agency {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_agency" })
  id: number;

  /** The name as printed in the agency's most recent report. */
  @Column({ type: "varchar", length: 128 })
  name: string;

  /** The name folded for matching (NFKC, no white space). */
  @Column({ name: "normalized_name", type: "varchar", length: 128 })
  normalizedName: string;

  @Column({ type: "varchar", length: 16 })
  kind: AgencyKind;

  @Column({ name: "region_code", type: "varchar", length: 6 })
  regionCode: string;

  @ManyToOne(() => Region, { onDelete: "RESTRICT", onUpdate: "RESTRICT" })
  @JoinColumn({ name: "region_code", foreignKeyConstraintName: "FK_agency_region" })
  region?: Region;
}
