import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { checkEligibility } from "../services/eligibility.ts";
import { formatDate, formatOre, type DialogDependencies, type TurnInfo } from "./context.ts";
import { ELIGIBILITY_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";
import { peopleInQuestion } from "./people.ts";

/** Who can get the card: the rule in plain words, and for a verified family each child's answer. */
export class EligibilityDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(ELIGIBILITY_DIALOG, deps);
    this.addDialog(new WaterfallDialog(`${ELIGIBILITY_DIALOG}.steps`, [this.answerStep.bind(this)]));
    this.initialDialogId = `${ELIGIBILITY_DIALOG}.steps`;
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const people = peopleInQuestion(info, this.options(step).entities.childName);
    if (people.length === 0) {
      await step.context.sendActivity(generalRule(info, this.deps));
      return step.endDialog();
    }
    const lines: string[] = [];
    for (const person of people) {
      const result = await checkEligibility(this.deps.db.prisma, { childId: person.id, today: this.deps.today(), rules: this.deps.scheme });
      const values = { name: person.givenName, municipality: this.deps.scheme.municipalityName, maxAge: this.deps.scheme.maxAge };
      if (result.eligible) lines.push(String(info.t("chat:eligibility.eligible", values)));
      else if (result.reason === "TOO_YOUNG") lines.push(String(info.t("chat:eligibility.too_young", { ...values, date: formatDate(result.from, info.language) })));
      else if (result.reason === "TOO_OLD") lines.push(String(info.t("chat:eligibility.too_old", values)));
      else if (result.reason === "NOT_RESIDENT") lines.push(String(info.t("chat:eligibility.not_resident", values)));
      else lines.push(String(info.t("chat:eligibility.no_birth_date", values)));
    }
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
