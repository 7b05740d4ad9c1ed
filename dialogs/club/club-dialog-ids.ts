/** The club journeys' dialog ids (dialogs/dialog-ids.ts has the family's). */
export const CLUB_DIALOG = "club";
export const CLUB_ANSWER_DIALOG = "club.answer";
export const CLUB_PARTICIPANTS_DIALOG = "club.participants";
export const CLUB_OPEN_SIGN_UPS_DIALOG = "club.openSignUps";
export const CLUB_ACCOMMODATION_DIALOG = "club.accommodation";
export const CLUB_PAGES_DIALOG = "club.pages";
