import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { isNo, isYes } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { JourneyDialog } from "./journey-dialog.ts";

/**
 * A journey that asks one yes/no question and acts on yes. Anything but yes or no asks again once
 * (the router takes a clear new request); a second unclear answer does nothing and shows the menu.
 */
export abstract class ConfirmedActionDialog extends JourneyDialog {
  constructor(
    id: string,
    deps: DialogDependencies,
    private readonly keys: { confirm: string; kept: string },
  ) {
    super(id, deps);
    this.steps(this.askStep, this.answerStep);
  }

  protected abstract act(step: WaterfallStepContext): Promise<void>;

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return this.askYesNo(step, String(this.info(step).t(this.keys.confirm)));
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = String(step.result ?? "");
    const info = this.info(step);
    if (isYes(answer, info)) {
      await this.act(step);
      return step.endDialog();
    }
    if (isNo(answer, info)) {
      await this.say(step, this.keys.kept);
      return step.endDialog();
    }
    return this.unclearAnswer(step);
  }
}
