import { randomUUID } from "node:crypto";
import type { PrismaClient } from "./db/database.ts";
import { AppError } from "./errors.ts";

export interface StoredState {
  data: Record<string, unknown>;
  etag: string;
}

/** Reads the states stored under `keys`; a key never written is absent from the map. */
export async function readStates(db: PrismaClient, keys: string[]): Promise<Map<string, StoredState>> {
  if (keys.length === 0) return new Map();
  const rows = await db.conversationState.findMany({ where: { key: { in: keys } } });
  return new Map(rows.map((row) => [row.key, { data: row.data as Record<string, unknown>, etag: row.etag }]));
}

/**
 * Writes one state. With `expectedEtag` the write happens only if the stored eTag still matches
 * (or nothing is stored yet): one conditional statement, so two processes that read the same state
 * cannot both write it; the loser gets CONFLICT and its turn is retried by the caller.
 * Without an eTag (or "*") the write is unconditional. Returns the new eTag.
 */
export async function writeState(db: PrismaClient, key: string, data: Record<string, unknown>, expectedEtag?: string): Promise<string> {
  const etag = randomUUID();
  const json = JSON.stringify(data);
  const rows =
    expectedEtag === undefined || expectedEtag === "*"
      ? await db.$queryRaw<{ key: string }[]>`
          INSERT INTO "ConversationState" (key, data, etag, "updatedAt") VALUES (${key}, ${json}::jsonb, ${etag}, now())
          ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, "updatedAt" = now()
          RETURNING key`
      : await db.$queryRaw<{ key: string }[]>`
          INSERT INTO "ConversationState" (key, data, etag, "updatedAt") VALUES (${key}, ${json}::jsonb, ${etag}, now())
          ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, "updatedAt" = now()
          WHERE "ConversationState".etag = ${expectedEtag}
          RETURNING key`;
  if (rows.length === 0) throw new AppError("CONFLICT", `state "${key}" was changed by another turn (eTag conflict)`, { key });
  return etag;
}

export async function deleteStates(db: PrismaClient, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.conversationState.deleteMany({ where: { key: { in: keys } } });
}
