import type { Database } from "../db/database.ts";
import { answersHandOffs, type HandOffActor, type TranscriptLine } from "./hand-off-text.ts";

export interface HandOffView {
  id: string;
  code: string;
  status: "OPEN" | "CLAIMED" | "CLOSED";
  channel: "SMS" | "WEBCHAT" | "TEAMS";
  language: string;
  personName: string;
  reason: string | null;
  createdAt: string;
  announcedAt: string | null;
  claimedBy: string | null;
  closedAt: string | null;
  transcript: TranscriptLine[];
  messages: { kind: "PERSON" | "STAFF"; author: string; body: string; at: string }[];
}

/**
 * Use case (reads only): the municipality's hand-offs for a caseworker or an admin (the inbox, and
 * SAKER in chat): open ones (waiting or taken) oldest first, or the latest closed ones. Null for
 * a staff member whose role does not answer hand-offs.
 */
export async function findHandOffs(db: Database, options: { actor: HandOffActor; state: "open" | "closed"; limit?: number }): Promise<HandOffView[] | null> {
  if (!answersHandOffs(options.actor.role)) return null;
  const open = options.state === "open";
  const rows = await db.prisma.handOff.findMany({
    where: { municipalityId: options.actor.municipalityId, status: open ? { not: "CLOSED" } : "CLOSED" },
    orderBy: open ? [{ createdAt: "asc" }, { id: "asc" }] : [{ closedAt: "desc" }, { id: "asc" }],
    take: options.limit ?? 50,
    include: { messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  const names = new Map(
    (await db.prisma.person.findMany({ where: { id: { in: [...new Set(rows.flatMap((row) => [row.personId, ...(row.claimedById ? [row.claimedById] : []), ...row.messages.map((m) => m.authorId)]))] } }, select: { id: true, givenName: true, familyName: true } })).map((p) => [p.id, p]),
  );
  const given = (id: string) => names.get(id)?.givenName ?? "";
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    status: row.status,
    channel: row.channel,
    language: row.language,
    personName: `${names.get(row.personId)?.givenName ?? ""} ${names.get(row.personId)?.familyName ?? ""}`.trim(),
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    announcedAt: row.announcedAt?.toISOString() ?? null,
    claimedBy: row.claimedById ? given(row.claimedById) : null,
    closedAt: row.closedAt?.toISOString() ?? null,
    transcript: (Array.isArray(row.transcript) ? row.transcript : []) as unknown as TranscriptLine[],
    messages: row.messages.map((message) => ({ kind: message.kind, author: given(message.authorId), body: message.body, at: message.createdAt.toISOString() })),
  }));
}

/** Use case (reads only): whether a code is one of the municipality's hand-offs that are not closed. */
export async function isOpenHandOffCode(db: Database, options: { municipalityId: string; code: string }): Promise<boolean> {
  const row = await db.prisma.handOff.findFirst({ where: { municipalityId: options.municipalityId, code: options.code.toUpperCase(), status: { not: "CLOSED" } }, select: { id: true } });
  return row !== null;
}
