import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import type { IsoDate } from "../services/dates.ts";
import { eligibilityNow, type Eligibility } from "../services/eligibility.ts";
import type { PersonSummary } from "../services/identity.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { formatDate, formatOre } from "./format.ts";
import { ELIGIBILITY_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";
import { addressFor, peopleInQuestion } from "./people.ts";
import type { TurnInfo } from "./turn-info.ts";

/** Who can get the card: the rule in plain words, and for a verified family each child's answer. */
export class EligibilityDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(ELIGIBILITY_DIALOG, deps);
    this.steps(this.answerStep);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const people = peopleInQuestion(info, this.options(step).entities.childName);
    if (people.length === 0) {
      await step.context.sendActivity(generalRule(info, this.deps));
      return step.endDialog();
    }
    const lines: string[] = [];
    const { today } = this.time();
    for (const person of people) lines.push(eligibilityLine(info, this.deps, person, today));
    await step.context.sendActivity(lines.join("\n"));
    return step.endDialog();
  }
}

/** The scheme's rule (configuration: age rule, ages, amount), for anyone who asks. */
export function generalRule(info: TurnInfo, deps: DialogDependencies): string {
  const { scheme } = deps;
  const key = scheme.ageRule === "BIRTH_YEAR" ? "chat:eligibility.general_birth_year" : "chat:eligibility.general_exact_age";
  return String(info.t(key, { municipality: scheme.municipalityName, minAge: scheme.minAge, maxAge: scheme.maxAge, amount: formatOre(scheme.amountPerPeriodOre, info.language) }));
}

/** One person's eligibility this period in a sentence: yes, or why not (and from when). */
export function eligibilityLine(info: TurnInfo, deps: DialogDependencies, person: PersonSummary, today: IsoDate): string {
  return eligibilitySentence(info, deps, person, eligibilityNow(person, { today, rules: deps.scheme }));
}

/** A child's eligibility (from checkEligibility, or a sign-up's refusal) in a sentence. */
export function eligibilitySentence(info: TurnInfo, deps: DialogDependencies, person: { id: string; givenName: string }, result: Eligibility): string {
  const values = { name: person.givenName, municipality: deps.scheme.municipalityName, maxAge: deps.scheme.maxAge, ...addressFor(info, person.id) };
  if (result.eligible) return String(info.t("chat:eligibility.eligible", values));
  if (result.reason === "TOO_YOUNG") return String(info.t("chat:eligibility.too_young", { ...values, date: formatDate(result.from, info.language) }));
  if (result.reason === "TOO_OLD") return String(info.t("chat:eligibility.too_old", values));
  if (result.reason === "NOT_RESIDENT") return String(info.t("chat:eligibility.not_resident", values));
  return String(info.t("chat:eligibility.no_birth_date", values));
}
