import type { TurnContext } from "botbuilder";
import type { TFunction } from "i18next";
import type { ResolvedIdentity } from "../services/identity.ts";
import type { Language } from "../services/languages.ts";
import type { Understanding } from "../services/nlu/index.ts";

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
  /** Set by a journey that erased the person's data: the bot deletes this conversation's state after the turn instead of saving it. */
  forgetConversation?: boolean;
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

/** True if a journey of this turn erased the person's data (TurnInfo.forgetConversation). */
export function forgetsConversation(context: TurnContext): boolean {
  return (context.turnState.get(TURN_INFO) as TurnInfo | undefined)?.forgetConversation === true;
}
