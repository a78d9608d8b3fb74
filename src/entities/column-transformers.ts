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

/** The warning type under which a stored value that is not JSON is reported. */
export const STORED_JSON_WARNING = "StoredJsonWarning";

/**
 * A stored JSON text read back. Text that is not JSON (a value cut short by a database that truncates instead of
 * refusing, or edited by hand) is read as null, the value of a row stored before the column existed, so the row
 * still loads; a warning names what was found, and `reparse` rebuilds the value from the source.
 */
function parseStoredJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.emitWarning(
      `a stored JSON column holds ${value.length} characters that are not JSON (starting ${JSON.stringify(value.slice(0, 40))}): ${reason}; read as null, reparse the report to rebuild it`,
      { type: STORED_JSON_WARNING },
    );
    return null;
  }
}

/** Stores a small JSON value in a varchar or text column (null stays null). */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value)),
  from: (value: string | null) => (value ? parseStoredJson(value) : null),
};

/**
 * A moment kept as milliseconds since the epoch in a BIGINT column (exact to the millisecond on every database; mysql2
 * returns BIGINT as a string), read back as a Date.
 */
export const epochTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) => (value === null || value === undefined ? value : value.getTime()),
  from: (value: string | number | null) => (value === null || value === undefined ? null : new Date(Number(value))),
};
