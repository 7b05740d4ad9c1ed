import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import { errorForLog, type Logger } from "../services/logger.ts";
import { purgeExpiredMessages, type Purged } from "../services/privacy/purge-expired-messages.ts";

const JOB_INTERVAL_MS = 24 * 60 * 60_000;
/** The first run waits for start-up's own work (the NLU's training) to pass. */
const FIRST_RUN_DELAY_MS = 60_000;

export interface PrivacyJobs {
  stop(): void;
  /** One run now (tests drive it on a ManualClock). */
  runOnce(): Promise<Purged>;
}

/**
 * Retention, once a day on the app's clock: messages older than RETENTION_DAYS are deleted
 * (services/privacy/purge-expired-messages.ts), and once shortly after start, so a service
 * restarted more often than daily still purges. Each run reads the clock once.
 */
export function startPrivacyJobs(deps: { db: Database; clock: Clock; logger: Logger; retentionDays: number; intervalMs?: number }): PrivacyJobs {
  const { db, clock, logger, retentionDays } = deps;
  const runOnce = async () => {
    const purged = await purgeExpiredMessages(db, { retentionDays, now: clock.now() });
    if (purged.inbound + purged.outbox + purged.webChatActivities + purged.webChatConversations > 0) logger.info(purged, "retention: old messages deleted");
    return purged;
  };
  const run = () => void runOnce().catch((error: unknown) => logger.error({ error: errorForLog(error) }, "retention job failed"));
  const first = setTimeout(run, FIRST_RUN_DELAY_MS);
  const timer = setInterval(run, deps.intervalMs ?? JOB_INTERVAL_MS);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
    runOnce,
  };
}
