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
  "SQLITE_CONSTRAINT_UNIQUE",
  "SQLITE_CONSTRAINT_PRIMARYKEY",
]);

/**
 * Whether a database error comes from a concurrent writer (a duplicate key another process inserted first, a
 * deadlock, a lock timeout): the transaction was rolled back and running it again will see the other's rows.
 */
export function isRetryableConflict(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string } })?.driverError ?? (error as { code?: string });
  return typeof driver?.code === "string" && RETRYABLE_CODES.has(driver.code);
}
