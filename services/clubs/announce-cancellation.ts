import { notifyPersons } from "../outbox/notify-persons.ts";
import type { Tx } from "../db/database.ts";
import { titleIn, type NoticeText } from "./notice-text.ts";

/**
 * Inside the cancellation's transaction: tells the club's contacts by SMS (outbox) that a family
 * cancelled a sign-up ("Jonas er meldt av Fotball 2015"), so the notice exists if and only if the
 * cancellation commits. Opted-out contacts are skipped.
 */
export async function announceCancellation(tx: Tx, options: { enrollmentId: string; now: Date; text: NoticeText }): Promise<string[]> {
  const enrollment = await tx.enrollment.findUniqueOrThrow({
    where: { id: options.enrollmentId },
    select: {
      replyCode: true,
      child: { select: { givenName: true } },
      activity: { select: { title: true, translations: { select: { language: true, title: true } }, provider: { select: { contacts: { select: { personId: true } } } } } },
    },
  });
  const { child, activity } = enrollment;
  const key = enrollment.replyCode ? "club:notice.cancelled" : "club:notice.cancelled_no_code";
  const contacts = activity.provider.contacts.map((contact) => contact.personId);
  return notifyPersons(tx, contacts, (language) => options.text(language, key, { child: child.givenName, activity: titleIn(activity, language), code: enrollment.replyCode }), options.now);
}
