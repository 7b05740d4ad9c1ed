import type { Database } from "../db/database.ts";
import type { AccommodationNeed } from "../accommodation/request-accommodation.ts";
import type { Language } from "../languages.ts";
import { titleIn } from "./notice-text.ts";

export interface ClubAccommodationRequest {
  requestId: string;
  childName: string;
  activityTitle: string;
  /** Coarse codes only (no diagnoses): what the club should prepare. */
  needs: AccommodationNeed[];
  /** The sign-up's reply code, when the request belongs to one. */
  code: string | null;
}

/**
 * Use case (reads only): the open accommodation requests to the contact's clubs ("tilrettelegging"),
 * oldest first. Answering them in a thread is later work (issue 8).
 */
export async function findClubAccommodationRequests(db: Database, options: { personId: string; language: Language }): Promise<ClubAccommodationRequest[]> {
  const rows = await db.prisma.accommodationRequest.findMany({
    where: { status: "OPEN", provider: { contacts: { some: { personId: options.personId } } } },
    select: {
      id: true,
      needs: true,
      child: { select: { givenName: true } },
      activity: { select: { title: true, translations: { select: { language: true, title: true } } } },
      enrollment: { select: { replyCode: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    requestId: row.id,
    childName: row.child.givenName,
    activityTitle: titleIn(row.activity, options.language),
    needs: row.needs as AccommodationNeed[],
    code: row.enrollment?.replyCode ?? null,
  }));
}
