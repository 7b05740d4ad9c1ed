import type { Prisma } from "../../prisma/generated/client.ts";
import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";

/** What STOP and START change: the number's identity and, for the audit row, its person. */
export interface SmsIdentity {
  identityId: string;
  personId: string | null;
}

/**
 * STOP: no more SMS to this number until START. True if this changed anything (an opt-out is
 * confirmed once; a repeated STOP gets no answer). Audited in the same transaction.
 */
export async function optOutSms(db: Database, identity: SmsIdentity, now: Date): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.channelIdentity.updateMany({ where: { id: identity.identityId, optedOutAt: null }, data: { optedOutAt: now } });
    if (count === 1) await recordAudit(tx, { actorId: identity.personId, action: "sms.opted_out", entityType: "ChannelIdentity", entityId: identity.identityId, at: now });
    return count === 1;
  });
}

/** START: SMS to this number again. True if it had opted out. */
export async function optInSms(db: Database, identity: SmsIdentity, now: Date): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.channelIdentity.updateMany({ where: { id: identity.identityId, optedOutAt: { not: null } }, data: { optedOutAt: null } });
    if (count === 1) await recordAudit(tx, { actorId: identity.personId, action: "sms.opted_in", entityType: "ChannelIdentity", entityId: identity.identityId, at: now });
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
