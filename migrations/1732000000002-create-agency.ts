import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { idColumn, integerColumn, varcharColumn } from "./schema-helpers";

/** Agencies and their other names. */
export class CreateAgency1732000000002 implements MigrationInterface {
  name = "CreateAgency1732000000002";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "agency",
        columns: [
          idColumn("PK_agency"),
          varcharColumn("name", 128),
          varcharColumn("normalized_name", 128),
          varcharColumn("kind", 16),
          varcharColumn("region_code", 6),
        ],
        uniques: [{ name: "UQ_agency_region_normalized_name", columnNames: ["region_code", "normalized_name"] }],
        indices: [
          { name: "IDX_agency_kind", columnNames: ["kind"] },
          { name: "IDX_agency_name", columnNames: ["name"] },
        ],
        foreignKeys: [
          {
            name: "FK_agency_region",
            columnNames: ["region_code"],
            referencedTableName: "region",
            referencedColumnNames: ["code"],
            onDelete: "RESTRICT",
            onUpdate: "RESTRICT",
          },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "agency_alias",
        columns: [idColumn("PK_agency_alias"), integerColumn("agency_id"), varcharColumn("name", 128), varcharColumn("normalized_name", 128)],
        uniques: [{ name: "UQ_agency_alias_agency_normalized_name", columnNames: ["agency_id", "normalized_name"] }],
        indices: [{ name: "IDX_agency_alias_normalized_name", columnNames: ["normalized_name"] }],
        foreignKeys: [
          {
            name: "FK_agency_alias_agency",
            columnNames: ["agency_id"],
            referencedTableName: "agency",
            referencedColumnNames: ["id"],
            onDelete: "CASCADE",
            onUpdate: "RESTRICT",
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("agency_alias", true);
    await queryRunner.dropTable("agency", true);
  }
}
