import type { NoticeText } from "../services/clubs/notice-text.ts";
import { isIsoDate } from "../services/dates.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { formatDate } from "./format.ts";

/**
 * The catalog's sentences for the messages a use case queues for someone else (the club's sign-up
 * and cancellation notices, the family's answer from the club, reminders): services know the keys,
 * not i18next. A `date` value is an ISO date, written as the recipient's language writes a day.
 */
export function noticeText(deps: Pick<DialogDependencies, "t">): NoticeText {
  return (language, key, values) => {
    const date = values?.date;
    const shown = typeof date === "string" && isIsoDate(date) ? { ...values, date: formatDate(date, language) } : values;
    return String(deps.t(language)(key, shown));
  };
}
