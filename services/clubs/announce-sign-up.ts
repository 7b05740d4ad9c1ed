import { notifyPersons } from "../outbox/notify-persons.ts";
import type { Tx } from "../db/database.ts";
import { ageOn, toIsoDate, type IsoDate } from "../dates.ts";
import { titleIn, type NoticeText } from "./notice-text.ts";

export interface AnnounceSignUpOptions {
  enrollmentId: string;
  replyCode: string;
  today: IsoDate;
  now: Date;
  text: NoticeText;
}

/**
 * Inside the sign-up's transaction: tells the club's contacts of a new sign-up by SMS through the
 * outbox, so the notice exists if and only if the sign-up commits (and is sent once). What the
 * club needs and nothing more: the child's first name and age, the activity, whether adaptation is
 * asked for, "paid" or "waiting" — never what the card holds or was topped up with — and the code
 * to answer with. Contacts who opted out (STOP) are skipped. Returns the outbox rows' ids.
 */
export async function announceSignUp(tx: Tx, options: AnnounceSignUpOptions): Promise<string[]> {
  const enrollment = await tx.enrollment.findUniqueOrThrow({
    where: { id: options.enrollmentId },
    select: {
      child: { select: { givenName: true, birthDate: true } },
      activity: { select: { title: true, translations: { select: { language: true, title: true } }, provider: { select: { contacts: { select: { personId: true } } } } } },
      _count: { select: { accommodations: true } },
    },
  });
  const payment = await tx.familyPayment.findUnique({ where: { enrollmentId: options.enrollmentId }, select: { status: true } });
  const waiting = payment !== null && (payment.status === "OWED" || payment.status === "PENDING");
  const { child, activity } = enrollment;
  const age = child.birthDate ? ageOn(toIsoDate(child.birthDate), options.today) : null;
  const contacts = activity.provider.contacts.map((contact) => contact.personId);
  return notifyPersons(tx, contacts, (language) => {
    const say = (key: string, values?: Record<string, unknown>) => options.text(language, `club:${key}`, values);
    const lines = [
      [
        say(age === null ? "notice.sign_up_no_age" : "notice.sign_up", { child: child.givenName, age, activity: titleIn(activity, language) }),
        say(waiting ? "notice.waiting" : "notice.paid"),
        ...(enrollment._count.accommodations > 0 ? [say("notice.accommodation")] : []),
      ].join(" "),
      say("notice.reply", { code: options.replyCode }),
    ];
    // Teams shows the answers as buttons; the typed reply stays the same command (one code path).
    const answers = {
      choices: [
        { title: options.text(language, "cards:confirm"), command: `JA ${options.replyCode}` },
        { title: options.text(language, "cards:decline"), command: `NEI ${options.replyCode}` },
      ],
      input: options.text(language, "cards:reason_label"),
    };
    return { text: lines.join("\n"), answers };
  }, options.now);
}
