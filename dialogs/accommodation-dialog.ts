import { TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { ACCOMMODATION_NEEDS, requestAccommodation, type AccommodationNeed } from "../services/accommodation/request-accommodation.ts";
import type { SignUpSummary } from "../services/enrollment/find-active-sign-ups.ts";
import { isNo, isYes, numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { ACCOMMODATION_DIALOG, FREE_TEXT_PROMPT } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";
import { NumberChoicePrompt } from "./number-prompt.ts";
import { activeSignUps, signUpLines } from "./sign-ups.ts";
import { markdownText } from "./format.ts";
import { noticeText } from "./notices.ts";
import { foldText } from "../services/text.ts";

const STEPS = `${ACCOMMODATION_DIALOG}.steps`;
const CHOICE = `${ACCOMMODATION_DIALOG}.choice`;

interface AccommodationValues {
  signUp?: SignUpSummary;
  needs?: AccommodationNeed[];
  /** The family's own words for the club; sent only if they agree to share them. */
  note?: string;
}

/**
 * The sign-up a sentence names ("Jonas trenger tilrettelegging på fotballen"): the child's first
 * name, and where a child has several, a word of the activity's title the sentence starts a word with.
 */
export function signUpNamedIn(text: string, signUps: SignUpSummary[]): SignUpSummary | undefined {
  const words = foldText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const named = (name: string) => words.includes(foldText(name.split(" ")[0]!));
  const byChild = signUps.filter((s) => named(s.childName));
  const candidates = byChild.length > 0 ? byChild : signUps;
  if (byChild.length === 1) return byChild[0];
  const byActivity = candidates.filter((s) => foldText(s.activityTitle).split(/[^\p{L}]+/u).some((part) => part.length >= 4 && words.some((word) => word.startsWith(part))));
  return byActivity.length === 1 ? byActivity[0] : undefined;
}

/**
 * Accommodation request for a sign-up: which needs (coarse codes only, never a diagnosis), the
 * family's consent that the club is told, an optional note in their own words (shared only if they
 * say so), then the request and its notice to the club, which answers in a thread.
 */
export class AccommodationDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(ACCOMMODATION_DIALOG, deps);
    this.addDialog(new NumberChoicePrompt(CHOICE));
    this.addDialog(new TextPrompt(FREE_TEXT_PROMPT));
    this.addDialog(
      new WaterfallDialog(STEPS, [this.signUpStep.bind(this), this.needsStep.bind(this), this.consentStep.bind(this), this.noteStep.bind(this), this.shareNoteStep.bind(this), this.sendStep.bind(this)]),
    );
    this.initialDialogId = STEPS;
  }

  private async signUpStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const signUps = await activeSignUps(this.deps, info, this.time().today);
    (step.values as { signUps?: SignUpSummary[] }).signUps = signUps;
    const wanted = (step.options as { enrollmentId?: string }).enrollmentId;
    // Opened later from a sentence, the sentence may name the sign-up.
    const chosen = wanted ? signUps.find((s) => s.enrollmentId === wanted) : signUps.length === 1 ? signUps[0] : signUpNamedIn(step.context.activity.text ?? "", signUps);
    if (chosen) return step.next(chosen);
    if (signUps.length === 0) {
      await this.say(step, "chat:enrollments.none");
      return step.endDialog();
    }
    const text = `${String(info.t("chat:accommodation.choose_enrollment"))}\n${signUpLines(info, signUps)}`;
    return step.prompt(CHOICE, { prompt: text, retryPrompt: `${String(info.t("chat:pick_number", { max: signUps.length }))}\n${text}`, validations: { max: signUps.length } });
  }

  private async needsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = step.values as AccommodationValues & { signUps: SignUpSummary[] };
    values.signUp = typeof step.result === "string" ? values.signUps[numbersIn(step.result)[0]! - 1]! : (step.result as SignUpSummary);
    const needs = this.numbered(ACCOMMODATION_NEEDS.map((need) => String(info.t(`chat:accommodation.need.${need}`))));
    const text = [String(info.t("chat:accommodation.ask_needs", { child: markdownText(values.signUp.childName) })), needs, String(info.t("chat:accommodation.privacy"))].join("\n");
    return step.prompt(CHOICE, {
      prompt: text,
      retryPrompt: `${String(info.t("chat:accommodation.bad_choice", { max: ACCOMMODATION_NEEDS.length }))}\n${needs}`,
      validations: { max: ACCOMMODATION_NEEDS.length, many: true },
    });
  }

  private async consentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = step.values as AccommodationValues;
    values.needs = [...new Set(numbersIn(String(step.result)).map((n) => ACCOMMODATION_NEEDS[n - 1]!))];
    const needs = values.needs.map((need) => String(info.t(`chat:accommodation.need.${need}`))).join(", ");
    return this.askYesNo(step, String(info.t("chat:accommodation.consent", { provider: markdownText(values.signUp!.providerName), needs })));
  }

  /** Consent to the needs given: an optional note in the family's own words, or NEI. */
  private async noteStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    if (!isYes(String(step.result ?? ""), info)) {
      if (!isNo(String(step.result ?? ""), info)) return this.unclearAnswer(step);
      await this.say(step, "chat:accommodation.not_sent");
      return step.endDialog();
    }
    return step.prompt(FREE_TEXT_PROMPT, { prompt: String(info.t("accommodation:dialog.ask_note")) });
  }

  /** A note goes to the club only if the family agrees to share it; NEI (or nothing) is no note. */
  private async shareNoteStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = step.values as AccommodationValues;
    const note = String(step.result ?? "").trim();
    if (!note || isNo(note, info)) return step.next(undefined);
    values.note = note;
    return this.askYesNo(step, String(info.t("accommodation:dialog.share_note", { provider: markdownText(values.signUp!.providerName) })));
  }

  private async sendStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = step.values as AccommodationValues;
    let note: string | undefined;
    if (values.note !== undefined) {
      if (isYes(String(step.result ?? ""), info)) note = values.note;
      else await this.say(step, "accommodation:dialog.note_kept_back");
    }
    const { today, now } = this.time();
    await requestAccommodation(this.deps.db, { enrollmentId: values.signUp!.enrollmentId, requestedById: info.identity.person!.id, needs: values.needs!, today, now, note, notices: noticeText(this.deps) });
    await this.say(step, ["chat:accommodation.done", { provider: markdownText(values.signUp!.providerName) }]);
    return step.endDialog();
  }
}
