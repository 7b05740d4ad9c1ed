import type { NoticeText } from "../clubs/notice-text.ts";
import type { StaffRole } from "../staff/find-staff-member.ts";

export type { NoticeText };

/** One line of the conversation before the hand-off, as written (shown to the caseworker, never logged). */
export interface TranscriptLine {
  from: "person" | "bot";
  text: string;
  at: string;
}

/** Who acts on a hand-off: the staff member the chat or the web session recognised. */
export interface HandOffActor {
  personId: string;
  municipalityId: string;
  role: StaffRole;
}

/** Only caseworkers (and admins, who run the scheme) answer hand-offs; a privacy officer does not. */
export function answersHandOffs(role: StaffRole): boolean {
  return role === "CASEWORKER" || role === "ADMIN";
}

/** What a notice about a hand-off needs besides the catalog's sentences. */
export interface HandOffNotices {
  text: NoticeText;
  /** The municipality's name ("Drammen"), for "Sigrid from Drammen municipality". */
  municipalityName: string;
  /** The staff inbox (web/staff/), named in the caseworkers' notice. */
  inboxUrl: string;
}

/** A message longer than this is cut in an SMS to a caseworker (the whole text is in the inbox). */
export const SMS_QUOTE_CHARS = 200;

export function quoteForSms(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SMS_QUOTE_CHARS ? `${flat.slice(0, SMS_QUOTE_CHARS - 1)}...` : flat;
}
