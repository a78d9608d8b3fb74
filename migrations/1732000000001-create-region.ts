import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { varcharColumn } from "./schema-helpers";

/** The administrative-division tree. */
export class CreateRegion1732000000001 implements MigrationInterface {
  name = "CreateRegion1732000000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "region",
        columns: [
          { ...varcharColumn("code", 6), isPrimary: true, primaryKeyConstraintName: "PK_region" },
          varcharColumn("name", 64),
          varcharColumn("level", 16),
          varcharColumn("parent_code", 6, true),
        ],
        indices: [
          { name: "IDX_region_parent_code", columnNames: ["parent_code"] },
          { name: "IDX_region_level", columnNames: ["level"] },
          { name: "IDX_region_name", columnNames: ["name"] },
        ],
        foreignKeys: [
          {
            name: "FK_region_parent",
            columnNames: ["parent_code"],
            referencedTableName: "region",
            referencedColumnNames: ["code"],
            onDelete: "RESTRICT",
            onUpdate: "RESTRICT",
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("region", true);
  }
}
