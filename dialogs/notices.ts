import type { NoticeText } from "../services/clubs/notice-text.ts";
import type { DialogDependencies } from "./dependencies.ts";

/**
 * The catalog's sentences for the messages a use case queues for someone else (the club's sign-up
 * and cancellation notices, the family's answer from the club): services know the keys, not i18next.
 */
export function noticeText(deps: Pick<DialogDependencies, "t">): NoticeText {
  return (language, key, values) => String(deps.t(language)(key, values));
}
