import type { PersonSummary } from "../services/identity.ts";
import { foldText } from "../services/text.ts";
import type { TurnInfo } from "./turn-info.ts";

/**
 * The people a verified person asks about: the named child, else all their children; a youth
 * without children asks about themselves.
 */
export function peopleInQuestion(info: TurnInfo, childName: string | undefined): PersonSummary[] {
  const { identity } = info;
  if (!identity.verified || !identity.person) return [];
  if (identity.children.length === 0) return [identity.person];
  if (childName) {
    const named = identity.children.filter((child) => foldText(child.givenName) === foldText(childName));
    if (named.length > 0) return named;
  }
  return identity.children;
}

/**
 * How a sentence about `personId` addresses the reader: a youth writing about themselves is "du"
 * (i18next context "youth": `key_youth`, which exists only where a language's family form — "dere",
 * "Wy", "ви", "siz" — differs from the singular; elsewhere the plain key is used). A parent is
 * addressed as the family.
 */
export function addressFor(info: TurnInfo, personId: string | undefined): { context?: "youth" } {
  const self = info.identity.person;
  return self && personId !== undefined && self.id === personId ? { context: "youth" } : {};
}
