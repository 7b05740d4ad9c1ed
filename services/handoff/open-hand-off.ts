import type { Prisma } from "../../prisma/generated/client.ts";
import { recordAudit } from "../audit.ts";
import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import type { ChannelKind } from "../identity.ts";
import type { Language } from "../languages.ts";
import { announceToDuty, freeHandOffCode } from "./duty.ts";
import type { HandOffNotices, TranscriptLine } from "./hand-off-text.ts";
import { isStaffed, nextStaffedStart, type StaffedHours } from "./staffed-hours.ts";

export interface OpenHandOffOptions {
  personId: string;
  municipalityId: string;
  identityId: string;
  channel: ChannelKind;
  language: Language;
  /** The person's words that asked ("I want to talk to someone about the bill"), as written. */
  reason: string | null;
  transcript: TranscriptLine[];
  now: Date;
  staffedHours: StaffedHours;
  timeZone: string;
  notices: HandOffNotices;
}

export type OpenHandOffResult =
  /** Queued; in staffed hours announced to the caseworkers on duty (`announcedTo` of them reached). */
  | { outcome: "OPENED"; handOffId: string; code: string; staffed: boolean; answersFrom: Date | null; announcedTo: number }
  /** The person has a hand-off open already: their messages go to it. */
  | { outcome: "ALREADY_OPEN"; handOffId: string; code: string };

/**
 * Use case: "talk to a person". A hand-off is queued in the municipality's inbox with the person's
 * language and channel, the last turns of the conversation and the reason, and gets a code. In
 * staffed hours the caseworkers on duty are told at once (the notice shows how to answer); outside
 * them the hand-off waits and the hand-off job announces it when staffed hours begin.
 */
export async function openHandOff(db: Database, options: OpenHandOffOptions): Promise<OpenHandOffResult> {
  const { now } = options;
  return inTransaction(db, async (tx) => {
    const existing = await tx.handOff.findFirst({ where: { personId: options.personId, status: { not: "CLOSED" } }, select: { id: true, code: true } });
    if (existing) return { outcome: "ALREADY_OPEN", handOffId: existing.id, code: existing.code };
    const code = await freeHandOffCode(tx, options.municipalityId);
    const staffed = isStaffed(options.staffedHours, now, options.timeZone);
    const person = await tx.person.findUniqueOrThrow({ where: { id: options.personId }, select: { givenName: true } });
    const row = await tx.handOff.create({
      data: {
        municipalityId: options.municipalityId,
        personId: options.personId,
        identityId: options.identityId,
        channel: options.channel,
        language: options.language,
        code,
        reason: options.reason,
        transcript: options.transcript as unknown as Prisma.InputJsonValue,
        createdAt: now,
        announcedAt: staffed ? now : null,
      },
      select: { id: true },
    });
    // The audit row has ids and codes, never the person's words.
    await recordAudit(tx, {
      municipalityId: options.municipalityId,
      actorId: options.personId,
      action: "handoff.requested",
      entityType: "HandOff",
      entityId: row.id,
      data: { channel: options.channel, language: options.language, staffed },
      at: now,
    });
    const announced = staffed
      ? await announceToDuty(tx, { municipalityId: options.municipalityId, code, channel: options.channel, language: options.language, reason: options.reason, personName: person.givenName }, "new", options.notices, now)
      : [];
    return { outcome: "OPENED", handOffId: row.id, code, staffed, answersFrom: staffed ? now : nextStaffedStart(options.staffedHours, now, options.timeZone), announcedTo: announced.length };
  });
}
