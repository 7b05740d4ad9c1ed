import { utcTimestamp, type Database } from "../db/database.ts";

/**
 * Exactly-once turns for webhook deliveries. Twilio may deliver one message twice (same
 * MessageSid), also at the same moment to two server processes: the first delivery inserts the
 * row and runs the turn; a later one replays the stored reply. Insert-first, so the database's
 * primary key — not a read-then-write — decides who runs the turn.
 */
export type InboundClaim =
  | { kind: "run" } // this delivery runs the turn
  | { kind: "replay"; response: string } // answered before: send the same reply again
  | { kind: "in-progress" }; // another delivery is running the turn right now

export type InboundChannel = "SMS";

/**
 * Claims a delivery. A row whose turn started more than `staleAfterSeconds` ago and never
 * completed belongs to a process that died mid-turn: the next delivery takes it over.
 */
export async function claimInbound(db: Database, channel: InboundChannel, externalId: string, options: { now: Date; staleAfterSeconds?: number }): Promise<InboundClaim> {
  const now = utcTimestamp(options.now);
  const inserted = await db.sql<{ externalId: string }>(
    `INSERT INTO "InboundMessage" (channel, "externalId", "receivedAt") VALUES ($1::"Channel", $2, $3::timestamp)
     ON CONFLICT DO NOTHING RETURNING "externalId"`,
    [channel, externalId, now],
  );
  if (inserted.length === 1) return { kind: "run" };

  const staleBefore = utcTimestamp(new Date(options.now.getTime() - (options.staleAfterSeconds ?? 60) * 1000));
  const takenOver = await db.sql<{ externalId: string }>(
    `UPDATE "InboundMessage" SET "receivedAt" = $3::timestamp
     WHERE channel = $1::"Channel" AND "externalId" = $2 AND "completedAt" IS NULL AND "receivedAt" < $4::timestamp
     RETURNING "externalId"`,
    [channel, externalId, now, staleBefore],
  );
  if (takenOver.length === 1) return { kind: "run" };

  const row = await db.prisma.inboundMessage.findUnique({ where: { channel_externalId: { channel, externalId } }, select: { response: true, completedAt: true } });
  if (row?.completedAt && row.response !== null) return { kind: "replay", response: row.response };
  return { kind: "in-progress" };
}

/** Records the reply given, so a repeated delivery gets the same one. */
export async function completeInbound(db: Database, channel: InboundChannel, externalId: string, options: { response: string; now: Date }): Promise<void> {
  await db.prisma.inboundMessage.updateMany({ where: { channel, externalId }, data: { response: options.response, completedAt: options.now } });
}

/** Forgets a claim whose turn failed before answering, so the sender's retry runs the turn again. */
export async function releaseInbound(db: Database, channel: InboundChannel, externalId: string): Promise<void> {
  await db.prisma.inboundMessage.deleteMany({ where: { channel, externalId, completedAt: null } });
}

/** Waits for a concurrent delivery's turn to complete; its reply, or undefined after `timeoutMs`. */
export async function awaitInbound(db: Database, channel: InboundChannel, externalId: string, timeoutMs: number, pollMs = 200): Promise<string | undefined> {
  // A deadline measured on the monotonic clock: it is a duration, not a time the service records.
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const row = await db.prisma.inboundMessage.findUnique({ where: { channel_externalId: { channel, externalId } }, select: { response: true, completedAt: true } });
    if (row?.completedAt && row.response !== null) return row.response;
  }
  return undefined;
}
