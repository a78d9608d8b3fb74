import type { RequestHandler } from "express";
import type { DataSource } from "typeorm";

const HEALTH_TIMEOUT_MS = 2000;

/** Whether the database answers a trivial query within the timeout. */
export async function isDatabaseReachable(dataSource: DataSource, timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = dataSource.query("SELECT 1").then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export function healthHandler(dataSource: DataSource): RequestHandler {
  return async (_request, response) => {
    const ok = await isDatabaseReachable(dataSource);
    response
      .status(ok ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json({ status: ok ? "ok" : "unavailable", database: ok ? "up" : "down" });
  };
}
