import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { languageMeta } from "../locales/i18n.ts";
import { LANGUAGES } from "../services/languages.ts";
import { numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { LANGUAGE_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";

const LANGUAGE_NAMES = LANGUAGES.map((language) => languageMeta(language).name);

/**
 * Change language: "english please" has switched already (the bot applies an asked-for language
 * before any dialog runs) and is confirmed in the new language; without a language named, a
 * numbered list of the ten, each in its own name.
 */
export class LanguageDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(LANGUAGE_DIALOG, deps);
    this.steps(this.askStep, this.chooseStep);
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const asked = this.options(step).entities.language;
    if (asked) {
      await this.info(step).switchLanguage(asked);
      await this.say(step, "chat:language.changed");
      return step.endDialog();
    }
    return this.ask(step, `${String(this.info(step).t("chat:language.choose"))}\n${this.numbered(LANGUAGE_NAMES)}`);
  }

  private async chooseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const [choice] = numbersIn(String(step.result ?? ""));
    const language = choice !== undefined ? LANGUAGES[choice - 1] : this.info(step).understanding.entities.language;
    if (!language) {
      await this.say(step, ["chat:pick_number", { max: LANGUAGES.length }]);
      return step.replaceDialog(this.initialDialogId!, this.options(step));
    }
    await this.info(step).switchLanguage(language);
    await this.say(step, "chat:language.changed");
    return step.endDialog();
  }
}
