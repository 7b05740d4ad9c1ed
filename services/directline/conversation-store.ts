import { utcTimestamp, type Database } from "../db/database.ts";

/** A stored activity as a Direct Line client sees it (JSON); its id is derived from the sequence number. */
export type StoredActivity = Record<string, unknown>;

/** Direct Line activity ids: `<conversationId>|<seq, 7 digits>`, the format Microsoft's service uses. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, "0")}`;
}

/**
 * The Direct Line conversations we serve and their activities (user's and bot's) in order. The
 * watermark a client sends back is the seq of the last activity it has.
 */
export class DirectLineConversationStore {
  constructor(private readonly db: Database) {}

  /** Creates the conversation if it does not exist; true if this call created it (insert-first). */
  async create(conversationId: string, userId: string, now: Date): Promise<boolean> {
    const rows = await this.db.sql<{ id: string }>(
      `INSERT INTO "DirectLineConversation" (id, "userId", "createdAt") VALUES ($1, $2, $3::timestamp)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [conversationId, userId, utcTimestamp(now)],
    );
    return rows.length === 1;
  }

  async find(conversationId: string): Promise<{ id: string; userId: string | null } | null> {
    // Raw: every post and read of a web chat asks it.
    const [row] = await this.db.sql<{ id: string; userId: string | null }>(`SELECT id, "userId" FROM "DirectLineConversation" WHERE id = $1`, [conversationId]);
    return row ?? null;
  }

  /** The user's conversation with the latest activity (the one their web chat shows), or null. */
  async latestOf(userId: string): Promise<string | null> {
    const rows = await this.db.prisma.directLineConversation.findMany({ where: { userId }, orderBy: [{ lastSeq: "desc" }, { createdAt: "desc" }], select: { id: true, lastSeq: true, createdAt: true } });
    if (rows.length === 0) return null;
    // The conversation last written to: its newest activity's time.
    const latest = await this.db.prisma.directLineActivity.findFirst({ where: { conversationId: { in: rows.map((row) => row.id) } }, orderBy: { createdAt: "desc" }, select: { conversationId: true } });
    return latest?.conversationId ?? rows[0]!.id;
  }

  /** The id of the activity a notice from the outbox became (`channelData.outboxId`), if one was appended. */
  async findByOutboxId(outboxId: string): Promise<string | undefined> {
    const row = await this.db.prisma.directLineActivity.findFirst({ where: { activity: { path: ["channelData", "outboxId"], equals: outboxId } }, select: { conversationId: true, seq: true } });
    return row ? activityId(row.conversationId, row.seq) : undefined;
  }

  /**
   * Appends an activity and returns its seq. One statement: the UPDATE takes the conversation row's
   * lock and the next number, so concurrent appends (a user message while the bot replies, two
   * server processes) get distinct, gap-free numbers in commit order.
   */
  async append(conversationId: string, activity: StoredActivity, now: Date): Promise<number> {
    const { id: _ignored, ...withoutId } = activity;
    const rows = await this.db.sql<{ seq: number }>(
      `WITH next AS (
         UPDATE "DirectLineConversation" SET "lastSeq" = "lastSeq" + 1 WHERE id = $1 RETURNING "lastSeq"
       )
       INSERT INTO "DirectLineActivity" ("conversationId", seq, activity, "createdAt")
       SELECT $1, next."lastSeq", $2::jsonb, $3::timestamp FROM next
       RETURNING seq`,
      [conversationId, JSON.stringify(withoutId), utcTimestamp(now)],
    );
    if (rows.length !== 1) throw new Error("Direct Line conversation does not exist");
    return Number(rows[0]!.seq);
  }

  /**
   * Activities after `watermark`, oldest first, with their ids: at most `limit` of them and, past
   * the first, no more than `maxBytes` of JSON (the client pages on with the watermark). `more`:
   * there may be activities after this page (a stream reads on; one that has them all stops).
   * Each carries its seq as `channelData["webchat:sequence-id"]`, the key Web Chat sorts its
   * transcript by: botframework-directlinejs emits each pushed group on an async scheduler, so two
   * pushes close together can reach the page interleaved (1, 3, 2), and timestamps can tie.
   * One raw statement: every push to a web chat reads it (docs/performance.md).
   */
  async after(conversationId: string, watermark: number, options: { limit?: number; maxBytes?: number } = {}): Promise<{ activities: StoredActivity[]; watermark: number; more: boolean }> {
    const limit = options.limit ?? 100;
    const rows = await this.db.sql<{ seq: number; activity: StoredActivity }>(
      `SELECT seq, activity FROM "DirectLineActivity" WHERE "conversationId" = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [conversationId, watermark, limit],
    );
    const activities: StoredActivity[] = [];
    let bytes = 0;
    let last = watermark;
    for (const row of rows) {
      const seq = Number(row.seq);
      const channelData = { ...(row.activity.channelData as object | undefined), "webchat:sequence-id": seq };
      const activity = { ...row.activity, id: activityId(conversationId, seq), channelData };
      bytes += Buffer.byteLength(JSON.stringify(activity));
      if (activities.length > 0 && options.maxBytes !== undefined && bytes > options.maxBytes) break;
      activities.push(activity);
      last = seq;
    }
    return { activities, watermark: last, more: rows.length === limit || activities.length < rows.length };
  }

  /**
   * Deletes the conversations with no activity since `idleSince` (created before it, nothing
   * appended after it), their activities with them. Returns their ids and the users left with no
   * conversation at all (the caller drops their bot state).
   */
  async purgeIdle(idleSince: Date, batch = 500): Promise<{ conversationIds: string[]; userIdsWithoutConversations: string[] }> {
    const rows = await this.db.sql<{ id: string; userId: string | null }>(
      `DELETE FROM "DirectLineConversation" WHERE id IN (
         SELECT c.id FROM "DirectLineConversation" c
         WHERE c."createdAt" < $1::timestamp
           AND NOT EXISTS (SELECT 1 FROM "DirectLineActivity" a WHERE a."conversationId" = c.id AND a."createdAt" >= $1::timestamp)
         LIMIT $2)
       RETURNING id, "userId"`,
      [utcTimestamp(idleSince), batch],
    );
    const users = [...new Set(rows.map((row) => row.userId).filter((id): id is string => id !== null))];
    const remaining = users.length === 0 ? [] : await this.db.prisma.directLineConversation.findMany({ where: { userId: { in: users } }, select: { userId: true }, distinct: ["userId"] });
    const stillTalking = new Set(remaining.map((row) => row.userId));
    return { conversationIds: rows.map((row) => row.id), userIdsWithoutConversations: users.filter((id) => !stillTalking.has(id)) };
  }
}
