/**
 * SMS keywords as Norwegians and Twilio expect them. Only a message that is the keyword alone
 * counts ("STOPP", "stopp!"); "stopp å sende meg påminnelser om fotball" is a sentence for the bot.
 */
export type SmsKeyword = "opt-out" | "opt-in" | "help";

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: "opt-out",
  STOPP: "opt-out",
  AVSLUTT: "opt-out",
  START: "opt-in",
  HJELP: "help",
  HELP: "help",
};

export function smsKeyword(body: string): SmsKeyword | undefined {
  const word = body.trim().replace(/[.!]+$/, "").trim().toUpperCase();
  return KEYWORDS[word];
}

/** HELP is English; the other keywords are used by Norwegians too, so they say nothing of language. */
export function keywordLanguage(body: string): "en" | undefined {
  return body.trim().replace(/[.!]+$/, "").trim().toUpperCase() === "HELP" ? "en" : undefined;
}
