import type { Database, Tx } from "./database.ts";

const RETRYABLE = /40P01|40001|deadlock detected|could not serialize/i;

/**
 * Runs `work` in one interactive transaction, retrying it whole when PostgreSQL aborts it for a
 * deadlock (two transactions locking the same rows in opposite order) or a serialization failure.
 * Every write happens inside, so a retry starts from a clean slate.
 */
export async function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>, options: { attempts?: number; timeoutMs?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.prisma.$transaction(work, { timeout: options.timeoutMs ?? 15_000, maxWait: 10_000 });
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export function isRetryable(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ""} ${JSON.stringify((error as { meta?: unknown })?.meta ?? "")} ${(error as { code?: string })?.code ?? ""}`;
  return RETRYABLE.test(text) || (error as { code?: string })?.code === "P2034";
}
