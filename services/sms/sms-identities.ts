import type { Prisma } from "../../prisma/generated/client.ts";
import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
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
export async function touchSmsIdentity(db: Database, phone: string, now: Date): Promise<SmsIdentity> {
  const upsert = () =>
    db.prisma.channelIdentity.upsert({
      where: { channel_address: { channel: "SMS", address: phone } },
      create: { channel: "SMS", address: phone, lastSeenAt: now, createdAt: now },
      update: { lastSeenAt: now },
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
export async function optOutSms(db: Database, identity: SmsIdentity, now: Date): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.channelIdentity.updateMany({ where: { id: identity.id, optedOutAt: null }, data: { optedOutAt: now } });
    if (count === 1) await recordAudit(tx, { actorId: identity.personId, action: "sms.opted_out", entityType: "ChannelIdentity", entityId: identity.id, at: now });
    return count === 1;
  });
}

/** START: SMS to this number again. True if it had opted out. */
export async function optInSms(db: Database, identity: SmsIdentity, now: Date): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.channelIdentity.updateMany({ where: { id: identity.id, optedOutAt: { not: null } }, data: { optedOutAt: null } });
    if (count === 1) await recordAudit(tx, { actorId: identity.personId, action: "sms.opted_in", entityType: "ChannelIdentity", entityId: identity.id, at: now });
    return count === 1;
  });
}

/** Who a verified SMS number belongs to, as the SMS simulator labels it. */
export type SmsPersonRole = "youth" | "parent" | "provider" | "caseworker" | "admin";

export interface SmsPerson {
  role: SmsPersonRole;
  name: string;
  phone: string;
}

/**
 * Persons with a verified SMS number, the first `perRole` of each role by number (youths, parents,
 * club contacts, caseworkers, admins): the phones the local SMS simulator offers to text from.
 */
export async function listVerifiedSmsPersons(db: Database, options: { municipalityId: string; perRole: number }): Promise<SmsPerson[]> {
  const neither: Prisma.PersonWhereInput = { staff: null, providerContacts: { none: {} } };
  const roles: [SmsPersonRole, Prisma.PersonWhereInput][] = [
    ["youth", { ...neither, guardianOf: { none: {} }, guardians: { some: {} } }],
    ["parent", { ...neither, guardianOf: { some: {} } }],
    ["provider", { providerContacts: { some: {} } }],
    ["caseworker", { staff: { role: "CASEWORKER" } }],
    ["admin", { staff: { role: "ADMIN" } }],
  ];
  const persons: SmsPerson[] = [];
  for (const [role, filter] of roles) {
    const rows = await db.prisma.channelIdentity.findMany({
      where: { channel: "SMS", verifiedAt: { not: null }, person: { municipalityId: options.municipalityId, ...filter } },
      orderBy: { address: "asc" },
      take: options.perRole,
      select: { address: true, person: { select: { givenName: true, familyName: true } } },
    });
    for (const row of rows) persons.push({ role, name: `${row.person!.givenName} ${row.person!.familyName}`, phone: row.address });
  }
  return persons;
}
