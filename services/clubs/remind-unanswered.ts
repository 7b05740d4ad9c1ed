import { notifyPersons } from "../outbox/notify-persons.ts";
import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { todayIn } from "../dates.ts";
import { unresolvedEnrollmentHolds } from "../ledger/enrollment-money.ts";
import { titleIn, type NoticeText } from "./notice-text.ts";

const HOUR_MS = 3_600_000;

export interface RemindUnansweredOptions {
  now: Date;
  /** The club is reminded once this many hours after the sign-up (CLUB_REMINDER_HOURS). */
  clubReminderHours: number;
  /** The family and a caseworker are warned once this many hours before the hold lapses (CLUB_LAPSE_WARNING_HOURS). */
  lapseWarningHours: number;
  /** The municipality's time zone: the day the reservation ends, as the family counts days. */
  timeZone: string;
  text: NoticeText;
}

/**
 * Job: sign-ups the club has not answered. After `clubReminderHours` the club's contacts get one
 * reminder ("påminnelse") with the notice's code and reply; `lapseWarningHours` before the card's
 * hold lapses, whoever signed the child up and one caseworker of the municipality are told once.
 * Each reminder is recorded on the enrollment (`clubRemindedAt`, `lapseWarnedAt`) under its row
 * lock, in the transaction that queues the messages: the lock is the one answers, cancellations and
 * expiry take, so a sign-up settled in between is seen as settled and gets nothing, and concurrent
 * runs in several processes queue each reminder once. Opted-out numbers are skipped.
 */
export async function remindUnansweredSignUps(db: Database, options: RemindUnansweredOptions): Promise<{ clubReminders: number; lapseWarnings: number }> {
  const { now } = options;
  const due = await db.prisma.enrollment.findMany({
    where: { status: "PENDING", clubRemindedAt: null, replyCode: { not: null }, createdAt: { lte: new Date(now.getTime() - options.clubReminderHours * HOUR_MS) } },
    select: { id: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  let clubReminders = 0;
  for (const { id } of due) {
    clubReminders += await inTransaction(db, async (tx) => {
      if (!(await stillWaiting(tx, id, "clubRemindedAt"))) return 0;
      await tx.enrollment.update({ where: { id }, data: { clubRemindedAt: now } });
      await remindClub(tx, id, options);
      return 1;
    });
  }

  // Holds lapse at their timeoutAt (expire-holds.ts); those lapsing within the warning window.
  const holds = await unresolvedEnrollmentHolds(db.prisma, { timeoutAt: { gt: now, lte: new Date(now.getTime() + options.lapseWarningHours * HOUR_MS) } });
  // Those warned already are skipped here, not re-locked every minute of the window.
  const unwarned = new Set(
    (await db.prisma.enrollment.findMany({ where: { id: { in: holds.map((hold) => hold.enrollmentId) }, status: "PENDING", lapseWarnedAt: null }, select: { id: true } })).map((row) => row.id),
  );
  let lapseWarnings = 0;
  for (const hold of holds.filter((candidate) => unwarned.has(candidate.enrollmentId))) {
    lapseWarnings += await inTransaction(db, async (tx) => {
      if (!(await stillWaiting(tx, hold.enrollmentId, "lapseWarnedAt"))) return 0;
      const { timeoutAt } = await tx.ledgerTransfer.findUniqueOrThrow({ where: { id: hold.id }, select: { timeoutAt: true } });
      await tx.enrollment.update({ where: { id: hold.enrollmentId }, data: { lapseWarnedAt: now } });
      await warnOfLapse(tx, hold.enrollmentId, todayIn(options.timeZone, timeoutAt!), options);
      return 1;
    });
  }
  return { clubReminders, lapseWarnings };
}

/** Under the enrollment's lock: still waiting for the club, and not yet reminded this way. */
async function stillWaiting(tx: Tx, enrollmentId: string, mark: "clubRemindedAt" | "lapseWarnedAt"): Promise<boolean> {
  await lockRow(tx, "Enrollment", enrollmentId);
  const row = await tx.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: { status: true, clubRemindedAt: true, lapseWarnedAt: true } });
  return row.status === "PENDING" && row[mark] === null;
}

const ENROLLMENT_SELECT = {
  replyCode: true,
  enrolledById: true,
  period: { select: { municipalityId: true } },
  child: { select: { givenName: true } },
  activity: { select: { title: true, translations: { select: { language: true, title: true } }, provider: { select: { name: true, contacts: { select: { personId: true } } } } } },
} as const;

/** The club's contacts: the reminder, then the notice's own reply line with the same code. */
async function remindClub(tx: Tx, enrollmentId: string, options: RemindUnansweredOptions): Promise<void> {
  const enrollment = await tx.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: ENROLLMENT_SELECT });
  const { child, activity, replyCode } = enrollment;
  const contacts = activity.provider.contacts.map((contact) => contact.personId);
  await notifyPersons(
    tx,
    contacts,
    (language) => [options.text(language, "reminders:club", { child: child.givenName, activity: titleIn(activity, language) }), options.text(language, "club:notice.reply", { code: replyCode })].join("\n"),
    options.now,
  );
}

/**
 * Whoever signed the child up, in their language, and one caseworker of the municipality (the first
 * by number with a verified SMS number that has not opted out): the child's first name, the
 * activity, the club and the day — nothing of the family's card or health.
 */
async function warnOfLapse(tx: Tx, enrollmentId: string, date: string, options: RemindUnansweredOptions): Promise<void> {
  const enrollment = await tx.enrollment.findUniqueOrThrow({ where: { id: enrollmentId }, select: ENROLLMENT_SELECT });
  const { child, activity } = enrollment;
  const values = (language: Parameters<NoticeText>[0]) => ({ child: child.givenName, activity: titleIn(activity, language), club: activity.provider.name, date });
  await notifyPersons(tx, [enrollment.enrolledById], (language) => options.text(language, "reminders:family", values(language)), options.now);
  // One caseworker: the first (by id) whom a notice reaches.
  const caseworkers = await tx.staffMember.findMany({ where: { municipalityId: enrollment.period.municipalityId, role: "CASEWORKER" }, select: { personId: true }, orderBy: { personId: "asc" } });
  for (const caseworker of caseworkers) {
    const reached = await notifyPersons(tx, [caseworker.personId], (language) => options.text(language, "reminders:caseworker", values(language)), options.now);
    if (reached.length > 0) break;
  }
}
