import type { TableColumnOptions } from "typeorm";

/**
 * Column builders for the migrations, so every migration spells types the same portable way (`integer` not `int`,
 * which SQLite refuses with AUTOINCREMENT; explicit lengths; no database-specific types), which keeps the schema
 * without drift on SQLite and MariaDB alike. Changing one of these changes history: add new
 * builders instead.
 */

/** An auto-increment integer primary key named `id`. */
export function idColumn(primaryKeyConstraintName: string): TableColumnOptions {
  return {
    name: "id",
    type: "integer",
    isPrimary: true,
    isGenerated: true,
    generationStrategy: "increment",
    primaryKeyConstraintName,
  };
}

/** A varchar column of the given length. */
export function varcharColumn(name: string, length: number, isNullable = false): TableColumnOptions {
  return { name, type: "varchar", length: String(length), isNullable };
}

/** An integer column. */
export function integerColumn(name: string, isNullable = false): TableColumnOptions {
  return { name, type: "integer", isNullable };
}
