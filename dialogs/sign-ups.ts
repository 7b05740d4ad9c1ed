import { listActiveSignUps, type SignUpSummary } from "../services/identity.ts";
import type { DialogDependencies, TurnInfo } from "./context.ts";
import { currentPeriod } from "./period.ts";
import { signUpCandidates } from "./sign-up-dialog.ts";

/** The active sign-ups this period of everyone the person acts for. */
export async function activeSignUps(deps: DialogDependencies, info: TurnInfo): Promise<SignUpSummary[]> {
  const period = await currentPeriod(deps);
  if (!period) return [];
  const childIds = signUpCandidates(info, deps.today()).map((child) => child.id);
  return listActiveSignUps(deps.db.prisma, { childIds, periodId: period.id, language: info.language });
}

export function signUpLines(info: TurnInfo, signUps: SignUpSummary[]): string {
  return signUps.map((s, i) => String(info.t("chat:enrollments.item", { n: i + 1, child: s.childName, title: s.activityTitle }))).join("\n");
}
