import type { TFunction } from "i18next";
import type { Language } from "../services/languages.ts";
import { foldText } from "../services/text.ts";
import type { TurnInfo } from "./turn-info.ts";

/** A catalogue's word list ("ja|jo|jepp"), folded once per list: it is asked on most turns. */
const folded = new Map<string, Set<string>>();
function words(t: TFunction, key: string): Set<string> {
  const list = String(t(key));
  let set = folded.get(list);
  if (!set) folded.set(list, (set = new Set(list.split("|").map((w) => foldText(w.trim())).filter(Boolean))));
  return set;
}

/** Yes/no/more words of the turn's language, and of nb and en (understood from everyone). */
function answerIs(text: string, info: TurnInfo, key: string): boolean {
  const answer = foldText(text.trim()).replace(/[.!?,]+/g, " ").replace(/\s+/g, " ").trim();
  if (answer === "") return false;
  // The whole answer ("vis mer"), or its first word ("ja takk", "yes please", "nei, ikke nå").
  const first = answer.split(" ")[0]!;
  return [...new Set<Language>([info.language, "nb", "en"])].some((language) => {
    const list = words(info.translate(language), key);
    return list.has(answer) || list.has(first);
  });
}

export const isYes = (text: string, info: TurnInfo) => answerIs(text, info, "chat:words.yes");
export const isNo = (text: string, info: TurnInfo) => answerIs(text, info, "chat:words.no");
export const isMore = (text: string, info: TurnInfo) => answerIs(text, info, "chat:words.more");

/** The menu number(s) in an answer: "2", "nr 2", "1,3", "1 og 3". */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d+/g)].map((match) => Number(match[0]));
}
