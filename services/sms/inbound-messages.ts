import { utcTimestamp, type Database } from "../db/database.ts";

/**
 * Exactly-once turns for webhook deliveries. Twilio may deliver one message twice (same
 * MessageSid), also at the same moment to two server processes: the first delivery inserts the
 * row and runs the turn; a later one replays the stored reply. Insert-first, so the database's
 * primary key — not a read-then-write — decides who runs the turn.
 *
 * A claim names its owner (one server process) and carries a heartbeat the owner renews while the
 * turn runs. A claim whose heartbeat is older than `staleAfterMs` belongs to a process that died
 * mid-turn: the next delivery takes it over, so Twilio's retry is answered instead of lost.
 */
export type InboundClaim =
  | { kind: "run" } // this delivery runs the turn
  | { kind: "replay"; response: string } // answered before: send the same reply again
  | { kind: "in-progress" } // a live owner is running the turn right now
  | { kind: "other-sender" }; // the id was claimed by another sender: never theirs to replay or run

export type InboundChannel = "SMS";

export interface ClaimOptions {
  /** Who sent the message (SMS: the E.164 From). */
  sender: string;
  /** This process (host, pid, random): written on the claim so a takeover is visible. */
  owner: string;
  now: Date;
  staleAfterMs: number;
}

/** Claims a delivery: runs it, replays its answer, or says who has it. */
export async function claimInbound(db: Database, channel: InboundChannel, externalId: string, options: ClaimOptions): Promise<InboundClaim> {
  const now = utcTimestamp(options.now);
  const inserted = await db.sql<{ externalId: string }>(
    `INSERT INTO "InboundMessage" (channel, "externalId", sender, owner, "receivedAt", "heartbeatAt") VALUES ($1::"Channel", $2, $3, $4, $5::timestamp, $5::timestamp)
     ON CONFLICT DO NOTHING RETURNING "externalId"`,
    [channel, externalId, options.sender, options.owner, now],
  );
  if (inserted.length === 1) return { kind: "run" };

  // One statement: of two deliveries that find the same stale claim, the row lock lets one win.
  // Rows from before heartbeats were recorded count from their receipt.
  const staleBefore = utcTimestamp(new Date(options.now.getTime() - options.staleAfterMs));
  const takenOver = await db.sql<{ externalId: string }>(
    `UPDATE "InboundMessage" SET owner = $4, sender = $3, "heartbeatAt" = $5::timestamp
     WHERE channel = $1::"Channel" AND "externalId" = $2 AND "completedAt" IS NULL
       AND (sender IS NULL OR sender = $3) AND COALESCE("heartbeatAt", "receivedAt") < $6::timestamp
     RETURNING "externalId"`,
    [channel, externalId, options.sender, options.owner, now, staleBefore],
  );
  if (takenOver.length === 1) return { kind: "run" };

  const row = await db.prisma.inboundMessage.findUnique({ where: { channel_externalId: { channel, externalId } }, select: { sender: true, response: true, completedAt: true } });
  // Deleted in between (its turn failed and was released): the next try inserts it afresh.
  if (!row) return { kind: "in-progress" };
  if (row.sender !== null && row.sender !== options.sender) return { kind: "other-sender" };
  if (row.completedAt && row.response !== null) return { kind: "replay", response: row.response };
  return { kind: "in-progress" };
}

/** The owner's "still running": false if the claim is no longer ours (another process took it over). */
export async function heartbeatInbound(db: Database, channel: InboundChannel, externalId: string, options: { owner: string; now: Date }): Promise<boolean> {
  const { count } = await db.prisma.inboundMessage.updateMany({ where: { channel, externalId, owner: options.owner, completedAt: null }, data: { heartbeatAt: options.now } });
  return count === 1;
}

/**
 * Records the reply given, so a repeated delivery gets the same one. False if the claim was taken
 * over meanwhile: the owner that took it records its own reply.
 */
export async function completeInbound(db: Database, channel: InboundChannel, externalId: string, options: { owner: string; response: string; now: Date }): Promise<boolean> {
  const { count } = await db.prisma.inboundMessage.updateMany({
    where: { channel, externalId, owner: options.owner, completedAt: null },
    data: { response: options.response, completedAt: options.now, heartbeatAt: options.now },
  });
  return count === 1;
}

/** Forgets our claim on a turn that failed before answering, so the sender's retry runs the turn again. */
export async function releaseInbound(db: Database, channel: InboundChannel, externalId: string, options: { owner: string }): Promise<void> {
  await db.prisma.inboundMessage.deleteMany({ where: { channel, externalId, owner: options.owner, completedAt: null } });
}
