import { findActiveSignUps, type SignUpSummary } from "../services/enrollment/find-active-sign-ups.ts";
import type { IsoDate } from "../services/dates.ts";
import { peopleActedFor } from "../services/family/may-act-for.ts";
import type { PersonSummary } from "../services/identity.ts";
import type { DialogDependencies } from "./dependencies.ts";
import type { TurnInfo } from "./turn-info.ts";
import { markdownText } from "./format.ts";

/** Whom the person writing acts for (services/family/may-act-for.ts): their children, or themselves from 13. */
export function actedFor(info: TurnInfo, today: IsoDate): PersonSummary[] {
  const { identity } = info;
  return identity.person ? peopleActedFor(identity.person, identity.children, today) : [];
}

/** The active sign-ups this period of everyone the person acts for. */
export async function activeSignUps(deps: DialogDependencies, info: TurnInfo, today: IsoDate): Promise<SignUpSummary[]> {
  const childIds = actedFor(info, today).map((child) => child.id);
  return findActiveSignUps(deps.db, { municipalityId: deps.municipalityId, childIds, today, rules: deps.scheme, language: info.language });
}

export function signUpLines(info: TurnInfo, signUps: SignUpSummary[]): string {
  return signUps.map((s, i) => String(info.t("chat:enrollments.item", { n: i + 1, child: markdownText(s.childName), title: markdownText(s.activityTitle) }))).join("\n");
}
