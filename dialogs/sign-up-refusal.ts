import type { ActivitySummary } from "../services/catalog/search-activities.ts";
import type { SignUpRefusal } from "../services/enrollment/check-sign-up.ts";
import { categoryName } from "./coverage-dialog.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { eligibilitySentence } from "./eligibility-dialog.ts";
import type { TurnInfo } from "./turn-info.ts";
import { markdownText } from "./format.ts";

/**
 * Why a sign-up cannot be done (checkSignUp's or signUpChild's typed refusal), said so the family
 * knows why and what to do; a child not eligible also gets why and from when.
 */
export function refusalText(info: TurnInfo, deps: DialogDependencies, refusal: SignUpRefusal, child: { id: string; givenName: string }, activity: ActivitySummary): string {
  const names = { child: markdownText(child.givenName), title: markdownText(activity.title), category: categoryName(info.t, activity.category) };
  switch (refusal.code) {
    case "ACTIVITY_NOT_APPROVED":
    case "PROVIDER_NOT_APPROVED":
      return String(info.t("chat:signup.refused.NOT_APPROVED", names));
    case "CHILD_NOT_ELIGIBLE":
      return `${String(info.t("chat:signup.refused.CHILD_NOT_ELIGIBLE", names))}\n${eligibilitySentence(info, deps, child, refusal)}`;
    case "ACTIVITY_FULL":
    case "ALREADY_ENROLLED":
    case "CATEGORY_EXCLUDED":
    case "PERIOD_CLOSED":
    case "FORBIDDEN":
      return String(info.t(`chat:signup.refused.${refusal.code}`, names));
    case "TOO_FEW_SESSIONS":
      return String(info.t("chat:signup.refused.TOO_FEW_SESSIONS", { ...names, sessions: refusal.sessions, required: refusal.required }));
    case "AGE_OUTSIDE_ACTIVITY":
      return String(info.t("chat:signup.refused.AGE_OUTSIDE_ACTIVITY", { ...names, age: refusal.age, minAge: refusal.minAge, maxAge: refusal.maxAge }));
    case "NOT_FOUND":
      return String(info.t("error_generic"));
  }
}
