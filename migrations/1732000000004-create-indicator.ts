import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { integerColumn, varcharColumn } from "./schema-helpers";

/** The indicator catalog (reference data, filled by the seed step). */
export class CreateIndicator1732000000004 implements MigrationInterface {
  name = "CreateIndicator1732000000004";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "indicator",
        columns: [
          { ...varcharColumn("code", 128), isPrimary: true, primaryKeyConstraintName: "PK_indicator" },
          varcharColumn("table_code", 24),
          varcharColumn("row_code", 48),
          varcharColumn("column_code", 32),
          varcharColumn("label_zh", 255),
          varcharColumn("label_en", 255),
          varcharColumn("unit", 32),
          varcharColumn("cell_kind", 24),
          varcharColumn("versions", 64),
          { name: "derived", type: "boolean", isNullable: false },
          varcharColumn("comparability_group", 128),
          varcharColumn("comparability", 24),
          varcharColumn("comparability_note", 255, true),
          integerColumn("position"),
        ],
        uniques: [{ name: "UQ_indicator_position", columnNames: ["table_code", "row_code", "column_code"] }],
        indices: [{ name: "IDX_indicator_comparability_group", columnNames: ["comparability_group"] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("indicator", true);
  }
}
