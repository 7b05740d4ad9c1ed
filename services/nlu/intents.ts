/** The intents the conversation acts on (issue 4 names them exactly). */
export const INTENTS = [
  "eligibility",
  "balance",
  "find_activity",
  "sign_up",
  "cancel_signup",
  "accommodation",
  "coverage",
  "history",
  "change_language",
  "help",
  "human",
  "greeting",
  /** Thanks and goodbyes ("takk skal du ha", "ok, det var alt"): a short friendly reply, not the menu. */
  "closing",
  "stop",
  "delete_data",
  "access_data",
  "out_of_scope",
] as const;

export type Intent = (typeof INTENTS)[number];

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
