import type { SchemeConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { ageOn, toIsoDate, type IsoDate } from "../dates.ts";
import type { Language } from "../languages.ts";
import { findCurrentPeriod } from "../periods.ts";
import { titleIn } from "./notice-text.ts";

export interface Participant {
  childName: string;
  age: number | null;
}

export interface ClubActivityParticipants {
  /** The activity's number in the club's list ("deltakere 2"): by title, stable between messages. */
  number: number;
  activityTitle: string;
  clubName: string;
  confirmed: Participant[];
  /** Signed up, waiting for the club's answer. */
  waiting: Participant[];
}

export interface FindClubParticipantsOptions {
  personId: string;
  /** One activity by its number in the list; all when absent. */
  activityNumber?: number | undefined;
  language: Language;
  today: IsoDate;
  rules: Pick<SchemeConfig, "springStart" | "autumnStart">;
}

export type ClubParticipants =
  | { found: true; activities: ClubActivityParticipants[]; total: number }
  | { found: false; total: number };

/**
 * Use case (reads only): the contact's clubs' activities with their confirmed and waiting
 * participants in the current period — first names and ages only. Only the contact's own clubs:
 * another club's activity has no number here.
 */
export async function findClubParticipants(db: Database, options: FindClubParticipantsOptions): Promise<ClubParticipants> {
  const activities = await db.prisma.activity.findMany({
    where: { provider: { contacts: { some: { personId: options.personId } } } },
    select: { id: true, title: true, translations: { select: { language: true, title: true } }, provider: { select: { name: true, municipalityId: true } } },
    orderBy: [{ title: "asc" }, { id: "asc" }],
  });
  const numbered = activities.map((activity, i) => ({ activity, number: i + 1 }));
  const chosen = options.activityNumber === undefined ? numbered : numbered.filter((item) => item.number === options.activityNumber);
  if (chosen.length === 0) return { found: false, total: activities.length };
  const period = await findCurrentPeriod(db, { municipalityId: activities[0]!.provider.municipalityId, today: options.today, rules: options.rules });
  const enrollments = period
    ? await db.prisma.enrollment.findMany({
        where: { periodId: period.id, activityId: { in: chosen.map((item) => item.activity.id) }, status: { in: ["PENDING", "CONFIRMED"] } },
        select: { activityId: true, status: true, child: { select: { givenName: true, birthDate: true } } },
        orderBy: [{ child: { givenName: "asc" } }, { id: "asc" }],
      })
    : [];
  const participant = (row: (typeof enrollments)[number]): Participant => ({ childName: row.child.givenName, age: row.child.birthDate ? ageOn(toIsoDate(row.child.birthDate), options.today) : null });
  return {
    found: true,
    total: activities.length,
    activities: chosen.map(({ activity, number }) => {
      const mine = enrollments.filter((row) => row.activityId === activity.id);
      return {
        number,
        activityTitle: titleIn(activity, options.language),
        clubName: activity.provider.name,
        confirmed: mine.filter((row) => row.status === "CONFIRMED").map(participant),
        waiting: mine.filter((row) => row.status === "PENDING").map(participant),
      };
    }),
  };
}
