import type { Clock } from "../services/clock.ts";
import { remindUnansweredSignUps } from "../services/clubs/remind-unanswered.ts";
import type { NoticeText } from "../services/clubs/notice-text.ts";
import type { RemindersConfig } from "../services/config.ts";
import type { Database } from "../services/db/database.ts";
import { expireLapsedHolds } from "../services/enrollment/expire-holds.ts";
import { errorForLog, type Logger } from "../services/logger.ts";
import { processFamilyRefunds } from "../services/payments/family-payments.ts";
import type { PaymentProvider } from "../services/payments/payment-provider.ts";

const JOB_INTERVAL_MS = 60_000;

export interface LedgerJobs {
  stop(): void;
}

export interface ReminderDeps extends RemindersConfig {
  timeZone: string;
  text: NoticeText;
}

/**
 * The ledger's background work, once a minute: holds nobody answered expire (their money goes
 * back to the card), unanswered sign-ups are reminded of (after expiry, so a lapsed one gets
 * nothing), and refunds owed to families are pushed to the payment provider. Each run reads the
 * clock once.
 */
export function startLedgerJobs(deps: { db: Database; payments: PaymentProvider; clock: Clock; logger: Logger; reminders: ReminderDeps; intervalMs?: number }): LedgerJobs {
  const { db, payments, clock, logger, reminders } = deps;
  const run = async () => {
    try {
      const now = clock.now();
      const { expired } = await expireLapsedHolds(db, now);
      const reminded = await remindUnansweredSignUps(db, { now, ...reminders });
      const refunds = await processFamilyRefunds(db, payments, now);
      if (expired || reminded.clubReminders || reminded.lapseWarnings || refunds.refunded || refunds.failed) logger.info({ expiredHolds: expired, ...reminded, ...refunds }, "ledger jobs ran");
    } catch (error) {
      logger.error({ error: errorForLog(error) }, "ledger jobs failed");
    }
  };
  const timer = setInterval(() => void run(), deps.intervalMs ?? JOB_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
