import type { TableColumnOptions } from "typeorm";

/**
 * Column builders for the migrations, so every migration spells types the same portable way (STACK.md: `integer`
 * not `int`, explicit lengths, no database-specific types). Changing one of these changes history: add new
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
