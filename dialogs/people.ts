import { addressing, type Addressing } from "../services/clubs/notice-text.ts";
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

/** How a sentence about `personId` addresses the person writing (`addressing`: a youth about themselves is "du"). */
export function addressFor(info: TurnInfo, personId: string | undefined): Addressing {
  return addressing(info.identity.person?.id, personId);
}
