import { randomUUID } from "node:crypto";
import { utcTimestamp, type Database } from "./db/database.ts";
import { AppError } from "./errors.ts";

export interface StoredState {
  data: Record<string, unknown>;
  etag: string;
}

/** Reads the states stored under `keys`; a key never written is absent from the map. */
export async function readStates(db: Database, keys: string[]): Promise<Map<string, StoredState>> {
  if (keys.length === 0) return new Map();
  // Raw: it runs on every turn, and Prisma's own cost per query is several times the round trip (docs/performance.md).
  const rows = await db.sql<{ key: string; data: Record<string, unknown>; etag: string }>(`SELECT key, data, etag FROM "ConversationState" WHERE key = ANY($1::text[])`, [keys]);
  return new Map(rows.map((row) => [row.key, { data: row.data, etag: row.etag }]));
}

/**
 * Writes one state. With `expectedEtag` the write happens only if the stored eTag still matches
 * (or nothing is stored yet): one conditional statement, so two processes that read the same state
 * cannot both write it; the loser gets CONFLICT and its turn is retried by the caller.
 * Without an eTag (or "*") the write is unconditional. Returns the new eTag.
 */
export async function writeState(db: Database, key: string, data: Record<string, unknown>, options: { expectedEtag?: string; now: Date; completing?: InboundCompletion }): Promise<{ etag: string; completed: boolean }> {
  const etag = randomUUID();
  const conditional = options.expectedEtag !== undefined && options.expectedEtag !== "*";
  const params: unknown[] = [key, JSON.stringify(data), etag, utcTimestamp(options.now), conditional ? options.expectedEtag : null];
  const { completing } = options;
  if (completing) params.push(completing.channel, completing.externalId, completing.owner, completing.response());
  const [row] = await db.sql<{ written: number; completed: number }>(
    `WITH written AS (
       INSERT INTO "ConversationState" (key, data, etag, "updatedAt") VALUES ($1, $2::jsonb, $3, $4::timestamp)
       ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, "updatedAt" = EXCLUDED."updatedAt"
       WHERE $5::text IS NULL OR "ConversationState".etag = $5::text
       RETURNING key
     )${
       completing
         ? `, completed AS (
       UPDATE "InboundMessage" SET response = $9, "completedAt" = $4::timestamp, "heartbeatAt" = $4::timestamp
       WHERE channel = $6::"Channel" AND "externalId" = $7 AND owner = $8 AND "completedAt" IS NULL AND EXISTS (SELECT 1 FROM written)
       RETURNING 1
     )`
         : ""
     }
     SELECT (SELECT count(*) FROM written)::int AS written, ${completing ? "(SELECT count(*) FROM completed)::int" : "0"} AS completed`,
    params,
  );
  if (!row || row.written === 0) throw new AppError("CONFLICT", `state "${key}" was changed by another turn (eTag conflict)`, { key });
  return { etag, completed: row.completed === 1 };
}

/**
 * A webhook delivery's claim (services/sms/inbound-messages.ts), completed with the state the turn
 * leaves: the answer Twilio gets is stored in the statement that saves the turn's state, so a process
 * killed in between cannot leave a state saved for an answer that was never recorded (its retry would
 * run the turn again against the new state).
 */
export interface InboundCompletion {
  channel: "SMS";
  externalId: string;
  owner: string;
  /** The reply as the webhook answers it (TwiML), rendered when the state is written. */
  response: () => string;
}

export async function deleteStates(db: Database, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.prisma.conversationState.deleteMany({ where: { key: { in: keys } } });
}
