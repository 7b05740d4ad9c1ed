import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogContext, type DialogTurnResult, type PromptValidatorContext, type WaterfallStep, type WaterfallStepContext } from "botbuilder-dialogs";
import { todayIn, type IsoDate } from "../services/dates.ts";
import type { Entities, Intent } from "../services/nlu/index.ts";
import { isNo, isYes } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { TEXT_PROMPT } from "./dialog-ids.ts";
import { turnInfo, type TurnInfo } from "./turn-info.ts";

const YES_NO_PROMPT = "journey.yesNo";

/** A journey's start: the intent (from the NLU, or a menu choice) and its entities. */
export interface JourneyOptions {
  intent: Intent;
  entities: Entities;
  /** For the menu: a catalog key said before it (why the menu is shown). */
  preface?: string;
}

/** A journey can hand over to another one when it ends (a menu choice, "sign up for number 2"). */
export interface JourneyResult {
  next?: JourneyOptions;
}

/** What every journey shares: its dependencies, a text prompt, and short ways to say things. */
export abstract class JourneyDialog extends ComponentDialog {
  constructor(
    id: string,
    protected readonly deps: DialogDependencies,
  ) {
    super(id);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new TextPrompt(YES_NO_PROMPT, this.yesOrNo.bind(this)));
  }

  /** The journey's own steps: one waterfall (`<id>.steps`), where the journey starts. */
  protected steps(...steps: WaterfallStep[]): void {
    const id = `${this.id}.steps`;
    this.addDialog(new WaterfallDialog(id, steps.map((step) => step.bind(this))));
    this.initialDialogId = id;
  }

  /** Yes or no passes; anything else asks the question again once, then passes on as it is. */
  private async yesOrNo(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const answer = prompt.recognized.value ?? "";
    const info = turnInfo(prompt.context);
    return isYes(answer, info) || isNo(answer, info) || prompt.attemptCount >= 2;
  }

  /**
   * Asks a yes/no question. An unclear answer gets the question again once (a clear new request is
   * taken by the router first); the step after it sees yes, no, or a second unclear answer, which
   * `unclearAnswer` turns into the menu.
   */
  protected askYesNo(step: WaterfallStepContext, text: string) {
    return step.prompt(YES_NO_PROMPT, { prompt: text, retryPrompt: text });
  }

  /** Twice no yes or no: nothing is done, and the menu is shown with "I didn't quite understand". */
  protected unclearAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog({ next: { intent: "help", entities: {}, preface: "chat:clarify" } } satisfies JourneyResult);
  }

  protected info(dc: DialogContext): TurnInfo {
    return turnInfo(dc.context);
  }

  /** The service's clock, read once for a step: the time, and that day in the municipality. */
  protected time(): { now: Date; today: IsoDate } {
    const now = this.deps.clock.now();
    return { now, today: todayIn(this.deps.scheme.timeZone, now) };
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
