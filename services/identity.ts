import { randomUUID } from "node:crypto";
import { utcTimestamp, type Database } from "./db/database.ts";
import { inTransaction } from "./db/transaction.ts";
import { recordAudit } from "./audit.ts";
import type { IsoDate } from "./dates.ts";
import type { ChildFacts } from "./eligibility.ts";
import { isLanguage, type Language } from "./languages.ts";

export type ChannelKind = "SMS" | "WEBCHAT" | "TEAMS";

/** A person as a turn knows them: with the facts eligibility is judged on (services/eligibility.ts), so a turn asks no more. */
export interface PersonSummary extends ChildFacts {
  id: string;
  givenName: string;
}

/** Who is writing, as far as the service knows: personal journeys need `verified`. */
export interface ResolvedIdentity {
  identityId: string;
  channel: ChannelKind;
  /** The person the identity is linked to, verified or not (audit rows name them as the actor). */
  personId: string | null;
  /** Set only when the channel identity is linked to a person and verified. */
  person: PersonSummary | null;
  verified: boolean;
  municipalityId: string | null;
  /** The children this person may act for (guardianship), oldest first. */
  children: PersonSummary[];
  language: Language | null;
  optedOut: boolean;
  /** The verified person has a hand-off to a caseworker that is not closed (their messages go to it). */
  handOffOpen: boolean;
  /** The verified person is a contact of at least one club (ProviderContact): club commands are theirs to give. */
  clubContact: boolean;
  /** With `countInbound`: this message's number in the sender's throttle window (services/sms/sender-throttle.ts). */
  inboundCount?: number;
}

export interface IdentityRow {
  id: string;
  personId: string | null;
  verified: boolean;
  language: string | null;
  optedOut: boolean;
  inboundCount: number;
  municipalityId: string | null;
  givenName: string | null;
  birthDate: string | null;
  residentFrom: string | null;
  residentUntil: string | null;
  children: PersonSummary[] | null;
  handOffOpen: boolean;
  clubContact: boolean;
}

export interface IdentityOptions {
  channel: ChannelKind;
  address: string;
  now: Date;
  countInbound?: { windowSeconds: number };
}

/**
 * The identity's upsert as a CTE named `upserted`, on parameters $1–$6 (`identityParams`). `onlyIf`
 * guards the insert (services/sms/open-sms-turn.ts: only when the delivery's claim was inserted in
 * the same statement); unguarded, it always returns one row.
 */
export function identityUpsert(onlyIf = "true"): string {
  return `upserted AS (
       INSERT INTO "ChannelIdentity" AS ci (id, channel, address, "createdAt", "lastSeenAt", "inboundWindowStartedAt", "inboundWindowCount")
       SELECT $1::text, $2::"Channel", $3::text, $4::timestamp, $4::timestamp, CASE WHEN $5::boolean THEN $4::timestamp END, CASE WHEN $5::boolean THEN 1 ELSE 0 END
       WHERE ${onlyIf}
       ON CONFLICT (channel, address) DO UPDATE SET
         "lastSeenAt" = EXCLUDED."lastSeenAt",
         "inboundWindowStartedAt" = CASE WHEN NOT $5::boolean THEN ci."inboundWindowStartedAt"
           WHEN ci."inboundWindowStartedAt" IS NULL OR ci."inboundWindowStartedAt" <= $6::timestamp THEN $4::timestamp ELSE ci."inboundWindowStartedAt" END,
         "inboundWindowCount" = CASE WHEN NOT $5::boolean THEN ci."inboundWindowCount"
           WHEN ci."inboundWindowStartedAt" IS NULL OR ci."inboundWindowStartedAt" <= $6::timestamp THEN 1 ELSE ci."inboundWindowCount" + 1 END
       RETURNING ci.id, ci."personId", ci."verifiedAt", ci.language, ci."optedOutAt", ci."inboundWindowCount"
     )`;
}

/** The identity's columns over `upserted u LEFT JOIN "Person" p` (IDENTITY_FROM), as IdentityRow. */
export const IDENTITY_COLUMNS = `u.id, u."personId", (u."verifiedAt" IS NOT NULL AND p.id IS NOT NULL) AS verified,
       COALESCE(u.language, p."preferredLanguage") AS language, u."optedOutAt" IS NOT NULL AS "optedOut",
       u."inboundWindowCount" AS "inboundCount", p."municipalityId", p."givenName", to_char(p."birthDate", 'YYYY-MM-DD') AS "birthDate",
       to_char(p."residentFrom", 'YYYY-MM-DD') AS "residentFrom", to_char(p."residentUntil", 'YYYY-MM-DD') AS "residentUntil",
       CASE WHEN u."verifiedAt" IS NOT NULL AND p.id IS NOT NULL THEN
         (SELECT json_agg(json_build_object('id', c.id, 'givenName', c."givenName", 'birthDate', to_char(c."birthDate", 'YYYY-MM-DD'),
            'residentFrom', to_char(c."residentFrom", 'YYYY-MM-DD'), 'residentUntil', to_char(c."residentUntil", 'YYYY-MM-DD')))
            FROM "Guardianship" g JOIN "Person" c ON c.id = g."childId" WHERE g."guardianId" = p.id) END AS children,
       (u."verifiedAt" IS NOT NULL AND EXISTS (SELECT 1 FROM "HandOff" h WHERE h."personId" = p.id AND h.status <> 'CLOSED')) AS "handOffOpen",
       (u."verifiedAt" IS NOT NULL AND EXISTS (SELECT 1 FROM "ProviderContact" pc WHERE pc."personId" = p.id)) AS "clubContact"`;

export const IDENTITY_FROM = `FROM upserted u LEFT JOIN "Person" p ON p.id = u."personId"`;

/** $1–$6 of `identityUpsert`. */
export function identityParams(options: IdentityOptions): unknown[] {
  const windowOpenedBefore = utcTimestamp(new Date(options.now.getTime() - (options.countInbound?.windowSeconds ?? 0) * 1000));
  return [randomUUID(), options.channel, options.address, utcTimestamp(options.now), options.countInbound !== undefined, windowOpenedBefore];
}

export function toResolvedIdentity(row: IdentityRow, options: IdentityOptions): ResolvedIdentity {
  const verified = row.verified;
  return {
    identityId: row.id,
    channel: options.channel,
    personId: row.personId,
    person: verified
      ? { id: row.personId!, givenName: row.givenName ?? "", birthDate: (row.birthDate as IsoDate | null) ?? null, residentFrom: (row.residentFrom as IsoDate | null) ?? null, residentUntil: (row.residentUntil as IsoDate | null) ?? null }
      : null,
    verified,
    municipalityId: verified ? row.municipalityId : null,
    children: (row.children ?? []).sort((a, b) => (a.birthDate ?? "").localeCompare(b.birthDate ?? "")),
    language: row.language && isLanguage(row.language) ? row.language : null,
    optedOut: row.optedOut,
    handOffOpen: row.handOffOpen,
    clubContact: row.clubContact,
    ...(options.countInbound !== undefined ? { inboundCount: row.inboundCount } : {}),
  };
}

/**
 * Use case: the identity behind a message, in ONE statement (it runs on every turn: docs/performance.md).
 * On first contact an unverified ChannelIdentity is created (anyone may ask general questions); a
 * linked, verified identity brings its person, the children in their care, whether a hand-off
 * is open and whether they are a club's contact. The contact is recorded (`lastSeenAt`). With
 * `countInbound` the message is also counted against the sender's throttle window: a window opens
 * with the first message after the last one ended and lasts `windowSeconds`; the row lock orders
 * concurrent messages of one sender. Two first messages at once: ON CONFLICT makes the second an
 * update of the first's row.
 */
export async function resolveChannelIdentity(db: Database, options: IdentityOptions): Promise<ResolvedIdentity> {
  const [row] = await db.sql<IdentityRow>(`WITH ${identityUpsert()} SELECT ${IDENTITY_COLUMNS} ${IDENTITY_FROM}`, identityParams(options));
  if (!row) throw new Error("the channel identity upsert returned no row");
  return toResolvedIdentity(row, options);
}

/** Use case: remember the language a person writes in, on the channel identity and the person. */
export async function rememberLanguage(db: Database, options: { identityId: string; personId: string | null; language: Language; now: Date }): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.channelIdentity.update({ where: { id: options.identityId }, data: { language: options.language } });
    if (options.personId) await tx.person.update({ where: { id: options.personId }, data: { preferredLanguage: options.language } });
    await recordAudit(tx, { actorId: options.personId, action: "identity.language_set", entityType: "ChannelIdentity", entityId: options.identityId, data: { language: options.language }, at: options.now });
  });
}
