import { unwrapResolverError } from "@apollo/server/errors";

/** Driver errors that mean the database cannot be reached right now (not that the query is wrong). */
const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|PROTOCOL_CONNECTION_LOST|ER_CON_COUNT_ERROR|Pool is closed|Connection lost|closed state|connect ETIMEDOUT|SQLITE_BUSY|database is not established|Connection is not established|database connection is not open/;

/** Whether an error (a resolver's, or a driver's directly) says the database is unreachable, not the query wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const original = unwrapResolverError(error) as { code?: string; message?: string; driverError?: { code?: string } } | undefined;
  return UNAVAILABLE.test(`${original?.code ?? ""} ${original?.driverError?.code ?? ""} ${original?.message ?? ""}`);
}
