import type { ValueTransformer } from "typeorm";

/**
 * DECIMAL columns come back from mysql2 as strings and from better-sqlite3 as numbers; this makes both numbers
 * (and keeps null as null).
 */
export const decimalTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** Stores a list of codes as one comma-separated text column, portable across SQLite and MySQL. */
export const codeListTransformer: ValueTransformer = {
  to: (value: readonly string[] | null | undefined) => (value ? value.join(",") : ""),
  from: (value: string | null) => (value ? value.split(",") : []),
};

/** Stores a small JSON value in a varchar column (null stays null). */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value)),
  from: (value: string | null) => (value ? (JSON.parse(value) as unknown) : null),
};
