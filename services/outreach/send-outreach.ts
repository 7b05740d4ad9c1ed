import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";
import { AppError } from "../errors.ts";
import type { NoticeText } from "../clubs/notice-text.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import { toIsoDate } from "../dates.ts";
import { formatOre } from "../money-format.ts";

export type OutreachKind = "PERIOD_START" | "EXPIRING";

export interface SendOutreachOptions {
  municipalityId: string;
  /** The period's code, e.g. 2027-spring. */
  periodCode: string;
  kind: OutreachKind;
  now: Date;
  text: NoticeText;
  /** Where a family finds activities (the web chat), named in the message. */
  publicBaseUrl: string;
  /** At most this many children per call (the calendar spreads a period's outreach over its runs). */
  limit?: number;
  /** Told after each child (the admin command's progress bar). */
  onProgress?: (done: number, total: number) => void;
}

export interface OutreachResult {
  period: string;
  kind: OutreachKind;
  /** Children with unused money whose family has not been reached yet (and not tried in the last day), before this run. */
  due: number;
  /** Families written to in this run (one message per child, to each guardian that may be written to). */
  reached: number;
  /** Children whose family has no contact that may be written to (none known, reserved, opted out): tried again on a later run. */
  notReached: number;
  /** Children left for a later run by `limit`. */
  remaining: number;
}

const RETRY_UNREACHED_MS = 24 * 3_600_000;

const MESSAGE_KEY: Record<OutreachKind, string> = { PERIOD_START: "outreach:period_start", EXPIRING: "outreach:expiring" };

/**
 * Use case: the families the pilots missed. Every child with money on its card this period whose
 * family has not yet been reached gets one message to its guardians (their language, their channel,
 * through notifyPersons and the outbox, which sends at the SMS rate): the child's name, the amount,
 * how to find an activity, how to stop messages. A guardian with a contact reservation from the
 * register is not written to; an opted-out number is not (notifyPersons). Never twice: the
 * OutreachMessage row (unique per kind, period and child) is claimed by a conditional update in the
 * transaction that queues the message, so an interrupted run, a re-run or two concurrent runs
 * write each family once. A family without a contact is recorded NOT_REACHED and tried again later
 * (it may link a phone meanwhile).
 */
export async function sendOutreach(db: Database, options: SendOutreachOptions): Promise<OutreachResult> {
  const { municipalityId, kind, now } = options;
  const period = await db.prisma.period.findUnique({ where: { municipalityId_code: { municipalityId, code: options.periodCode } } });
  if (!period) throw new AppError("NOT_FOUND", `no period ${options.periodCode} (allocate it first)`);
  if (period.state !== "OPEN") throw new AppError("PERIOD_CLOSED", `${period.code} is closed`);

  const cards = await db.prisma.ledgerAccount.findMany({
    where: { periodId: period.id, kind: "CARD", childId: { not: null } },
    select: { childId: true, creditsPosted: true, debitsPosted: true, debitsPending: true },
    orderBy: { id: "asc" },
  });
  // Reached families are done; a family without a contact is tried again a day after the last try.
  const settled = new Set(
    (
      await db.prisma.outreachMessage.findMany({
        where: { kind, periodId: period.id, OR: [{ status: "REACHED" }, { updatedAt: { gt: new Date(now.getTime() - RETRY_UNREACHED_MS) } }] },
        select: { childId: true },
      })
    ).map((row) => row.childId),
  );
  const due = cards
    .map((card) => ({ childId: card.childId!, availableOre: Number(card.creditsPosted - card.debitsPosted - card.debitsPending) }))
    .filter((card) => card.availableOre > 0 && !settled.has(card.childId));
  const batch = options.limit === undefined ? due : due.slice(0, options.limit);

  const result: OutreachResult = { period: period.code, kind, due: due.length, reached: 0, notReached: 0, remaining: due.length - batch.length };
  const endsOn = toIsoDate(period.endsOn);
  let done = 0;
  for (const { childId, availableOre } of batch) {
    const outcome = await inTransaction(db, async (tx) => {
      await tx.outreachMessage.createMany({ data: [{ kind, periodId: period.id, childId, status: "NOT_REACHED", createdAt: now, updatedAt: now }], skipDuplicates: true });
      // The claim: an UPDATE locks the row, so a concurrent run waits here and then finds it REACHED.
      const claimed = await tx.outreachMessage.updateMany({ where: { kind, periodId: period.id, childId, status: "NOT_REACHED" }, data: { updatedAt: now } });
      if (claimed.count === 0) return "already" as const;
      const child = await tx.person.findUniqueOrThrow({
        where: { id: childId },
        select: { givenName: true, contactReserved: true, guardians: { select: { guardian: { select: { id: true, contactReserved: true } } } } },
      });
      const guardianIds = child.contactReserved ? [] : child.guardians.filter((g) => !g.guardian.contactReserved).map((g) => g.guardian.id);
      // The amount in the guardian's language's one form (services/money-format.ts), as every reply shows it.
      const persons = await notifyPersons(tx, guardianIds, (language) => options.text(language, MESSAGE_KEY[kind], { child: child.givenName, amount: formatOre(availableOre, language), date: endsOn, url: options.publicBaseUrl }), now);
      if (persons.length === 0) return "not-reached" as const;
      await tx.outreachMessage.update({ where: { kind_periodId_childId: { kind, periodId: period.id, childId } }, data: { status: "REACHED", reached: persons.length, updatedAt: now } });
      await recordAudit(tx, { municipalityId, actorId: null, action: `outreach.${kind.toLowerCase()}`, entityType: "Person", entityId: childId, data: { period: period.code, guardians: persons.length }, at: now });
      return "reached" as const;
    });
    if (outcome === "reached") result.reached++;
    if (outcome === "not-reached") result.notReached++;
    options.onProgress?.(++done, batch.length);
  }
  return result;
}
