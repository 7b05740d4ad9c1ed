import type { Database } from "./database.ts";

/**
 * Whether the database answers a trivial query within `timeoutMs` (readiness: /readyz). A closed
 * embedded database, a stopped server, a refused connection or a hung one all count as not.
 */
export async function databaseResponds(db: Database, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.sql("SELECT 1 AS ok", []).then(() => true as const), timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
