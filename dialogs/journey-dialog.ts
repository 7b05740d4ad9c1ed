import { ComponentDialog, TextPrompt, type DialogContext, type WaterfallStepContext } from "botbuilder-dialogs";
import { turnInfo, type DialogDependencies, type JourneyOptions, type TurnInfo } from "./context.ts";
import { TEXT_PROMPT } from "./dialog-ids.ts";

/** What every journey shares: its dependencies, a text prompt, and short ways to say things. */
export abstract class JourneyDialog extends ComponentDialog {
  constructor(
    id: string,
    protected readonly deps: DialogDependencies,
  ) {
    super(id);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
  }

  protected info(dc: DialogContext): TurnInfo {
    return turnInfo(dc.context);
  }

  /** Sends one message: each line a key of locales/<lang>/chat.json (or common.json) with its values. */
  protected async say(dc: DialogContext, ...lines: (string | [string, Record<string, unknown>])[]): Promise<void> {
    const { t } = this.info(dc);
    const text = lines.map((line) => (typeof line === "string" ? t(line) : t(line[0], line[1]))).join("\n");
    await dc.context.sendActivity(text);
  }

  /** Asks and waits for the answer (a text prompt; the answer is read from the turn's text). */
  protected ask(step: WaterfallStepContext, text: string) {
    return step.prompt(TEXT_PROMPT, { prompt: text });
  }

  protected options(step: WaterfallStepContext): JourneyOptions {
    return (step.options ?? { intent: "help", entities: {} }) as JourneyOptions;
  }

  /** A numbered list: "1. Jonas\n2. Ella". */
  protected numbered(items: string[]): string {
    return items.map((item, i) => `${i + 1}. ${item}`).join("\n");
  }
}
