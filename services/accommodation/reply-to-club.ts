import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { familySide, type NoticeText } from "../clubs/notice-text.ts";
import { addThreadMessage, noteKey, tellSide, threadOf, threadText } from "./thread-notices.ts";

export interface ReplyToClubOptions {
  /** Whoever made the request. */
  personId: string;
  /** SVAR <text> writes to the club; LUKK closes the thread. */
  action: "reply" | "close";
  text?: string | undefined;
  now: Date;
  notices: NoticeText;
}

export type ReplyToClubOutcome = { outcome: "SENT" | "CLOSED"; clubName: string; childName: string; childId: string } | { outcome: "NOTHING_OPEN" };

/**
 * Use case: the family writes back in an accommodation thread (SVAR <text>) or closes it (LUKK).
 * The thread is the person's request that the club answered most recently and that is not closed:
 * a family answers the club's last message, as one answers an SMS (docs/conversation.md). The club's
 * contacts are told with the family's words quoted as written.
 */
export async function replyToClub(db: Database, options: ReplyToClubOptions): Promise<ReplyToClubOutcome> {
  const text = threadText(options.text);
  if (options.action === "reply" && !text) return { outcome: "NOTHING_OPEN" };
  const latest = await db.prisma.accommodationRequest.findFirst({
    where: { requestedById: options.personId, status: "ANSWERED" },
    orderBy: [{ lastMessageAt: "desc" }, { createdAt: "desc" }],
    select: { id: true },
  });
  if (!latest) return { outcome: "NOTHING_OPEN" };
  return inTransaction(db, async (tx) => {
    await lockRow(tx, "AccommodationRequest", latest.id);
    const thread = await threadOf(tx, latest.id);
    if (thread.status !== "ANSWERED") return { outcome: "NOTHING_OPEN" } as const;
    const closing = options.action === "close";
    await addThreadMessage(tx, { requestId: thread.id, authorId: options.personId, kind: closing ? "CLOSED" : "FAMILY_REPLY", body: closing ? undefined : text, now: options.now, ...(closing ? { status: "CLOSED" as const } : {}) });
    await recordAudit(tx, {
      municipalityId: thread.provider.municipalityId,
      actorId: options.personId,
      action: closing ? "accommodation.closed" : "accommodation.family_replied",
      entityType: "AccommodationRequest",
      entityId: thread.id,
      at: options.now,
    });
    const values = { child: thread.child.givenName, code: thread.replyCode, ...familySide(thread.requestedById, thread.childId) };
    await tellSide(tx, thread, "club", {
      now: options.now,
      text: options.notices,
      lines: (say, activity) =>
        closing
          ? [say("accommodation:club.family_closed", { ...values, activity })]
          : [say("accommodation:club.family_reply", { ...values, activity }), say(noteKey(values), { ...values, text }), say("accommodation:club.how_to_continue", values)],
    });
    return { outcome: closing ? "CLOSED" : "SENT", clubName: thread.provider.name, childName: thread.child.givenName, childId: thread.childId } as const;
  });
}
