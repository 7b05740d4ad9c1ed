import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import { announceHandOffs, type AnnounceHandOffsOptions } from "../services/handoff/announce-hand-offs.ts";
import { errorForLog, type Logger } from "../services/logger.ts";

const JOB_INTERVAL_MS = 60_000;

export interface HandOffJobs {
  stop(): void;
  /** One run now (tests drive it on a ManualClock). */
  runOnce(): Promise<{ announced: number; reminded: number }>;
}

/**
 * Hand-offs' background work, once a minute on the service's clock (read once per run): in staffed
 * hours, hand-offs opened outside them are announced and unclaimed ones remind the duty list once
 * (services/handoff/announce-hand-offs.ts).
 */
export function startHandOffJobs(deps: { db: Database; clock: Clock; logger: Logger; options: Omit<AnnounceHandOffsOptions, "now">; intervalMs?: number }): HandOffJobs {
  const { db, clock, logger } = deps;
  const runOnce = async () => {
    const result = await announceHandOffs(db, { ...deps.options, now: clock.now() });
    if (result.announced || result.reminded) logger.info(result, "hand-off jobs ran");
    return result;
  };
  const timer = setInterval(() => void runOnce().catch((error: unknown) => logger.error({ error: errorForLog(error) }, "hand-off jobs failed")), deps.intervalMs ?? JOB_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
