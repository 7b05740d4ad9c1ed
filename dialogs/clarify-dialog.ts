import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import type { Entities, Intent, Understanding } from "../services/nlu/index.ts";
import { foldText } from "../services/text.ts";
import { numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { JourneyDialog, type JourneyResult } from "./journey-dialog.ts";
import { MENU_ITEMS } from "./menu-dialog.ts";

export const CLARIFY_DIALOG = "clarify";

/**
 * The NLU's first guess is asked about instead of acted on when its confidence is below
 * CLARIFY_BELOW or the second is within CLARIFY_GAP of it. Measured on the tuning set with the
 * linear classifier (docs/nlu.md): 35 of 520 messages (7 %) are asked about, 21 of those were
 * misread, and for 23 of the 35 the right meaning is one of the two offered.
 */
export const CLARIFY_BELOW = 0.4;
export const CLARIFY_GAP = 0.1;

/** The meanings a clarifying question may offer: journeys with a short name (the menu's, and three more). */
const OFFERED: ReadonlySet<Intent> = new Set<Intent>([...MENU_ITEMS, "accommodation", "access_data", "delete_data"]);

/** The short name of a meaning: the menu's item, or chat:choice.<intent> for the three not in the menu. */
export const choiceKey = (intent: Intent) => (MENU_ITEMS.includes(intent) ? `chat:menu.${intent}` : `chat:choice.${intent}`);

/**
 * The two likeliest meanings to ask about, or undefined when the NLU is sure enough (or its first
 * guess is no journey: a greeting, thanks, something we do not do, a rule's answer).
 */
export function clarifyChoices(understanding: Understanding): [Intent, Intent] | undefined {
  const [first, ...rest] = understanding.ranked;
  if (!first || !OFFERED.has(first.intent)) return undefined;
  const unsure = first.confidence < CLARIFY_BELOW || (rest[0] !== undefined && first.confidence - rest[0].confidence < CLARIFY_GAP);
  const second = rest.find((candidate) => OFFERED.has(candidate.intent));
  return unsure && second ? [first.intent, second.intent] : undefined;
}

export interface ClarifyOptions {
  choices: [Intent, Intent];
  /** What the message said besides its meaning ("fotball på Konnerud"): kept for the chosen journey. */
  entities: Entities;
}

/**
 * "Mente du 1) Saldo eller 2) Finn aktivitet?": one short question with the two likeliest meanings;
 * "1"/"2", or the name of one, runs it. Anything else gets the menu. A clear new request while it
 * waits is taken by the router like any other (dialogs/main-dialog.ts).
 */
export class ClarifyDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CLARIFY_DIALOG, deps);
    this.steps(this.askStep, this.answerStep);
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = this.info(step);
    const [first, second] = (step.options as ClarifyOptions).choices;
    return this.ask(step, String(t("chat:clarify_two", { first: t(choiceKey(first)), second: t(choiceKey(second)) })));
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { choices, entities } = step.options as ClarifyOptions;
    const info = this.info(step);
    const answer = String(step.result ?? "");
    const [number] = numbersIn(answer);
    let chosen: Intent | undefined = number === 1 || number === 2 ? choices[number - 1] : undefined;
    // A word: the name of a choice ("saldo"), or a message the NLU reads as one of the two.
    if (!chosen && number === undefined) {
      const said = foldText(answer).replace(/[^\p{L}\p{N} ]/gu, " ").trim();
      chosen = choices.find((intent) => said !== "" && foldText(String(info.t(choiceKey(intent)))).includes(said)) ?? choices.find((intent) => intent === info.understanding.intent);
    }
    if (!chosen) return step.endDialog({ next: { intent: "help", entities: {}, preface: "chat:clarify" } } satisfies JourneyResult);
    return step.endDialog({ next: { intent: chosen, entities } } satisfies JourneyResult);
  }
}
