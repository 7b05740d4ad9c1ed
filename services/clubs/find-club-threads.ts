import type { Database } from "../db/database.ts";
import type { AccommodationNeed } from "../accommodation/request-accommodation.ts";
import type { Language } from "../languages.ts";
import { titleIn } from "./notice-text.ts";

export interface ClubThread {
  /** The request's reply code: what JA/PRAT/NEI/LUKK <code> answer. */
  code: string | null;
  childName: string;
  activityTitle: string;
  needs: AccommodationNeed[];
  status: "OPEN" | "ANSWERED";
  /** The thread, oldest first: each side's own words as written (never translated). */
  messages: { from: "family" | "club"; kind: string; body: string; at: string }[];
}

/**
 * Use case (reads only): the accommodation threads of the contact's clubs that are not closed,
 * oldest first, with their messages — for the club's tab. Only the contact's own clubs'.
 */
export async function findClubThreads(db: Database, options: { personId: string; language: Language }): Promise<ClubThread[]> {
  const rows = await db.prisma.accommodationRequest.findMany({
    where: { status: { in: ["OPEN", "ANSWERED"] }, provider: { contacts: { some: { personId: options.personId } } } },
    select: {
      replyCode: true,
      status: true,
      needs: true,
      requestedById: true,
      child: { select: { givenName: true } },
      activity: { select: { title: true, translations: { select: { language: true, title: true } } } },
      messages: { select: { authorId: true, kind: true, body: true, createdAt: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    code: row.replyCode,
    childName: row.child.givenName,
    activityTitle: titleIn(row.activity, options.language),
    needs: row.needs as AccommodationNeed[],
    status: row.status as "OPEN" | "ANSWERED",
    messages: row.messages.map((message) => ({
      from: message.kind === "REQUEST" || message.kind === "FAMILY_REPLY" ? ("family" as const) : ("club" as const),
      kind: message.kind,
      body: message.body,
      at: message.createdAt.toISOString(),
    })),
  }));
}
