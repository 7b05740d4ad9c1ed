import type { PrismaClient, Tx } from "./db/database.ts";
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
export async function resolveChannelIdentity(prisma: PrismaClient, options: { channel: ChannelKind; address: string; now: Date }): Promise<ResolvedIdentity> {
  const where = { channel_address: { channel: options.channel, address: options.address } };
  const upsert = () =>
    prisma.channelIdentity.upsert({
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
export async function rememberLanguage(prisma: PrismaClient, options: { identityId: string; personId: string | null; language: Language }): Promise<void> {
  await prisma.$transaction(async (tx: Tx) => {
    await tx.channelIdentity.update({ where: { id: options.identityId }, data: { language: options.language } });
    if (options.personId) await tx.person.update({ where: { id: options.personId }, data: { preferredLanguage: options.language } });
    await recordAudit(tx, { actorId: options.personId, action: "identity.language_set", entityType: "ChannelIdentity", entityId: options.identityId, data: { language: options.language } });
  });
}

export interface SignUpSummary {
  enrollmentId: string;
  childId: string;
  childName: string;
  activityId: string;
  activityTitle: string;
  providerName: string;
  status: "PENDING" | "CONFIRMED";
}

/**
 * The active sign-ups (pending or confirmed) of the children a person acts for, in one period:
 * what they can cancel or ask accommodation for. Titles in the user's language where translated.
 */
export async function listActiveSignUps(prisma: PrismaClient, options: { childIds: string[]; periodId: string; language: Language }): Promise<SignUpSummary[]> {
  if (options.childIds.length === 0) return [];
  const rows = await prisma.enrollment.findMany({
    where: { childId: { in: options.childIds }, periodId: options.periodId, status: { in: ["PENDING", "CONFIRMED"] } },
    include: {
      child: { select: { givenName: true } },
      activity: { select: { id: true, title: true, provider: { select: { name: true } }, translations: { where: { language: options.language }, select: { title: true } } } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    enrollmentId: row.id,
    childId: row.childId,
    childName: row.child.givenName,
    activityId: row.activity.id,
    activityTitle: row.activity.translations[0]?.title ?? row.activity.title,
    providerName: row.activity.provider.name,
    status: row.status as "PENDING" | "CONFIRMED",
  }));
}
