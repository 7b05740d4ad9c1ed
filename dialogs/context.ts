import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import type { TFunction } from "i18next";
import type { SchemeConfig } from "../services/config.ts";
import type { Database } from "../services/db/database.ts";
import type { IsoDate } from "../services/dates.ts";
import type { ResolvedIdentity } from "../services/identity.ts";
import type { Language } from "../services/languages.ts";
import type { Entities, Intent, Nlu, Understanding } from "../services/nlu/index.ts";
import type { PaymentProvider } from "../services/payments/payment-provider.ts";
import { foldText } from "../services/text.ts";

/** What the dialogs need from the composition root; tests pass their own. */
export interface DialogDependencies {
  db: Database;
  nlu: Nlu;
  scheme: SchemeConfig;
  municipalityId: string;
  t: (language: Language) => TFunction;
  today: () => IsoDate;
  now: () => Date;
  /** The family's remainder is paid through this provider; without one, no link is offered. */
  payments?: PaymentProvider;
  /** Where a payment returns to (the service's public URL). */
  publicBaseUrl: string;
  /** The URL of a one-time login link for a token (the stand-in page, or the OpenID Connect start). */
  loginUrl: (token: string) => string;
  /** Remembered across journeys within one conversation. */
  memory: StatePropertyAccessor<ConversationMemory>;
}

/** What the conversation remembers between journeys: the last activity list shown. */
export interface ConversationMemory {
  list?: { ids: string[]; shown: number };
}

/** The facts of the current turn, worked out once by the bot before any dialog runs. */
export interface TurnInfo {
  understanding: Understanding;
  language: Language;
  t: TFunction;
  /** A translator for another language (the yes/no words of nb and en work everywhere). */
  translate: (language: Language) => TFunction;
  identity: ResolvedIdentity;
  /** SMS: plain text, at most 3 list items per message. */
  sms: boolean;
  /** Switches the conversation's language from now on and remembers it for the person. */
  switchLanguage: (language: Language) => Promise<void>;
}

const TURN_INFO = Symbol("fritidskortTurn");

export function setTurnInfo(context: TurnContext, info: TurnInfo): void {
  context.turnState.set(TURN_INFO, info);
}

export function turnInfo(context: TurnContext): TurnInfo {
  const info = context.turnState.get(TURN_INFO) as TurnInfo | undefined;
  if (!info) throw new Error("turn info missing: the bot sets it before running dialogs");
  return info;
}

/** A journey's start: the intent (from the NLU, or a menu choice) and its entities. */
export interface JourneyOptions {
  intent: Intent;
  entities: Entities;
  /** For the menu: a catalog key said before it (why the menu is shown). */
  preface?: string;
}

/** A journey can hand over to another one when it ends (a menu choice, "sign up for number 2"). */
export interface JourneyResult {
  next?: JourneyOptions;
}

// Numbers in menus and lists are typed as digits on every keyboard we serve; Arabic and Urdu
// readers get Latin digits too, so a list's "2" and the reply "2" look the same.
const LOCALE_TAGS: Record<Language, string> = {
  nb: "nb-NO",
  en: "en-GB",
  pl: "pl-PL",
  lt: "lt-LT",
  uk: "uk-UA",
  ar: "ar-u-nu-latn",
  so: "so-SO",
  ur: "ur-PK-u-nu-latn",
  tr: "tr-TR",
  ti: "ti-ER",
};

// Intl puts no-break spaces (U+00A0, U+202F) in "1 000 kr"; they are not GSM-7, and one of them
// would turn a whole SMS into UCS-2 (70 instead of 160 characters), so they become plain spaces.
const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

export function formatNok(amountNok: number, language: Language): string {
  const whole = Number.isInteger(amountNok);
  return plainSpaces(new Intl.NumberFormat(LOCALE_TAGS[language], { style: "currency", currency: "NOK", minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 }).format(amountNok));
}

export function formatOre(amountOre: number, language: Language): string {
  return formatNok(amountOre / 100, language);
}

export function formatDate(date: IsoDate, language: Language): string {
  return plainSpaces(new Intl.DateTimeFormat(LOCALE_TAGS[language], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`)));
}

const words = (t: TFunction, key: string) => String(t(key)).split("|").map((w) => foldText(w.trim())).filter(Boolean);

/** Yes/no/more words of the turn's language, and of nb and en (understood from everyone). */
function answerIs(text: string, info: TurnInfo, key: string): boolean {
  const answer = foldText(text.trim()).replace(/[.!?,]+/g, " ").replace(/\s+/g, " ").trim();
  if (answer === "") return false;
  // The whole answer ("vis mer"), or its first word ("ja takk", "yes please", "nei, ikke nå").
  const first = answer.split(" ")[0]!;
  return [...new Set<Language>([info.language, "nb", "en"])].some((language) => {
    const list = words(info.translate(language), key);
    return list.includes(answer) || list.includes(first);
  });
}

export const isYes = (text: string, info: TurnInfo) => answerIs(text, info, "chat:words.yes");
export const isNo = (text: string, info: TurnInfo) => answerIs(text, info, "chat:words.no");
export const isMore = (text: string, info: TurnInfo) => answerIs(text, info, "chat:words.more");

/** The menu number(s) in an answer: "2", "nr 2", "1,3", "1 og 3". */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d+/g)].map((match) => Number(match[0]));
}
