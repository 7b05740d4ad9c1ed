import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { getActivity, searchActivities, type ActivityFilters } from "../services/catalog/search-activities.ts";
import { checkSignUp, SignUpRefusedError } from "../services/enrollment/check-sign-up.ts";
import { signUpChild } from "../services/enrollment/sign-up.ts";
import { eligibilityNow, type Eligibility } from "../services/eligibility.ts";
import { isAppError } from "../services/errors.ts";
import type { PersonSummary } from "../services/identity.ts";
import { startFamilyPayment } from "../services/payments/family-payments.ts";
import { foldText, words } from "../services/text.ts";
import { isNo, isYes, numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { ACCOMMODATION_DIALOG, SIGN_UP_DIALOG } from "./dialog-ids.ts";
import { filtersOf } from "./find-activity-dialog.ts";
import { JourneyDialog, type JourneyOptions } from "./journey-dialog.ts";
import { activityLine } from "./leisure-activity-text.ts";
import { formatOre, markdownText } from "./format.ts";
import { NumberChoicePrompt } from "./number-prompt.ts";
import { noticeText } from "./notices.ts";
import { refusalText } from "./sign-up-refusal.ts";
import { eligibilitySentence } from "./eligibility-dialog.ts";
import { actedFor } from "./sign-ups.ts";
import { addressFor } from "./people.ts";

const STEPS = `${SIGN_UP_DIALOG}.steps`;
const CHOOSE_ACTIVITY = `${SIGN_UP_DIALOG}.activity`;
const NUMBER_PROMPT = `${SIGN_UP_DIALOG}.number`;

interface SignUpValues {
  child?: PersonSummary;
  activityId?: string;
  enrollmentId?: string;
  activityNumber?: number | undefined;
  /** The children offered (those eligible this period), in the order they were numbered. */
  candidates?: PersonSummary[];
}

/**
 * Sign-up: the child (when a parent has several), the activity (a number from the last list, or a
 * search), the service's read-only check (a refusal comes before any question), a confirmation,
 * then the sign-up with its hold on the card; says what the card pays and what the family pays
 * (with the payment link), and offers an accommodation request.
 */
export class SignUpDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(SIGN_UP_DIALOG, deps);
    this.addDialog(new NumberChoicePrompt(NUMBER_PROMPT));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        this.childStep.bind(this),
        this.childChosenStep.bind(this),
        this.confirmStep.bind(this),
        this.signUpStep.bind(this),
        this.accommodationStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(CHOOSE_ACTIVITY, [this.askActivityStep.bind(this), this.activityAnswerStep.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private values(step: WaterfallStepContext): SignUpValues {
    return step.values as SignUpValues;
  }

  private async childStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    // "meld på 2" refers to the list shown last. The NLU marks a number only when it stands alone,
    // so the sentence's own number is read here, before the child is asked for.
    const { entities } = this.options(step);
    this.values(step).activityNumber =
      entities.number ?? (entities.age === undefined && info.understanding.intent === "sign_up" ? numbersIn(step.context.activity.text ?? "")[0] : undefined);
    const actedForNow = actedFor(info, this.time().today);
    if (actedForNow.length === 0) {
      await this.say(step, "chat:signup.no_children");
      return step.endDialog();
    }
    // Only children who can have the card this period are offered; one named who cannot gets why.
    const judged = this.eligibilityOf(actedForNow);
    const named = this.options(step).entities.childName;
    const match = named ? judged.filter(({ child }) => foldText(child.givenName) === foldText(named)) : [];
    const candidates = judged.filter(({ eligibility }) => eligibility === null || eligibility.eligible).map(({ child }) => child);
    const refused = match.length === 1 ? match : candidates.length === 0 ? judged : [];
    if (refused.length > 0 && refused.every(({ eligibility }) => eligibility && !eligibility.eligible)) {
      const lines = refused.map(({ child, eligibility }) =>
        [String(info.t("chat:signup.refused.CHILD_NOT_ELIGIBLE", { child: markdownText(child.givenName) })), eligibilitySentence(info, this.deps, child, eligibility!)].join("\n"),
      );
      await step.context.sendActivity(lines.join("\n"));
      return step.endDialog();
    }
    this.values(step).candidates = candidates;
    if (match.length === 1 || candidates.length === 1) return step.next(match[0]?.child ?? candidates[0]);
    const text = `${String(info.t("chat:signup.choose_child"))}\n${this.numbered(candidates.map((child) => child.givenName))}`;
    return step.prompt(NUMBER_PROMPT, {
      prompt: text,
      retryPrompt: `${String(info.t("chat:pick_number", { max: candidates.length }))}\n${text}`,
      validations: { max: candidates.length },
    });
  }

  /** Each person's eligibility this period, from the facts the turn's identity brought; null when no period is open (the sign-up check then says so). */
  private eligibilityOf(people: PersonSummary[]): { child: PersonSummary; eligibility: Eligibility | null }[] {
    const { today } = this.time();
    return people.map((child) => {
      try {
        return { child, eligibility: eligibilityNow(child, { today, rules: this.deps.scheme }) };
      } catch (error) {
        if (isAppError(error, "PERIOD_CLOSED")) return { child, eligibility: null };
        throw error;
      }
    });
  }

  private async childChosenStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const candidates = this.values(step).candidates ?? actedFor(info, this.time().today);
    const child = typeof step.result === "string" ? candidates[numbersIn(step.result)[0]! - 1]! : (step.result as PersonSummary);
    this.values(step).child = child;
    // "meld på 2": the number refers to the list shown last.
    const n = this.values(step).activityNumber;
    const list = (await this.deps.memory.get(step.context, {})).list;
    if (n !== undefined && list && n >= 1 && n <= list.shown) return step.next(list.ids[n - 1]);
    if (n !== undefined && list) await this.say(step, ["chat:find.unknown_number", { number: n, max: list.shown }]);
    // "meld Jonas på fotball": the activities that match, to choose from.
    const filters = filtersOf(this.options(step).entities);
    if (n === undefined && Object.keys(filters).length > 0) return step.beginDialog(CHOOSE_ACTIVITY, { text: await this.choices(step, filters) });
    // "meld Jonas på rideskolen": no category recognised, but the words may name the activity.
    const text = step.context.activity.text ?? "";
    if (n === undefined && info.understanding.intent === "sign_up" && words(text, 4).length > 0) {
      const found = await this.choices(step, { text });
      if (found !== String(info.t("chat:find.none"))) return step.beginDialog(CHOOSE_ACTIVITY, { text: found });
    }
    return step.beginDialog(CHOOSE_ACTIVITY, { text: String(info.t("chat:signup.choose_activity")) });
  }

  private async askActivityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return this.ask(step, (step.options as { text: string }).text);
  }

  /** A number picks from the last list; words search, and the results become the list to pick from. */
  private async activityAnswerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const answer = String(step.result ?? "");
    const list = (await this.deps.memory.get(step.context, {})).list;
    const [n] = numbersIn(answer);
    if (n !== undefined && info.understanding.entities.age === undefined) {
      if (list && n >= 1 && n <= list.shown) return step.endDialog(list.ids[n - 1]);
      const text = list ? String(info.t("chat:find.unknown_number", { number: n, max: list.shown })) : String(info.t("chat:find.no_list"));
      return step.replaceDialog(CHOOSE_ACTIVITY, { text });
    }
    let filters = filtersOf(info.understanding.entities);
    if (Object.keys(filters).length === 0) filters = { text: answer };
    return step.replaceDialog(CHOOSE_ACTIVITY, { text: await this.choices(step, filters) });
  }

  /** Up to three activities to choose from (they become the list a number refers to). */
  private async choices(step: WaterfallStepContext, filters: ActivityFilters): Promise<string> {
    const info = this.info(step);
    const found = await searchActivities(this.deps.db, {
      municipalityId: this.deps.municipalityId,
      filters,
      language: info.language,
      excludedCategories: this.deps.scheme.excludedCategories,
      minSessionsPerPeriod: this.deps.scheme.minSessionsPerPeriod,
      limit: 3,
    }).catch((error: unknown) => (isAppError(error, "NOT_FOUND") ? { total: 0, items: [] } : Promise.reject(error)));
    if (found.items.length === 0) return String(info.t("chat:find.none"));
    await this.deps.memory.set(step.context, { list: { ids: found.items.map((item) => item.id), shown: found.items.length } });
    return [...found.items.map((item, i) => activityLine(info.t, info.language, i + 1, item)), String(info.t("chat:signup.choose_activity"))].join("\n");
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = this.values(step);
    values.activityId = step.result as string;
    const activity = await getActivity(this.deps.db, { municipalityId: this.deps.municipalityId, activityId: values.activityId, language: info.language });
    // The service says what it would refuse before the question: no "yes" only to hear "no".
    const check = await checkSignUp(this.deps.db, {
      municipalityId: this.deps.municipalityId,
      childId: values.child!.id,
      activityId: activity.id,
      actorId: info.identity.person!.id,
      today: this.time().today,
      scheme: this.deps.scheme,
    });
    if (!check.allowed) {
      await step.context.sendActivity(refusalText(info, this.deps, check.refusal, values.child!, activity));
      return step.endDialog();
    }
    return this.askYesNo(
      step,
      // A youth signing themselves up is asked about "you", not named (addressFor).
      String(info.t("chat:signup.confirm", { child: markdownText(values.child!.givenName), title: markdownText(activity.title), provider: markdownText(activity.providerName), fee: formatOre(activity.feeOre, info.language), ...addressFor(info, values.child!.id) })),
    );
  }

  private async signUpStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = this.values(step);
    if (!isYes(String(step.result ?? ""), info)) {
      if (!isNo(String(step.result ?? ""), info)) return this.unclearAnswer(step);
      await this.say(step, "chat:signup.not_done");
      return step.endDialog();
    }
    const child = values.child!;
    const activity = await getActivity(this.deps.db, { municipalityId: this.deps.municipalityId, activityId: values.activityId!, language: info.language });
    let result;
    try {
      result = await signUpChild(this.deps.db, {
        municipalityId: this.deps.municipalityId,
        childId: child.id,
        activityId: activity.id,
        actorId: info.identity.person!.id,
        ...this.time(),
        scheme: this.deps.scheme,
        notices: noticeText(this.deps),
      });
    } catch (error) {
      // Something changed since the check (the last place went): said the same way.
      if (!isAppError(error)) throw error;
      await step.context.sendActivity(error instanceof SignUpRefusedError ? refusalText(info, this.deps, error.refusal, child, activity) : String(info.t("error_generic")));
      return step.endDialog();
    }
    values.enrollmentId = result.enrollmentId;
    // A youth signing themselves up is "you", and pays themselves: "du", not "dere".
    const address = addressFor(info, child.id);
    const lines = [String(info.t("chat:signup.done", { child: markdownText(child.givenName), title: markdownText(activity.title), ...address }))];
    const card = formatOre(result.cardPaysOre, info.language);
    if (result.familyPaysOre === 0) {
      lines.push(String(info.t("chat:signup.card_pays_all", { card, ...address })));
    } else {
      lines.push(String(info.t("chat:signup.split", { card, family: formatOre(result.familyPaysOre, info.language), ...address })));
      const link = this.deps.payments
        ? await startFamilyPayment(this.deps.db, this.deps.payments, { enrollmentId: result.enrollmentId, returnUrl: `${this.deps.publicBaseUrl}/`, now: this.deps.clock.now() }).then((payment) => payment.redirectUrl)
        : null;
      lines.push(link ? String(info.t("chat:signup.pay_link", { url: link })) : String(info.t("chat:signup.pay_later", address)));
    }
    await step.context.sendActivity(lines.join("\n"));
    return this.ask(step, String(info.t("chat:signup.offer_accommodation", { child: markdownText(child.givenName), ...address })));
  }

  private async accommodationStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const values = this.values(step);
    if (isYes(String(step.result ?? ""), info)) {
      return step.replaceDialog(ACCOMMODATION_DIALOG, { intent: "accommodation", entities: {}, enrollmentId: values.enrollmentId } as JourneyOptions);
    }
    if (!isNo(String(step.result ?? ""), info)) {
      // Not an answer to the offer: let the router take it as a new request.
      return step.endDialog({ next: { intent: info.understanding.intent, entities: info.understanding.entities } });
    }
    await this.say(step, "chat:signup.no_accommodation");
    return step.endDialog();
  }
}
