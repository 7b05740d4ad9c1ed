import type { Database } from "./db/database.ts";
import { inTransaction } from "./db/transaction.ts";
import { recordAudit } from "./audit.ts";
import { toIsoDate, type IsoDate } from "./dates.ts";
import { isLanguage, type Language } from "./languages.ts";

export type ChannelKind = "SMS" | "WEBCHAT" | "TEAMS";

export interface PersonSummary {
  id: string;
  givenName: string;
  birthDate: IsoDate | null;
}

/** Who is writing, as far as the service knows: personal journeys need `verified`. */
export interface ResolvedIdentity {
  identityId: string;
  channel: ChannelKind;
  /** Set only when the channel identity is linked to a person and verified. */
  person: PersonSummary | null;
  verified: boolean;
  municipalityId: string | null;
  /** The children this person may act for (guardianship), oldest first. */
  children: PersonSummary[];
  language: Language | null;
  optedOut: boolean;
}

const summary = (row: { id: string; givenName: string; birthDate: Date | null }): PersonSummary => ({
  id: row.id,
  givenName: row.givenName,
  birthDate: row.birthDate ? toIsoDate(row.birthDate) : null,
});

/**
 * Use case: the identity behind a message. On first contact an unverified ChannelIdentity is
 * created (anyone may ask general questions); a linked, verified identity brings its person and
 * the children in their care.
 */
export async function resolveChannelIdentity(db: Database, options: { channel: ChannelKind; address: string; now: Date }): Promise<ResolvedIdentity> {
  const where = { channel_address: { channel: options.channel, address: options.address } };
  const upsert = () =>
    db.prisma.channelIdentity.upsert({
      where,
      create: { channel: options.channel, address: options.address, lastSeenAt: options.now },
      update: { lastSeenAt: options.now },
      include: {
        person: {
          include: { guardianOf: { include: { child: { select: { id: true, givenName: true, birthDate: true } } } } },
        },
      },
    });
  // Two first messages at once: one insert wins, the other retries as an update.
  const row = await upsert().catch((error: unknown) => ((error as { code?: string })?.code === "P2002" ? upsert() : Promise.reject(error)));
  const verified = row.person !== null && row.verifiedAt !== null;
  const language = row.language ?? row.person?.preferredLanguage ?? null;
  return {
    identityId: row.id,
    channel: options.channel,
    person: verified ? summary(row.person!) : null,
    verified,
    municipalityId: verified ? row.person!.municipalityId : null,
    children: verified
      ? row.person!.guardianOf.map((g) => summary(g.child)).sort((a, b) => (a.birthDate ?? "").localeCompare(b.birthDate ?? ""))
      : [],
    language: language && isLanguage(language) ? language : null,
    optedOut: row.optedOutAt !== null,
  };
}

/** Use case: remember the language a person writes in, on the channel identity and the person. */
export async function rememberLanguage(db: Database, options: { identityId: string; personId: string | null; language: Language; now: Date }): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.channelIdentity.update({ where: { id: options.identityId }, data: { language: options.language } });
    if (options.personId) await tx.person.update({ where: { id: options.personId }, data: { preferredLanguage: options.language } });
    await recordAudit(tx, { actorId: options.personId, action: "identity.language_set", entityType: "ChannelIdentity", entityId: options.identityId, data: { language: options.language }, at: options.now });
  });
}
