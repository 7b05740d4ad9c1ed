import { utcTimestamp, type Database } from "../db/database.ts";

/** What to do with one more message from a sender: answer it, send the one notice, or stay silent. */
export type SenderAllowance = "answer" | "notice" | "silence";

export interface SenderThrottle {
  /** Messages a sender may send in one window and still be answered. */
  limit: number;
  windowSeconds: number;
}

/**
 * Counts a message against its sender's window (per ChannelIdentity, in the database, so every
 * server process counts the same sender). A window opens with the first message after the last
 * one ended and lasts `windowSeconds`. The first `limit` messages in it are answered, the next
 * gets one polite notice, the rest silence until the window ends. One statement: the row lock
 * orders concurrent messages of one sender, so exactly one of them is the notice.
 */
export async function countInboundMessage(db: Database, identityId: string, options: SenderThrottle & { now: Date }): Promise<SenderAllowance> {
  const now = utcTimestamp(options.now);
  const windowOpenedBefore = utcTimestamp(new Date(options.now.getTime() - options.windowSeconds * 1000));
  const [row] = await db.sql<{ count: number }>(
    `UPDATE "ChannelIdentity" SET
       "inboundWindowStartedAt" = CASE WHEN "inboundWindowStartedAt" IS NULL OR "inboundWindowStartedAt" <= $3::timestamp THEN $2::timestamp ELSE "inboundWindowStartedAt" END,
       "inboundWindowCount" = CASE WHEN "inboundWindowStartedAt" IS NULL OR "inboundWindowStartedAt" <= $3::timestamp THEN 1 ELSE "inboundWindowCount" + 1 END
     WHERE id = $1
     RETURNING "inboundWindowCount" AS count`,
    [identityId, now, windowOpenedBefore],
  );
  if (!row) throw new Error(`no channel identity ${identityId}`);
  if (row.count <= options.limit) return "answer";
  return row.count === options.limit + 1 ? "notice" : "silence";
}
