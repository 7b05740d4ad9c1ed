/** Dialog ids as named constants (core-bot habit): one per journey, plus the prompts they share. */
export const MAIN_DIALOG = "main";
export const ELIGIBILITY_DIALOG = "eligibility";
export const FIND_ACTIVITY_DIALOG = "findActivity";
export const SIGN_UP_DIALOG = "signUp";
export const BALANCE_DIALOG = "balance";
export const CANCEL_DIALOG = "cancelSignUp";
export const COVERAGE_DIALOG = "coverage";
export const MENU_DIALOG = "menu";
export const LANGUAGE_DIALOG = "language";
export const HAND_OFF_DIALOG = "handOff";
export const STOP_DIALOG = "stop";
export const DELETE_DATA_DIALOG = "deleteData";
export const ACCESS_DATA_DIALOG = "accessData";
export const ACCOMMODATION_DIALOG = "accommodation";
export const TEXT_PROMPT = "text";
export const ACCOMMODATION_REPLY_DIALOG = "accommodationReply";
/** A prompt for the person's own words (a note to a club): never read as a new request. */
export const FREE_TEXT_PROMPT = "freeText";
