import type { PrismaClient } from "../db/database.ts";

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
export async function claimInbound(prisma: PrismaClient, channel: InboundChannel, externalId: string, staleAfterSeconds = 60): Promise<InboundClaim> {
  const inserted = await prisma.$queryRaw<{ externalId: string }[]>`
    INSERT INTO "InboundMessage" (channel, "externalId") VALUES (${channel}::"Channel", ${externalId})
    ON CONFLICT DO NOTHING RETURNING "externalId"`;
  if (inserted.length === 1) return { kind: "run" };

  const takenOver = await prisma.$queryRaw<{ externalId: string }[]>`
    UPDATE "InboundMessage" SET "receivedAt" = CURRENT_TIMESTAMP
    WHERE channel = ${channel}::"Channel" AND "externalId" = ${externalId} AND "completedAt" IS NULL
      AND "receivedAt" < CURRENT_TIMESTAMP - make_interval(secs => ${staleAfterSeconds}::float8)
    RETURNING "externalId"`;
  if (takenOver.length === 1) return { kind: "run" };

  const row = await prisma.inboundMessage.findUnique({ where: { channel_externalId: { channel, externalId } }, select: { response: true, completedAt: true } });
  if (row?.completedAt && row.response !== null) return { kind: "replay", response: row.response };
  return { kind: "in-progress" };
}

/** Records the reply given, so a repeated delivery gets the same one. */
export async function completeInbound(prisma: PrismaClient, channel: InboundChannel, externalId: string, response: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "InboundMessage" SET response = ${response}, "completedAt" = CURRENT_TIMESTAMP
    WHERE channel = ${channel}::"Channel" AND "externalId" = ${externalId}`;
}

/** Waits for a concurrent delivery's turn to complete; its reply, or undefined after `timeoutMs`. */
export async function awaitInbound(prisma: PrismaClient, channel: InboundChannel, externalId: string, timeoutMs: number, pollMs = 200): Promise<string | undefined> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const row = await prisma.inboundMessage.findUnique({ where: { channel_externalId: { channel, externalId } }, select: { response: true, completedAt: true } });
    if (row?.completedAt && row.response !== null) return row.response;
  }
  return undefined;
}
