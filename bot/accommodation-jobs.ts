import { closeQuietAccommodationThreads } from "../services/accommodation/close-quiet-threads.ts";
import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import { errorForLog, type Logger } from "../services/logger.ts";

const JOB_INTERVAL_MS = 60 * 60_000;

export interface AccommodationJobs {
  stop(): void;
  /** One run now (tests drive it on a ManualClock). */
  runOnce(): Promise<{ closed: number }>;
}

/**
 * Accommodation threads' background work, once an hour: threads nobody has written in for
 * ACCOMMODATION_THREAD_QUIET_DAYS close. Each run reads the clock once. Reminders to a club that
 * has not answered would run here too (not yet).
 */
export function startAccommodationJobs(deps: { db: Database; clock: Clock; logger: Logger; quietDays: number; intervalMs?: number }): AccommodationJobs {
  const { db, clock, logger, quietDays } = deps;
  const runOnce = async () => {
    const result = await closeQuietAccommodationThreads(db, { now: clock.now(), quietDays });
    if (result.closed) logger.info({ closedThreads: result.closed }, "accommodation jobs ran");
    return result;
  };
  const timer = setInterval(() => void runOnce().catch((error: unknown) => logger.error({ error: errorForLog(error) }, "accommodation jobs failed")), deps.intervalMs ?? JOB_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
