import { recordAudit } from "../audit.ts";
import type { Database } from "../db/database.ts";
import { lockRow } from "../db/locks.ts";
import { inTransaction } from "../db/transaction.ts";
import { announceToDuty } from "./duty.ts";
import type { HandOffNotices } from "./hand-off-text.ts";
import { isStaffed, type StaffedHours } from "./staffed-hours.ts";

export interface AnnounceHandOffsOptions {
  now: Date;
  staffedHours: StaffedHours;
  timeZone: string;
  /** HANDOFF_REMINDER_MINUTES: an announced hand-off nobody has taken reminds the duty list once after this. */
  reminderMinutes: number;
  notices: HandOffNotices;
}

/**
 * Job (the calendar's `hand-offs`, once a minute on the service's clock), in staffed hours only: hand-offs
 * opened outside them are announced to the caseworkers on duty, and an announced hand-off nobody has
 * taken after `reminderMinutes` reminds them once. Each is marked (`announcedAt`, `remindedAt`) under
 * the hand-off's row lock in the transaction that queues the notices, so concurrent runs tell once.
 */
export async function announceHandOffs(db: Database, options: AnnounceHandOffsOptions): Promise<{ announced: number; reminded: number }> {
  const { now } = options;
  if (!isStaffed(options.staffedHours, now, options.timeZone)) return { announced: 0, reminded: 0 };
  const waiting = await db.prisma.handOff.findMany({ where: { status: "OPEN", announcedAt: null }, select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const due = await db.prisma.handOff.findMany({
    where: { status: "OPEN", remindedAt: null, announcedAt: { lte: new Date(now.getTime() - options.reminderMinutes * 60_000) } },
    select: { id: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  let announced = 0;
  for (const { id } of waiting) announced += await tell(db, id, "new", options);
  let reminded = 0;
  for (const { id } of due) reminded += await tell(db, id, "reminder", options);
  return { announced, reminded };
}

async function tell(db: Database, id: string, kind: "new" | "reminder", options: AnnounceHandOffsOptions): Promise<number> {
  const { now } = options;
  return inTransaction(db, async (tx) => {
    await lockRow(tx, "HandOff", id);
    const row = await tx.handOff.findUniqueOrThrow({ where: { id }, select: { id: true, municipalityId: true, personId: true, code: true, channel: true, language: true, reason: true, status: true, announcedAt: true, remindedAt: true } });
    if (row.status !== "OPEN" || (kind === "new" ? row.announcedAt !== null : row.remindedAt !== null || row.announcedAt === null)) return 0;
    await tx.handOff.update({ where: { id }, data: kind === "new" ? { announcedAt: now } : { remindedAt: now } });
    const person = await tx.person.findUniqueOrThrow({ where: { id: row.personId }, select: { givenName: true } });
    const reached = await announceToDuty(tx, { ...row, personName: person.givenName }, kind, options.notices, now);
    await recordAudit(tx, { municipalityId: row.municipalityId, actorId: null, action: kind === "new" ? "handoff.announced" : "handoff.reminded", entityType: "HandOff", entityId: id, data: { reached: reached.length }, at: now });
    return 1;
  });
}
