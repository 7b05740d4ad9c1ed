import type { NoticeText } from "../clubs/notice-text.ts";
import { remindUnansweredSignUps } from "../clubs/remind-unanswered.ts";
import { closeQuietAccommodationThreads } from "../accommodation/close-quiet-threads.ts";
import { remindUnansweredRequests } from "../accommodation/remind-unanswered-requests.ts";
import type { AppConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { addDays, fromIsoDate, toIsoDate, todayIn } from "../dates.ts";
import { expireLapsedHolds } from "../enrollment/expire-holds.ts";
import { allocatePeriod } from "../ledger/allocate.ts";
import { expirePeriod } from "../ledger/expire-period.ts";
import { settle } from "../ledger/settle.ts";
import { sendOutreach } from "../outreach/send-outreach.ts";
import { periodContaining } from "../periods.ts";
import { pollPendingFamilyPayments, processFamilyRefunds } from "../payments/family-payments.ts";
import type { PaymentProvider } from "../payments/payment-provider.ts";
import type { RegisterListing } from "../registry/population-register.ts";
import { announceHandOffs } from "../handoff/announce-hand-offs.ts";
import type { HandOffNotices } from "../handoff/hand-off-text.ts";
import { syncRegistry } from "../registry/sync-registry.ts";
import { purgeExpiredMessages } from "../privacy/purge-expired-messages.ts";
import { pruneJobRuns } from "./job-runs.ts";
import { DEFAULT_JOB_SCHEDULES, JOB_NAMES, type JobName } from "./job-names.ts";

export { DEFAULT_JOB_SCHEDULES, JOB_NAMES, type JobName };
import type { JobDefinition, JobSummary } from "./scheduler.ts";

export interface CalendarDependencies {
  db: Database;
  config: AppConfig;
  municipalityId: string;
  payments: PaymentProvider;
  text: NoticeText;
  /**
   * The population register the nightly sync reads (the configured one; the demo's on the embedded
   * default); none: the job records that no register is configured.
   */
  register?: () => Promise<RegisterListing | null>;
  /** What hand-off notices say (the catalogs, the municipality's name, the inbox's address). */
  handOffNotices: HandOffNotices;
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 90;

/** The calendar's schedule for each job: the default, or JOB_SCHEDULES' override ("off" turns a job off). */
export function jobSchedules(config: Pick<AppConfig, "jobs">): Record<JobName, string> {
  return Object.fromEntries(JOB_NAMES.map((name) => [name, config.jobs.schedules[name] ?? DEFAULT_JOB_SCHEDULES[name]])) as Record<JobName, string>;
}

/**
 * The service's job calendar: each job one use case (or a few), idempotent, reading the time it is
 * given. The scheduler (scheduler.ts) decides when, and that each slot runs once across instances.
 */
export function jobCalendar(deps: CalendarDependencies): JobDefinition[] {
  const { db, config, municipalityId, payments, text } = deps;
  const scheme = config.scheme;
  const schedules = jobSchedules(config);
  const todayAt = (now: Date) => todayIn(scheme.timeZone, now);
  const current = (now: Date) => periodContaining(todayAt(now), scheme);
  const define = (name: JobName, summary: string, run: JobDefinition["run"], timeoutMs?: number): JobDefinition => ({ name, summary, schedule: schedules[name], run, ...(timeoutMs ? { timeoutMs } : {}) });

  return [
    define(
      "allocate",
      "credits every eligible child's card for the current period (at its start, and daily for children who moved in)",
      async ({ now }) => {
        const span = current(now);
        if (!span) return { period: null };
        const result = await allocatePeriod(db, { municipalityId, period: span, scheme, today: todayAt(now), now });
        return { ...result };
      },
      2 * 3_600_000,
    ),
    define("outreach", "writes once to each family with an eligible child: the amount, how to find an activity, how to stop messages", async ({ now }) => {
      const span = current(now);
      const period = span ? await db.prisma.period.findUnique({ where: { municipalityId_code: { municipalityId, code: span.code } }, select: { state: true } }) : null;
      if (!span || period?.state !== "OPEN") return { period: span?.code ?? null };
      const result = await sendOutreach(db, { municipalityId, periodCode: span.code, kind: "PERIOD_START", now, text, publicBaseUrl: config.publicBaseUrl, limit: config.outreach.batchSize });
      return { ...result };
    }),
    define("remind-expiring", "reminds families with unused money that the period ends (once per child)", async ({ now }) => {
      const span = current(now);
      if (!span || todayAt(now) < addDays(span.endsOn, -config.outreach.remindExpiringDays)) return { period: span?.code ?? null, due: false };
      const period = await db.prisma.period.findUnique({ where: { municipalityId_code: { municipalityId, code: span.code } }, select: { state: true } });
      if (period?.state !== "OPEN") return { period: span.code, due: false };
      const result = await sendOutreach(db, { municipalityId, periodCode: span.code, kind: "EXPIRING", now, text, publicBaseUrl: config.publicBaseUrl, limit: config.outreach.batchSize });
      return { ...result };
    }),
    define("expire-holds", "lapses sign-up holds no club answered in time", async ({ now }) => ({ ...(await expireLapsedHolds(db, now)) })),
    define("remind-clubs", "reminds clubs of unanswered sign-ups and warns families before a hold lapses", async ({ now }) => ({
      ...(await remindUnansweredSignUps(db, { now, ...config.reminders, timeZone: scheme.timeZone, text })),
    })),
    define("poll-payments", "asks the payment provider about family payments whose callback has not come", async ({ now }) => ({
      ...(await pollPendingFamilyPayments(db, payments, { now, afterMinutes: config.payments.pollAfterMinutes })),
    })),
    define("family-refunds", "sends refunds the ledger has booked to the payment provider", async ({ now }) => ({ ...(await processFamilyRefunds(db, payments, now)) })),
    define("close-quiet-threads", "closes accommodation threads nobody has written in for a while", async ({ now }) => ({
      ...(await closeQuietAccommodationThreads(db, { now, quietDays: config.accommodation.threadQuietDays })),
    })),
    define(
      "expire-periods",
      "expires periods that have ended: unused money back to the fund",
      async ({ now }) => {
        const today = todayAt(now);
        const ended = await db.prisma.period.findMany({ where: { municipalityId, state: "OPEN", endsOn: { lt: fromIsoDate(today) } }, select: { code: true }, orderBy: { endsOn: "asc" } });
        let returnedOre = 0;
        for (const { code } of ended) returnedOre += (await expirePeriod(db, { municipalityId, periodCode: code, today, now })).returnedOre;
        return { periods: ended.map((p) => p.code).join(",") || null, returnedOre };
      },
      2 * 3_600_000,
    ),
    define("settle", "pays the clubs what is posted: a payout batch named auto-<date>-<time>", async ({ now, slot }) => {
      const stamp = toIsoDate(slot).replace(/-/g, "") + "-" + slot.toISOString().slice(11, 16).replace(":", "");
      const result = await settle(db, { municipalityId, batchId: `auto-${stamp}`, from: new Date(0), to: slot, now });
      return { batchId: result.batchId, status: result.status, payments: result.payments.length, totalOre: result.totalOre };
    }),
    define("remind-accommodation", "reminds clubs of unanswered accommodation requests, then escalates to a caseworker", async ({ now }) => ({
      ...(await remindUnansweredRequests(db, { now, reminderHours: config.accommodation.reminderHours, escalationHours: config.accommodation.escalationHours, text })),
    })),
    define("hand-offs", "announces hand-offs in staffed hours and reminds of unclaimed ones", async ({ now }) => {
      const { announced, reminded } = await announceHandOffs(db, { now, staffedHours: config.handOff.staffedHours, timeZone: scheme.timeZone, reminderMinutes: config.handOff.reminderMinutes, notices: deps.handOffNotices });
      return { announced, reminded };
    }),
    define(
      "registry-sync",
      "reads the population register (moves in and out, guardians)",
      async ({ now }): Promise<JobSummary> => {
        const register = await deps.register?.();
        if (!register) return { register: "none configured" };
        const result = await syncRegistry(db, { municipalityId, register, now });
        const { listed, created, updated, movedIn, movedOut, guardianshipsAdded, guardianshipsRemoved, noChanges } = result;
        return { listed, created, updated, movedIn, movedOut, guardianshipsAdded, guardianshipsRemoved, noChanges, skipped: result.skipped.length };
      },
      2 * 3_600_000,
    ),
    define("retention", `deletes stored messages older than RETENTION_DAYS (${config.retention.days})`, async ({ now }): Promise<JobSummary> => ({ ...(await purgeExpiredMessages(db, { retentionDays: config.retention.days, now })) })),
    define("prune-job-runs", `deletes the calendar's history older than ${HISTORY_DAYS} days`, async ({ now }) => ({ deleted: await pruneJobRuns(db, new Date(now.getTime() - HISTORY_DAYS * DAY_MS)) })),
  ];
}
