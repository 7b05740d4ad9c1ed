import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";
import { toIsoDate } from "../dates.ts";
import { AppError } from "../errors.ts";
import { cardStatement, type CardStatement } from "../ledger/statement.ts";

/** An export link works this long (it is sent in chat or SMS, and spent at the first download). */
export const EXPORT_LINK_TTL_MS = 60 * 60 * 1000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
const day = (date: Date | null) => (date ? toIsoDate(date) : null);
const time = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Use case: a verified person asks what is stored about them (GDPR art. 15). Records an ACCESS
 * PrivacyRequest holding a one-time link's token (only its hash is stored); the export is built
 * when the link is opened, so it shows what is stored then. Returns the token for the link.
 */
export async function requestDataExport(db: Database, options: { identityId: string; now: Date }): Promise<{ requestId: string; token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(options.now.getTime() + EXPORT_LINK_TTL_MS);
  return inTransaction(db, async (tx) => {
    const identity = await tx.channelIdentity.findUnique({ where: { id: options.identityId }, select: { personId: true, verifiedAt: true, person: { select: { municipalityId: true } } } });
    // Innsyn shows a person's data: only to an identity verified as that person.
    if (!identity?.personId || !identity.verifiedAt || !identity.person) throw new AppError("UNAUTHORIZED", "the identity must be verified (logged in) to see what is stored about the person");
    const request = await tx.privacyRequest.create({
      data: { municipalityId: identity.person.municipalityId, kind: "ACCESS", personId: identity.personId, requestedAt: options.now, exportTokenHash: hashOf(token), exportExpiresAt: expiresAt },
      select: { id: true },
    });
    await recordAudit(tx, { municipalityId: identity.person.municipalityId, actorId: identity.personId, action: "privacy.access_requested", entityType: "PrivacyRequest", entityId: request.id, data: { identityId: options.identityId }, at: options.now });
    return { requestId: request.id, token, expiresAt };
  });
}

/**
 * Use case: the export link is opened. Served once: the request is marked completed in the same
 * transaction that finds it (a conditional update, so two opening at once cannot both get it), and
 * a spent, expired or unknown link answers NOT_FOUND without saying which.
 */
export async function redeemDataExport(db: Database, options: { token: string; now: Date }): Promise<DataExport> {
  const request = await db.prisma.privacyRequest.findUnique({ where: { exportTokenHash: hashOf(options.token) } });
  const gone = () => new AppError("NOT_FOUND", "this link is used, expired or unknown; ask again in the chat for a new one");
  if (!request?.personId || request.status !== "PENDING" || !request.exportExpiresAt || request.exportExpiresAt <= options.now) throw gone();
  const personId = request.personId;
  const data = await buildExport(db, personId, options.now);
  await inTransaction(db, async (tx) => {
    const spent = await tx.privacyRequest.updateMany({ where: { id: request.id, status: "PENDING" }, data: { status: "COMPLETED", completedAt: options.now, exportTokenHash: null } });
    if (spent.count === 0) throw gone();
    await recordAudit(tx, { municipalityId: request.municipalityId, actorId: personId, action: "privacy.access_served", entityType: "PrivacyRequest", entityId: request.id, at: options.now });
  });
  return data;
}

export type DataExport = Awaited<ReturnType<typeof buildExport>>;

/**
 * Everything stored about a person and the children in their care: the register's facts, chat
 * identities, sign-ups, accommodation requests (with the consent and the thread), each card's
 * statement, privacy requests, and the messages still stored (stored SMS replies, outbox messages
 * to their numbers, web chat transcripts). Names of clubs and activities are given, not ids only.
 */
async function buildExport(db: Database, personId: string, now: Date) {
  const person = await db.prisma.person.findUniqueOrThrow({
    where: { id: personId },
    include: {
      district: { select: { name: true } },
      municipality: { select: { name: true } },
      channels: { select: { id: true, channel: true, address: true, verifiedAt: true, language: true, optedOutAt: true, createdAt: true, lastSeenAt: true } },
      guardianOf: { select: { createdAt: true, child: { include: { district: { select: { name: true } } } } } },
      staff: { select: { role: true, service: true } },
      providerContacts: { select: { role: true, provider: { select: { name: true } } } },
    },
  });
  const childIds = person.guardianOf.map((g) => g.child.id);
  const subjects = [personId, ...childIds];
  const enrollments = await db.prisma.enrollment.findMany({
    where: { OR: [{ childId: { in: childIds } }, { enrolledById: personId }] },
    include: { activity: { select: { title: true, provider: { select: { name: true } } } }, period: { select: { code: true } } },
    orderBy: { createdAt: "asc" },
  });
  const accommodations = await db.prisma.accommodationRequest.findMany({
    where: { OR: [{ childId: { in: subjects } }, { requestedById: personId }] },
    include: { activity: { select: { title: true } }, provider: { select: { name: true } }, messages: { orderBy: { createdAt: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
  const cards = await db.prisma.ledgerAccount.findMany({ where: { kind: "CARD", childId: { in: subjects } }, select: { childId: true, periodId: true } });
  const statements = new Map<string, CardStatement[]>();
  for (const card of cards) {
    if (!card.childId || !card.periodId) continue;
    statements.set(card.childId, [...(statements.get(card.childId) ?? []), await cardStatement(db, { childId: card.childId, periodId: card.periodId })]);
  }
  const phones = person.channels.filter((c) => c.channel === "SMS").map((c) => c.address);
  const webUsers = person.channels.filter((c) => c.channel === "WEBCHAT").map((c) => c.address);
  const smsReplies = await db.prisma.inboundMessage.findMany({ where: { channel: "SMS", sender: { in: phones } }, select: { sender: true, receivedAt: true, response: true }, orderBy: { receivedAt: "asc" } });
  const outbox = await db.prisma.outboxMessage.findMany({ where: { channel: "SMS", recipient: { in: phones } }, select: { recipient: true, body: true, status: true, createdAt: true, sentAt: true }, orderBy: { createdAt: "asc" } });
  const transcripts = await db.prisma.directLineConversation.findMany({ where: { userId: { in: webUsers } }, include: { activities: { orderBy: { seq: "asc" }, select: { createdAt: true, activity: true } } } });
  const privacyRequests = await db.prisma.privacyRequest.findMany({ where: { personId }, select: { id: true, kind: true, status: true, requestedAt: true, completedAt: true }, orderBy: { requestedAt: "asc" } });

  const personFacts = (p: { id: string; givenName: string; familyName: string; birthDate: Date | null; residentFrom: Date | null; residentUntil: Date | null; preferredLanguage: string | null; createdAt: Date; district: { name: string } | null }) => ({
    id: p.id,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: day(p.birthDate),
    residentFrom: day(p.residentFrom),
    residentUntil: day(p.residentUntil),
    district: p.district?.name ?? null,
    preferredLanguage: p.preferredLanguage,
    createdAt: time(p.createdAt),
  });
  const enrollmentFacts = (e: (typeof enrollments)[number]) => ({
    id: e.id,
    activity: e.activity.title,
    club: e.activity.provider.name,
    period: e.period.code,
    status: e.status,
    signedUpBy: e.enrolledById === personId ? "you" : "another guardian",
    createdAt: time(e.createdAt),
    confirmedAt: time(e.confirmedAt),
    endedAt: time(e.endedAt),
  });
  const accommodationFacts = (a: (typeof accommodations)[number]) => ({
    id: a.id,
    activity: a.activity.title,
    club: a.provider.name,
    needs: a.needs,
    status: a.status,
    consentAt: time(a.consentAt),
    onBehalfOf: a.onBehalfOf,
    requestedBy: a.requestedById === personId ? "you" : "someone else",
    createdAt: time(a.createdAt),
    closedAt: time(a.closedAt),
    messages: a.messages.map((m) => ({ kind: m.kind, from: m.authorId === personId ? "you" : m.authorId === a.requestedById ? "family" : "club", body: m.body, createdAt: time(m.createdAt) })),
  });

  return {
    exportedAt: now.toISOString(),
    controller: `${person.municipality.name} kommune`,
    about: "Fritidskortet: what is stored about you and the children in your care (GDPR art. 15)",
    person: {
      ...personFacts(person),
      staffRole: person.staff?.role ?? null,
      clubContactOf: person.providerContacts.map((c) => ({ club: c.provider.name, role: c.role })),
    },
    identities: person.channels.map((c) => ({ channel: c.channel, address: c.address, verifiedAt: time(c.verifiedAt), language: c.language, optedOutAt: time(c.optedOutAt), createdAt: time(c.createdAt), lastSeenAt: time(c.lastSeenAt) })),
    children: person.guardianOf.map((g) => ({
      ...personFacts(g.child),
      guardianSince: time(g.createdAt),
      enrollments: enrollments.filter((e) => e.childId === g.child.id).map(enrollmentFacts),
      accommodationRequests: accommodations.filter((a) => a.childId === g.child.id).map(accommodationFacts),
      cards: statements.get(g.child.id) ?? [],
    })),
    /** Your own card (a youth's) and your own accommodation requests. */
    ownCards: statements.get(personId) ?? [],
    ownAccommodationRequests: accommodations.filter((a) => a.childId === personId).map(accommodationFacts),
    consents: accommodations.filter((a) => a.consentAt !== null).map((a) => ({ accommodationRequestId: a.id, consentAt: time(a.consentAt), onBehalfOf: a.onBehalfOf })),
    privacyRequests: privacyRequests.map((r) => ({ id: r.id, kind: r.kind, status: r.status, requestedAt: time(r.requestedAt), completedAt: time(r.completedAt) })),
    messages: {
      smsRepliesStored: smsReplies.map((m) => ({ to: m.sender, at: time(m.receivedAt), reply: m.response })),
      outbox: outbox.map((m) => ({ to: m.recipient, body: m.body, status: m.status, createdAt: time(m.createdAt), sentAt: time(m.sentAt) })),
      webChat: transcripts.map((c) => ({ conversationId: c.id, createdAt: time(c.createdAt), activities: c.activities.map((a) => ({ at: time(a.createdAt), ...transcriptLine(a.activity) })) })),
    },
  };
}

/** A web chat activity as a transcript line: who wrote and the text (not the protocol's fields). */
function transcriptLine(activity: unknown): { from: string; text: string | null } {
  const a = (activity ?? {}) as { from?: { role?: string }; text?: unknown };
  return { from: a.from?.role === "bot" ? "service" : "you", text: typeof a.text === "string" ? a.text : null };
}
