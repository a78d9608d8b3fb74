/** A source that cannot be stored, with the reason in words; nothing was written. */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IngestError";
  }
}

const RETRYABLE_CODES = new Set([
  "ER_DUP_ENTRY",
  "ER_LOCK_DEADLOCK",
  "ER_LOCK_WAIT_TIMEOUT",
  "SQLITE_BUSY",
  // A transaction that read before another process committed cannot write in WAL mode: it must start again.
  "SQLITE_BUSY_SNAPSHOT",
  "SQLITE_CONSTRAINT_UNIQUE",
  "SQLITE_CONSTRAINT_PRIMARYKEY",
]);

/**
 * Whether a database error comes from a concurrent writer (a duplicate key another process inserted first, a
 * deadlock, a lock timeout, a SQLite snapshot another process wrote past): the transaction was rolled back and
 * running it again will see the other's rows.
 */
export function isRetryableConflict(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string } })?.driverError ?? (error as { code?: string });
  return typeof driver?.code === "string" && RETRYABLE_CODES.has(driver.code);
}

/**
 * Database errors about a value of this source, not about the database: too long for its column, out of its
 * range, not of its type. The statement was refused and nothing of the transaction stays; the same source would be
 * refused again, while the next one may well be stored.
 */
const REFUSED_VALUE_CODES = new Set([
  "ER_DATA_TOO_LONG",
  "ER_WARN_DATA_OUT_OF_RANGE",
  "ER_DATA_OUT_OF_RANGE",
  "ER_TRUNCATED_WRONG_VALUE",
  "ER_TRUNCATED_WRONG_VALUE_FOR_FIELD",
  "WARN_DATA_TRUNCATED",
  "SQLITE_TOOBIG",
]);

/** Whether the database refused a value of the source being written (see REFUSED_VALUE_CODES). */
export function isRefusedValue(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string } })?.driverError ?? (error as { code?: string });
  return typeof driver?.code === "string" && REFUSED_VALUE_CODES.has(driver.code);
}

/** An error's message alone, never its stack: what a summary line or a client may be shown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
