import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { cancelEnrollment } from "../services/enrollment/cancel.ts";
import type { SignUpSummary } from "../services/enrollment/find-active-sign-ups.ts";
import { isNo, isYes, numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { formatOre, markdownText } from "./format.ts";
import { CANCEL_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";
import { addressFor } from "./people.ts";
import { NumberChoicePrompt } from "./number-prompt.ts";
import { noticeText } from "./notices.ts";
import { activeSignUps, signUpLines } from "./sign-ups.ts";

const STEPS = `${CANCEL_DIALOG}.steps`;
const CHOICE = `${CANCEL_DIALOG}.choice`;

/** Cancel a sign-up: which one (numbered), confirm, cancel; says what came back to the card. */
export class CancelSignUpDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CANCEL_DIALOG, deps);
    this.addDialog(new NumberChoicePrompt(CHOICE));
    this.addDialog(new WaterfallDialog(STEPS, [this.chooseStep.bind(this), this.confirmStep.bind(this), this.cancelStep.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async chooseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const signUps = await activeSignUps(this.deps, info, this.time().today);
    (step.values as { signUps?: SignUpSummary[] }).signUps = signUps;
    if (signUps.length === 0) {
      await this.say(step, "chat:enrollments.none");
      return step.endDialog();
    }
    if (signUps.length === 1) return step.next(signUps[0]);
    const text = `${String(info.t("chat:cancel.choose"))}\n${signUpLines(info, signUps)}`;
    return step.prompt(CHOICE, { prompt: text, retryPrompt: `${String(info.t("chat:pick_number", { max: signUps.length }))}\n${text}`, validations: { max: signUps.length } });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = step.values as { signUps: SignUpSummary[]; chosen?: SignUpSummary };
    values.chosen = typeof step.result === "string" ? values.signUps[numbersIn(step.result)[0]! - 1]! : (step.result as SignUpSummary);
    return this.askYesNo(step, String(info.t("chat:cancel.confirm", { child: markdownText(values.chosen.childName), title: markdownText(values.chosen.activityTitle) })));
  }

  private async cancelStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const chosen = (step.values as { chosen: SignUpSummary }).chosen;
    if (!isYes(String(step.result ?? ""), info)) {
      if (!isNo(String(step.result ?? ""), info)) return this.unclearAnswer(step);
      await this.say(step, "chat:cancel.kept");
      return step.endDialog();
    }
    const result = await cancelEnrollment(this.deps.db, { enrollmentId: chosen.enrollmentId, actorId: info.identity.person!.id, ...this.time(), notices: noticeText(this.deps) });
    const lines = [String(info.t("chat:cancel.done", { child: markdownText(chosen.childName), title: markdownText(chosen.activityTitle) }))];
    if (result.cardRefundOre > 0) lines.push(String(info.t("chat:cancel.card_refund", { amount: formatOre(result.cardRefundOre, info.language) })));
    if (result.familyRefundOre > 0) lines.push(String(info.t("chat:cancel.family_refund", { amount: formatOre(result.familyRefundOre, info.language), ...addressFor(info, chosen.childId) })));
    await step.context.sendActivity(lines.join("\n"));
    return step.endDialog();
  }
}
