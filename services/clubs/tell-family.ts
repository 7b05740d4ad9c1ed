import type { Language } from "../languages.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import type { Tx } from "../db/database.ts";
import { titleIn, type NoticeText } from "./notice-text.ts";

export interface TellFamilyOptions {
  enrollmentId: string;
  answer: "confirmed" | "declined";
  /** The club's own words when it declines, quoted as they were written. */
  reason?: string | undefined;
  now: Date;
  text: NoticeText;
}

/**
 * Inside the club's answer's transaction: tells whoever signed the child up, by SMS through the
 * outbox and in their language, that the club confirmed or declined — a decline with the club's
 * reason quoted as the club's words. Opted-out numbers are skipped.
 */
export async function tellFamilyOfAnswer(tx: Tx, options: TellFamilyOptions): Promise<string[]> {
  const enrollment = await tx.enrollment.findUniqueOrThrow({
    where: { id: options.enrollmentId },
    select: {
      enrolledById: true,
      child: { select: { givenName: true } },
      activity: { select: { title: true, translations: { select: { language: true, title: true } }, provider: { select: { name: true } } } },
    },
  });
  const reason = options.reason?.replace(/\s+/g, " ").trim();
  const key = options.answer === "confirmed" ? "club:family.confirmed" : reason ? "club:family.declined_reason" : "club:family.declined";
  const values = (language: Language) => ({ club: enrollment.activity.provider.name, child: enrollment.child.givenName, activity: titleIn(enrollment.activity, language), reason });
  return notifyPersons(tx, [enrollment.enrolledById], (language) => options.text(language, key, values(language)), options.now);
}
