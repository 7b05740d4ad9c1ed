import { notifyPersons } from "../outbox/notify-persons.ts";
import type { Tx } from "../db/database.ts";
import { ageOn, type IsoDate } from "../dates.ts";
import { queryRows } from "../db/query.ts";
import { AppError } from "../errors.ts";
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
  // Everything the notice says, in one statement (it runs inside the sign-up's transaction).
  const [facts] = await queryRows<{ givenName: string; birthDate: string | null; title: string; translations: { language: string; title: string }[]; contacts: string[]; accommodations: number; payment: string | null }>(
    tx,
    `SELECT c."givenName", to_char(c."birthDate", 'YYYY-MM-DD') AS "birthDate", a.title,
       COALESCE((SELECT json_agg(json_build_object('language', tr.language, 'title', tr.title)) FROM "ActivityTranslation" tr WHERE tr."activityId" = a.id), '[]'::json) AS translations,
       ARRAY(SELECT pc."personId" FROM "ProviderContact" pc WHERE pc."providerId" = a."providerId" ORDER BY pc."personId") AS contacts,
       (SELECT count(*) FROM "AccommodationRequest" r WHERE r."enrollmentId" = e.id)::int AS accommodations,
       (SELECT fp.status::text FROM "FamilyPayment" fp WHERE fp."enrollmentId" = e.id) AS payment
     FROM "Enrollment" e JOIN "Person" c ON c.id = e."childId" JOIN "Activity" a ON a.id = e."activityId"
     WHERE e.id = $1`,
    [options.enrollmentId],
  );
  if (!facts) throw new AppError("NOT_FOUND", "no such sign-up", { enrollmentId: options.enrollmentId });
  const waiting = facts.payment === "OWED" || facts.payment === "PENDING";
  const child = { givenName: facts.givenName };
  const activity = { title: facts.title, translations: facts.translations };
  const age = facts.birthDate ? ageOn(facts.birthDate as IsoDate, options.today) : null;
  const contacts = facts.contacts;
  return notifyPersons(tx, contacts, (language) => {
    const say = (key: string, values?: Record<string, unknown>) => options.text(language, `club:${key}`, values);
    const lines = [
      [
        say(age === null ? "notice.sign_up_no_age" : "notice.sign_up", { child: child.givenName, age, activity: titleIn(activity, language) }),
        say(waiting ? "notice.waiting" : "notice.paid"),
        ...(facts.accommodations > 0 ? [say("notice.accommodation")] : []),
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
