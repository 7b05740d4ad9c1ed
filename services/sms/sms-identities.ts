import type { PrismaClient } from "../db/database.ts";
import { recordAudit } from "../audit.ts";

export interface SmsIdentity {
  id: string;
  personId: string | null;
  verifiedAt: Date | null;
  optedOutAt: Date | null;
  /** The identity's language, else its person's preferred language; null if neither is known. */
  language: string | null;
}

/**
 * The ChannelIdentity of a phone number (E.164): created unverified on first contact, its last
 * contact recorded on every message. Anyone may text the service; personal journeys need the
 * identity linked to a person and verified.
 */
export async function touchSmsIdentity(prisma: PrismaClient, phone: string): Promise<SmsIdentity> {
  const upsert = () =>
    prisma.channelIdentity.upsert({
      where: { channel_address: { channel: "SMS", address: phone } },
      create: { channel: "SMS", address: phone, lastSeenAt: new Date() },
      update: { lastSeenAt: new Date() },
      select: { id: true, personId: true, verifiedAt: true, optedOutAt: true, language: true, person: { select: { preferredLanguage: true } } },
    });
  // Two first messages from one new number at once: one insert wins, the other retries as update.
  const row = await upsert().catch((error: unknown) => ((error as { code?: string })?.code === "P2002" ? upsert() : Promise.reject(error)));
  return { id: row.id, personId: row.personId, verifiedAt: row.verifiedAt, optedOutAt: row.optedOutAt, language: row.language ?? row.person?.preferredLanguage ?? null };
}

/**
 * STOP: no more SMS to this number until START. True if this changed anything (an opt-out is
 * confirmed once; a repeated STOP gets no answer). Audited in the same transaction.
 */
export async function optOutSms(prisma: PrismaClient, identity: SmsIdentity): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.channelIdentity.updateMany({ where: { id: identity.id, optedOutAt: null }, data: { optedOutAt: new Date() } });
    if (count === 1) await recordAudit(tx, { actorId: identity.personId, action: "sms.opted_out", entityType: "ChannelIdentity", entityId: identity.id });
    return count === 1;
  });
}

/** START: SMS to this number again. True if it had opted out. */
export async function optInSms(prisma: PrismaClient, identity: SmsIdentity): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.channelIdentity.updateMany({ where: { id: identity.id, optedOutAt: { not: null } }, data: { optedOutAt: null } });
    if (count === 1) await recordAudit(tx, { actorId: identity.personId, action: "sms.opted_in", entityType: "ChannelIdentity", entityId: identity.id });
    return count === 1;
  });
}
