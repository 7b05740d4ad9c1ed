import type { Database } from "../db/database.ts";
import { ageOn, toIsoDate, type IsoDate } from "../dates.ts";
import type { Language } from "../languages.ts";
import { titleIn } from "./notice-text.ts";

/** A sign-up as a club sees it: first name and age, never more of the family. */
export interface ClubSignUp {
  enrollmentId: string;
  code: string | null;
  childName: string;
  age: number | null;
  activityTitle: string;
  status: "PENDING" | "CONFIRMED" | "CANCELLED" | "DECLINED" | "EXPIRED";
}

export const CLUB_SIGN_UP_SELECT = {
  id: true,
  replyCode: true,
  status: true,
  child: { select: { givenName: true, birthDate: true } },
  activity: { select: { title: true, translations: { select: { language: true, title: true } } } },
} as const;

type ClubSignUpRow = {
  id: string;
  replyCode: string | null;
  status: ClubSignUp["status"];
  child: { givenName: string; birthDate: Date | null };
  activity: { title: string; translations: { language: string; title: string }[] };
};

export function clubSignUp(row: ClubSignUpRow, language: Language, today: IsoDate): ClubSignUp {
  return {
    enrollmentId: row.id,
    code: row.replyCode,
    childName: row.child.givenName,
    age: row.child.birthDate ? ageOn(toIsoDate(row.child.birthDate), today) : null,
    activityTitle: titleIn(row.activity, language),
    status: row.status,
  };
}

/** The open (PENDING) sign-ups of these clubs, oldest first. */
export async function openSignUpsOf(db: Database, providerIds: string[], language: Language, today: IsoDate): Promise<ClubSignUp[]> {
  const rows = await db.prisma.enrollment.findMany({
    where: { status: "PENDING", activity: { providerId: { in: providerIds } } },
    select: CLUB_SIGN_UP_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => clubSignUp(row, language, today));
}

/**
 * Use case (reads only): the sign-ups waiting for this contact's clubs to answer, with their codes
 * ("påmeldinger"). On a channel without sign-up notices (web chat, Teams) this is where a contact
 * finds what to answer.
 */
export async function findOpenSignUps(db: Database, options: { personId: string; language: Language; today: IsoDate }): Promise<ClubSignUp[]> {
  const contacts = await db.prisma.providerContact.findMany({ where: { personId: options.personId }, select: { providerId: true } });
  if (contacts.length === 0) return [];
  return openSignUpsOf(db, contacts.map((contact) => contact.providerId), options.language, options.today);
}
