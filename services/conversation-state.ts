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
export async function writeState(db: Database, key: string, data: Record<string, unknown>, options: { expectedEtag?: string; now: Date }): Promise<string> {
  const etag = randomUUID();
  const conditional = options.expectedEtag !== undefined && options.expectedEtag !== "*";
  const rows = await db.sql<{ key: string }>(
    `INSERT INTO "ConversationState" (key, data, etag, "updatedAt") VALUES ($1, $2::jsonb, $3, $4::timestamp)
     ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, "updatedAt" = EXCLUDED."updatedAt"
     ${conditional ? `WHERE "ConversationState".etag = $5` : ""}
     RETURNING key`,
    [key, JSON.stringify(data), etag, utcTimestamp(options.now), ...(conditional ? [options.expectedEtag] : [])],
  );
  if (rows.length === 0) throw new AppError("CONFLICT", `state "${key}" was changed by another turn (eTag conflict)`, { key });
  return etag;
}

export async function deleteStates(db: Database, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.prisma.conversationState.deleteMany({ where: { key: { in: keys } } });
}
