import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import type { Intent } from "../services/nlu/index.ts";
import { numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { MENU_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog, type JourneyResult } from "./journey-dialog.ts";

/** The numbered main menu, in this order everywhere: "2" always finds an activity. */
export const MENU_ITEMS: readonly Intent[] = ["eligibility", "find_activity", "sign_up", "balance", "history", "cancel_signup", "coverage", "change_language", "human"];

/** Help: the numbered menu; a number starts that journey. */
export class MenuDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(MENU_DIALOG, deps);
    this.steps(this.showStep, this.chooseStep);
  }

  /**
   * The title (or a preface that says why the menu is shown, ending with how to answer) and the
   * numbered choices: one SMS segment in Norwegian and English (test/dialogs/sms-size.test.ts).
   */
  private menuText(step: WaterfallStepContext, preface?: string): string {
    const { t } = this.info(step);
    const heading = preface ? String(t(preface, { max: MENU_ITEMS.length })) : String(t("chat:menu.title"));
    return [heading, this.numbered(MENU_ITEMS.map((intent) => String(t(`chat:menu.${intent}`))))].join("\n");
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const preface = (step.options as { preface?: string } | undefined)?.preface;
    return this.ask(step, this.menuText(step, preface));
  }

  private async chooseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const [choice] = numbersIn(String(step.result ?? ""));
    const intent = choice !== undefined ? MENU_ITEMS[choice - 1] : undefined;
    // Not a menu number (and not a new request, which the router takes): say which numbers work.
    if (!intent) return step.replaceDialog(this.initialDialogId!, { preface: "chat:pick_number" });
    return step.endDialog({ next: { intent, entities: {} } } satisfies JourneyResult);
  }
}
