import type { SchemeConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { IsoDate } from "../dates.ts";
import type { Language } from "../languages.ts";
import { findCurrentPeriod } from "../periods.ts";

export interface SignUpSummary {
  enrollmentId: string;
  childId: string;
  childName: string;
  activityId: string;
  activityTitle: string;
  providerName: string;
  status: "PENDING" | "CONFIRMED";
}

export interface FindActiveSignUpsOptions {
  municipalityId: string;
  /** The children the person acts for (services/family/may-act-for.ts). */
  childIds: string[];
  today: IsoDate;
  rules: Pick<SchemeConfig, "springStart" | "autumnStart">;
  language: Language;
}

/**
 * Use case (reads only): the active sign-ups (pending or confirmed) of these children in the period
 * running today: what a family can cancel or ask accommodation for. Titles in the user's language
 * where translated.
 */
export async function findActiveSignUps(db: Database, options: FindActiveSignUpsOptions): Promise<SignUpSummary[]> {
  if (options.childIds.length === 0) return [];
  const period = await findCurrentPeriod(db, { municipalityId: options.municipalityId, today: options.today, rules: options.rules });
  if (!period) return [];
  const rows = await db.prisma.enrollment.findMany({
    where: { childId: { in: options.childIds }, periodId: period.id, status: { in: ["PENDING", "CONFIRMED"] } },
    include: {
      child: { select: { givenName: true } },
      activity: { select: { id: true, title: true, provider: { select: { name: true } }, translations: { where: { language: options.language }, select: { title: true } } } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    enrollmentId: row.id,
    childId: row.childId,
    childName: row.child.givenName,
    activityId: row.activity.id,
    activityTitle: row.activity.translations[0]?.title ?? row.activity.title,
    providerName: row.activity.provider.name,
    status: row.status as "PENDING" | "CONFIRMED",
  }));
}
