import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import { Agency } from "./agency.entity";

/** Another name under which an agency has published (e.g. 洪泽区人民政府 and 淮安市洪泽区人民政府). */
@Entity({ name: "agency_alias" })
@Unique("UQ_agency_alias_agency_normalized_name", ["agencyId", "normalizedName"])
@Index("IDX_agency_alias_normalized_name", ["normalizedName"])
export class AgencyAlias {
  @PrimaryGeneratedColumn({ type: "integer", primaryKeyConstraintName: "PK_agency_alias" })
  id: number;

  @Column({ name: "agency_id", type: "integer" })
  agencyId: number;

  @ManyToOne(() => Agency, { onDelete: "CASCADE", onUpdate: "RESTRICT" })
  @JoinColumn({ name: "agency_id", foreignKeyConstraintName: "FK_agency_alias_agency" })
  agency?: Agency;

  @Column({ type: "varchar", length: 128 })
  name: string;

  @Column({ name: "normalized_name", type: "varchar", length: 128 })
  normalizedName: string;
}
