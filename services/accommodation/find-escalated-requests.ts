import type { Database } from "../db/database.ts";

export interface EscalatedRequest {
  id: string;
  /** The thread's reply code, as the club and the family see it. */
  code: string | null;
  childName: string;
  activityTitle: string;
  clubName: string;
  /** Coarse need codes (wheelchair, allergy, …): what the caseworker follows up; no free text. */
  needs: string[];
  requestedAt: Date;
  escalatedAt: Date;
}

/**
 * Use case (reads only): the municipality's accommodation requests that were escalated because the
 * club has not answered, and that still wait for the club — the caseworkers' follow-up list in the
 * staff inbox. Oldest escalation first.
 */
export async function findEscalatedRequests(db: Database, options: { municipalityId: string }): Promise<EscalatedRequest[]> {
  const rows = await db.prisma.accommodationRequest.findMany({
    where: { status: "OPEN", escalatedAt: { not: null }, provider: { municipalityId: options.municipalityId } },
    select: {
      id: true,
      replyCode: true,
      needs: true,
      createdAt: true,
      escalatedAt: true,
      child: { select: { givenName: true } },
      activity: { select: { title: true } },
      provider: { select: { name: true } },
    },
    orderBy: { escalatedAt: "asc" },
  });
  return rows.map((row) => ({
    id: row.id,
    code: row.replyCode,
    childName: row.child.givenName,
    activityTitle: row.activity.title,
    clubName: row.provider.name,
    needs: row.needs,
    requestedAt: row.createdAt,
    escalatedAt: row.escalatedAt!,
  }));
}
