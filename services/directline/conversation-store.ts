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
    return this.db.prisma.directLineConversation.findUnique({ where: { id: conversationId }, select: { id: true, userId: true } });
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

  /** Activities after `watermark`, oldest first, with their ids. */
  async after(conversationId: string, watermark: number, limit = 100): Promise<{ activities: StoredActivity[]; watermark: number }> {
    const rows = await this.db.prisma.directLineActivity.findMany({
      where: { conversationId, seq: { gt: watermark } },
      orderBy: { seq: "asc" },
      take: limit,
      select: { seq: true, activity: true },
    });
    return {
      activities: rows.map((row) => ({ ...(row.activity as StoredActivity), id: activityId(conversationId, row.seq) })),
      watermark: rows.at(-1)?.seq ?? watermark,
    };
  }
}
