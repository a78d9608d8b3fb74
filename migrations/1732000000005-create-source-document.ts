import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { idColumn, integerColumn, varcharColumn } from "./schema-helpers";

/** Content-addressed sources, kept so that every report can be re-parsed. */
export class CreateSourceDocument1732000000005 implements MigrationInterface {
  name = "CreateSourceDocument1732000000005";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "source_document",
        columns: [
          { ...varcharColumn("hash", 64), isPrimary: true, primaryKeyConstraintName: "PK_source_document" },
          varcharColumn("format", 16),
          varcharColumn("encoding", 8),
          integerColumn("byte_length"),
          integerColumn("chunk_count"),
          { name: "created_at", type: "datetime", isNullable: false },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "source_chunk",
        columns: [idColumn("PK_source_chunk"), varcharColumn("document_hash", 64), integerColumn("seq"), { name: "data", type: "text", isNullable: false }],
        uniques: [{ name: "UQ_source_chunk_document_seq", columnNames: ["document_hash", "seq"] }],
        foreignKeys: [
          {
            name: "FK_source_chunk_document",
            columnNames: ["document_hash"],
            referencedTableName: "source_document",
            referencedColumnNames: ["hash"],
            onDelete: "CASCADE",
            onUpdate: "RESTRICT",
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("source_chunk", true);
    await queryRunner.dropTable("source_document", true);
  }
}
