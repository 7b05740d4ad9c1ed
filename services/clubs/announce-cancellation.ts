import type { Tx } from "../db/database.ts";
import { enqueueMessage } from "../outbox/enqueue-message.ts";
import { smsRecipientsOf, titleIn, type NoticeText } from "./notice-text.ts";

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
  const ids: string[] = [];
  for (const recipient of await smsRecipientsOf(tx, activity.provider.contacts.map((contact) => contact.personId))) {
    const values = { child: child.givenName, activity: titleIn(activity, recipient.language), code: enrollment.replyCode };
    const body = options.text(recipient.language, enrollment.replyCode ? "club:notice.cancelled" : "club:notice.cancelled_no_code", values);
    ids.push(...(await enqueueMessage(tx, { channel: "SMS", recipient: recipient.phone, body }, options.now)));
  }
  return ids;
}
