import type { Database } from "../db/database.ts";
import type { StoredState } from "../conversation-state.ts";
import { IDENTITY_COLUMNS, IDENTITY_FROM, identityParams, identityUpsert, toResolvedIdentity, type IdentityRow, type ResolvedIdentity } from "../identity.ts";

export interface OpenSmsTurnOptions {
  /** The delivery: Twilio's MessageSid, and this process as the claim's owner. */
  messageSid: string;
  owner: string;
  /** The sender (E.164), as the identity's address and the claim's sender. */
  sender: string;
  now: Date;
  /** Count the message against the sender's throttle window (every message but STOP). */
  countInbound?: { windowSeconds: number };
  /**
   * The turn's bot-state keys, as the bot framework names them: the conversation's is made of the
   * identity's id (`before` + id + `after`), the user's of the sender.
   */
  stateKeys: { conversation: { before: string; after: string }; user: string };
}

/** `claimed: false`: the MessageSid was claimed before (a retry, or another process has it): see claimInbound. */
export type OpenedSmsTurn = { claimed: false } | { claimed: true; identity: ResolvedIdentity; states: Map<string, StoredState> };

/**
 * Use case: a new SMS delivery, in ONE statement (docs/performance.md) — claim the MessageSid
 * (services/sms/inbound-messages.ts: insert-first, the primary key decides who runs the turn), and,
 * only if this delivery inserted the claim, find the sender (services/identity.ts, counted against
 * the throttle as asked) and read the turn's bot states. A MessageSid seen before inserts and
 * counts nothing: the caller goes on with claimInbound (replay, takeover, in progress).
 */
export async function openSmsTurn(db: Database, options: OpenSmsTurnOptions): Promise<OpenedSmsTurn> {
  const identity = { channel: "SMS" as const, address: options.sender, now: options.now, ...(options.countInbound ? { countInbound: options.countInbound } : {}) };
  const { conversation, user } = options.stateKeys;
  const [row] = await db.sql<IdentityRow & { states: { key: string; data: Record<string, unknown>; etag: string }[] | null }>(
    `WITH claim AS (
       INSERT INTO "InboundMessage" (channel, "externalId", sender, owner, "receivedAt", "heartbeatAt")
       VALUES ('SMS'::"Channel", $7, $3, $8, $4::timestamp, $4::timestamp) ON CONFLICT DO NOTHING RETURNING 1
     ), ${identityUpsert("EXISTS (SELECT 1 FROM claim)")}
     SELECT ${IDENTITY_COLUMNS},
       (SELECT json_agg(json_build_object('key', s.key, 'data', s.data, 'etag', s.etag)) FROM "ConversationState" s WHERE s.key IN ($9 || u.id || $10, $11)) AS states
     ${IDENTITY_FROM}`,
    [...identityParams(identity), options.messageSid, options.owner, conversation.before, conversation.after, user],
  );
  if (!row) return { claimed: false };
  return { claimed: true, identity: toResolvedIdentity(row, identity), states: new Map((row.states ?? []).map((state) => [state.key, { data: state.data, etag: state.etag }])) };
}
