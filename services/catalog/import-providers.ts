import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { describeIssues, ProviderRow } from "./import-rows.ts";

/** One CSV record (header → value) and the line of the file it starts on. */
export interface ImportRecord {
  line: number;
  record: Record<string, string>;
}

export interface RowError {
  line: number;
  reason: string;
}

export interface ImportPlan<Row> {
  rows: { line: number; row: Row }[];
  errors: RowError[];
}

export type RowOutcome = { outcome: "created" | "updated" | "unchanged"; id: string } | { outcome: "refused"; id: string; reason: string };

/**
 * Reads only: each record checked against the row schema (import-rows.ts), and an organisation
 * number that appears twice in one file is an error on its second line (which of the two is meant?).
 */
export function planProviderImport(records: ImportRecord[]): ImportPlan<ProviderRow> {
  const plan: ImportPlan<ProviderRow> = { rows: [], errors: [] };
  const seen = new Map<string, number>();
  for (const { line, record } of records) {
    const parsed = ProviderRow.safeParse(record);
    if (!parsed.success) {
      plan.errors.push({ line, reason: describeIssues(parsed.error) });
      continue;
    }
    const first = seen.get(parsed.data.org_number);
    if (first !== undefined) {
      plan.errors.push({ line, reason: `org_number: ${parsed.data.org_number} is also on line ${first}` });
      continue;
    }
    seen.set(parsed.data.org_number, line);
    plan.rows.push({ line, row: parsed.data });
  }
  return plan;
}

export interface ImportProviderOptions {
  municipalityId: string;
  row: ProviderRow;
  actorId: string | null;
  via: string;
  now: Date;
}

/**
 * Use case: one club from the providers file, upserted by organisation number (the stable key a
 * club has in Brønnøysundregistrene), with its audit row, in one transaction. A new club waits for
 * approval (PENDING); an existing club keeps its state. The same row twice changes nothing. A
 * contact is matched by phone: a phone the service already knows keeps its person; a new one
 * becomes a person with a verified SMS number (the municipality vouches for the club's contact),
 * which is how the club hears of decisions and sign-ups.
 */
export async function importProvider(db: Database, options: ImportProviderOptions): Promise<RowOutcome> {
  const { row, municipalityId, now } = options;
  return inTransaction(db, async (tx) => {
    const fields = { name: row.name, bankAccount: row.bank_account ?? null, email: row.email ?? null, policeCertificates: row.police_certificates };
    const existing = await tx.provider.findUnique({ where: { orgNumber: row.org_number } });
    if (existing && existing.municipalityId !== municipalityId) return { outcome: "refused", id: existing.id, reason: `org_number: ${row.org_number} is a club of another municipality` };
    let id: string;
    let outcome: "created" | "updated" | "unchanged";
    if (!existing) {
      const created = await tx.provider.create({ data: { municipalityId, orgNumber: row.org_number, ...fields, createdAt: now }, select: { id: true } });
      id = created.id;
      outcome = "created";
      await recordAudit(tx, { municipalityId, actorId: options.actorId, action: "provider.imported", entityType: "Provider", entityId: id, data: { orgNumber: row.org_number, via: options.via }, at: now });
    } else {
      id = existing.id;
      await lockRow(tx, "Provider", id);
      const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((key) => existing[key] !== fields[key]);
      if (changed.length > 0) {
        await tx.provider.update({ where: { id }, data: fields });
        await recordAudit(tx, { municipalityId, actorId: options.actorId, action: "provider.updated", entityType: "Provider", entityId: id, data: { changed, via: options.via }, at: now });
      }
      outcome = changed.length > 0 ? "updated" : "unchanged";
    }
    if (row.contact_phone && row.contact_given_name && row.contact_family_name) {
      const added = await ensureContact(tx, { municipalityId, providerId: id, phone: row.contact_phone, givenName: row.contact_given_name, familyName: row.contact_family_name, language: row.contact_language ?? null, now });
      if (added) {
        await recordAudit(tx, { municipalityId, actorId: options.actorId, action: "provider.contact-added", entityType: "Provider", entityId: id, data: { personId: added, via: options.via }, at: now });
        if (outcome === "unchanged") outcome = "updated";
      }
    }
    return { outcome, id };
  });
}

/** The club's contact by phone; returns the person's id if they were added to the club now, null if already its contact. */
async function ensureContact(tx: Tx, contact: { municipalityId: string; providerId: string; phone: string; givenName: string; familyName: string; language: string | null; now: Date }): Promise<string | null> {
  const identity = await tx.channelIdentity.findUnique({ where: { channel_address: { channel: "SMS", address: contact.phone } } });
  let personId = identity?.personId ?? null;
  if (!personId) {
    const person = await tx.person.create({ data: { municipalityId: contact.municipalityId, givenName: contact.givenName, familyName: contact.familyName, preferredLanguage: contact.language, createdAt: contact.now }, select: { id: true } });
    personId = person.id;
    if (identity) {
      await tx.channelIdentity.update({ where: { id: identity.id }, data: { personId, verifiedAt: identity.verifiedAt ?? contact.now } });
    } else {
      await tx.channelIdentity.create({ data: { channel: "SMS", address: contact.phone, personId, verifiedAt: contact.now, language: contact.language, createdAt: contact.now } });
    }
  }
  const link = await tx.providerContact.findUnique({ where: { providerId_personId: { providerId: contact.providerId, personId } } });
  if (link) return null;
  await tx.providerContact.create({ data: { providerId: contact.providerId, personId } });
  return personId;
}
