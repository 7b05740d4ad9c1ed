import { closeQuietAccommodationThreads } from "../services/accommodation/close-quiet-threads.ts";
import { remindUnansweredRequests } from "../services/accommodation/remind-unanswered-requests.ts";
import type { NoticeText } from "../services/clubs/notice-text.ts";
import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import { errorForLog, type Logger } from "../services/logger.ts";

const JOB_INTERVAL_MS = 60 * 60_000;

export interface AccommodationJobs {
  stop(): void;
  /** One run now (tests drive it on a ManualClock). */
  runOnce(): Promise<{ closed: number; reminded: number; escalated: number }>;
}

/**
 * Accommodation threads' background work, once an hour: threads nobody has written in for
 * ACCOMMODATION_THREAD_QUIET_DAYS close; requests the club has not answered remind the club once,
 * then are escalated to a caseworker. Each run reads the clock once.
 */
export function startAccommodationJobs(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  quietDays: number;
  /** Unanswered requests: the club's reminder, then the escalation to a caseworker. */
  unanswered?: { reminderHours: number; escalationHours: number; text: NoticeText };
  /** Told after a run that queued notices (the outbox worker's wake). */
  queued?: () => void;
  intervalMs?: number;
}): AccommodationJobs {
  const { db, clock, logger, quietDays } = deps;
  const runOnce = async () => {
    const now = clock.now();
    const { reminded, escalated } = deps.unanswered ? await remindUnansweredRequests(db, { now, ...deps.unanswered }) : { reminded: 0, escalated: 0 };
    const { closed } = await closeQuietAccommodationThreads(db, { now, quietDays });
    if (reminded || escalated) deps.queued?.();
    if (closed || reminded || escalated) logger.info({ closedThreads: closed, reminded, escalated }, "accommodation jobs ran");
    return { closed, reminded, escalated };
  };
  const timer = setInterval(() => void runOnce().catch((error: unknown) => logger.error({ error: errorForLog(error) }, "accommodation jobs failed")), deps.intervalMs ?? JOB_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
