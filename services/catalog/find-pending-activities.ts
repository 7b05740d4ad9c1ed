import type { Database } from "../db/database.ts";
import { activityProblems, type ApprovalProblem } from "./approval-rules.ts";

export interface PendingActivity {
  id: string;
  title: string;
  category: string;
  sessionsPerPeriod: number;
  feeOre: number;
  provider: { name: string; orgNumber: string; approvalState: string };
  /** What would refuse its approval today (empty: it can be approved). */
  problems: ApprovalProblem[];
}

/** Use case (reads only): the activities waiting for a decision, oldest first, each with what stands in its way. */
export async function findPendingActivities(db: Database, options: { municipalityId: string }): Promise<PendingActivity[]> {
  const municipality = await db.prisma.municipality.findUniqueOrThrow({ where: { id: options.municipalityId }, select: { minSessionsPerPeriod: true, excludedCategories: true } });
  const rows = await db.prisma.activity.findMany({
    where: { approvalState: "PENDING", provider: { municipalityId: options.municipalityId } },
    include: { provider: { select: { name: true, orgNumber: true, approvalState: true, policeCertificates: true, bankAccount: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    category: row.category,
    sessionsPerPeriod: row.sessionsPerPeriod,
    feeOre: row.feeOre,
    provider: { name: row.provider.name, orgNumber: row.provider.orgNumber, approvalState: row.provider.approvalState },
    problems: activityProblems(row, row.provider, municipality),
  }));
}
