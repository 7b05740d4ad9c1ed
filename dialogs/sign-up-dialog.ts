import { TextPrompt, WaterfallDialog, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from "botbuilder-dialogs";
import { getActivity, searchActivities, type ActivityFilters, type ActivitySummary } from "../services/catalog/search-activities.ts";
import { signUpChild } from "../services/enrollment/sign-up.ts";
import { peopleActedFor } from "../services/family/may-act-for.ts";
import { checkEligibility } from "../services/eligibility.ts";
import { AppError, isAppError } from "../services/errors.ts";
import type { PersonSummary } from "../services/identity.ts";
import { startFamilyPayment } from "../services/payments/family-payments.ts";
import { periodContaining } from "../services/periods.ts";
import { foldText, words } from "../services/text.ts";
import { activityLine } from "./activity-text.ts";
import { formatOre, isNo, isYes, numbersIn, type DialogDependencies, type JourneyOptions, type TurnInfo } from "./context.ts";
import { categoryName } from "./coverage-dialog.ts";
import { eligibilityLine } from "./eligibility-dialog.ts";
import { ACCOMMODATION_DIALOG, SIGN_UP_DIALOG } from "./dialog-ids.ts";
import { filtersOf } from "./find-activity-dialog.ts";
import { JourneyDialog } from "./journey-dialog.ts";

const STEPS = `${SIGN_UP_DIALOG}.steps`;
const CHOOSE_ACTIVITY = `${SIGN_UP_DIALOG}.activity`;
const NUMBER_PROMPT = `${SIGN_UP_DIALOG}.number`;

interface SignUpValues {
  child?: PersonSummary;
  activityId?: string;
  enrollmentId?: string;
  activityNumber?: number | undefined;
}

/** The children a person may sign up: their own (guardianship), or themselves from 13. */
export function signUpCandidates(info: TurnInfo, today: string): PersonSummary[] {
  const { identity } = info;
  if (!identity.person) return [];
  return peopleActedFor(identity.person, identity.children, today);
}

/**
 * Sign-up: the child (when a parent has several), the activity (a number from the last list, or a
 * search), a confirmation, then the sign-up with its hold on the card; says what the card pays and
 * what the family pays (with the payment link), and offers an accommodation request.
 */
export class SignUpDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(SIGN_UP_DIALOG, deps);
    this.addDialog(new TextPrompt(NUMBER_PROMPT, this.validNumber.bind(this)));
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

  private async validNumber(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const max = (prompt.options.validations as { max: number }).max;
    const [n] = numbersIn(prompt.recognized.value ?? "");
    return prompt.recognized.succeeded && n !== undefined && n >= 1 && n <= max;
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
    const candidates = signUpCandidates(info, this.deps.today());
    if (candidates.length === 0) {
      await this.say(step, "chat:signup.no_children");
      return step.endDialog();
    }
    const named = this.options(step).entities.childName;
    const match = named ? candidates.filter((child) => foldText(child.givenName) === foldText(named)) : [];
    if (match.length === 1 || candidates.length === 1) return step.next(match[0] ?? candidates[0]);
    const text = `${String(info.t("chat:signup.choose_child"))}\n${this.numbered(candidates.map((child) => child.givenName))}`;
    return step.prompt(NUMBER_PROMPT, {
      prompt: text,
      retryPrompt: `${String(info.t("chat:pick_number", { max: candidates.length }))}\n${text}`,
      validations: { max: candidates.length },
    });
  }

  private async childChosenStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const candidates = signUpCandidates(info, this.deps.today());
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
    const found = await searchActivities(this.deps.db.prisma, {
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
    const span = periodContaining(this.deps.today(), this.deps.scheme);
    const period = span ? await this.deps.db.prisma.period.findUnique({ where: { municipalityId_code: { municipalityId: this.deps.municipalityId, code: span.code } } }) : null;
    const activity = await getActivity(this.deps.db.prisma, { municipalityId: this.deps.municipalityId, activityId: values.activityId, language: info.language, ...(period ? { periodId: period.id } : {}) });
    // What can be known without writing anything is said before asking: no "yes" only to hear "no".
    const problem = await this.precheck(values.child!, activity, span !== null && (period === null || period.state === "OPEN"));
    if (problem) {
      await this.refuse(step, problem, values.child!, activity);
      return step.endDialog();
    }
    return this.askYesNo(
      step,
      String(info.t("chat:signup.confirm", { child: values.child!.givenName, title: activity.title, provider: activity.providerName, fee: formatOre(activity.feeOre, info.language) })),
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
    const activity = await getActivity(this.deps.db.prisma, { municipalityId: this.deps.municipalityId, activityId: values.activityId!, language: info.language });
    let result;
    try {
      result = await signUpChild(this.deps.db, {
        municipalityId: this.deps.municipalityId,
        childId: child.id,
        activityId: activity.id,
        actorId: info.identity.person!.id,
        today: this.deps.today(),
        now: this.deps.now(),
        scheme: this.deps.scheme,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      await this.refuse(step, error, child, activity);
      return step.endDialog();
    }
    values.enrollmentId = result.enrollmentId;
    const lines = [String(info.t("chat:signup.done", { child: child.givenName, title: activity.title }))];
    const card = formatOre(result.cardPaysOre, info.language);
    if (result.familyPaysOre === 0) {
      lines.push(String(info.t("chat:signup.card_pays_all", { card })));
    } else {
      lines.push(String(info.t("chat:signup.split", { card, family: formatOre(result.familyPaysOre, info.language) })));
      const link = this.deps.payments
        ? await startFamilyPayment(this.deps.db, this.deps.payments, { enrollmentId: result.enrollmentId, returnUrl: `${this.deps.publicBaseUrl}/` }).then((payment) => payment.redirectUrl)
        : null;
      lines.push(link ? String(info.t("chat:signup.pay_link", { url: link })) : String(info.t("chat:signup.pay_later")));
    }
    await step.context.sendActivity(lines.join("\n"));
    return this.ask(step, String(info.t("chat:signup.offer_accommodation", { child: child.givenName })));
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

  /**
   * The sign-up rules that can be checked up front, in signUpChild's order, as the AppError it would
   * throw: the period, the category, the sessions, the child's eligibility and age, the places left.
   * Reads only; signUpChild checks everything again inside its transaction.
   */
  private async precheck(child: PersonSummary, activity: ActivitySummary, periodOpen: boolean): Promise<AppError | null> {
    const { scheme } = this.deps;
    const today = this.deps.today();
    if (!periodOpen) return new AppError("PERIOD_CLOSED", "no period is open");
    if (scheme.excludedCategories.includes(activity.category)) return new AppError("CATEGORY_EXCLUDED", "excluded category", { category: activity.category });
    if (activity.sessionsPerPeriod < scheme.minSessionsPerPeriod) {
      return new AppError("TOO_FEW_SESSIONS", "too few sessions", { sessions: activity.sessionsPerPeriod, required: scheme.minSessionsPerPeriod });
    }
    const eligibility = await checkEligibility(this.deps.db.prisma, { childId: child.id, today, rules: scheme });
    if (!eligibility.eligible) return new AppError("CHILD_NOT_ELIGIBLE", "not eligible", { ...eligibility });
    const age = eligibility.child.age;
    if (age !== null && (age < activity.minAge || age > activity.maxAge)) {
      return new AppError("AGE_OUTSIDE_ACTIVITY", "age outside the activity", { age, minAge: activity.minAge, maxAge: activity.maxAge });
    }
    // No period row yet means no sign-ups yet: every place is left.
    if ((activity.placesLeft ?? activity.capacity) <= 0) return new AppError("ACTIVITY_FULL", "full", { capacity: activity.capacity });
    return null;
  }

  /** Says why the sign-up cannot be done; a child not eligible also gets why and from when. */
  private async refuse(step: WaterfallStepContext, error: AppError, child: PersonSummary, activity: ActivitySummary): Promise<void> {
    const info = this.info(step);
    const refusal = this.refusal(info, error, { child: child.givenName, title: activity.title, category: categoryName(info.t, activity.category) });
    const why = error.code === "CHILD_NOT_ELIGIBLE" ? `\n${await eligibilityLine(info, this.deps, child)}` : "";
    await step.context.sendActivity(`${refusal}${why}`);
  }

  /** A refusal of the sign-up rules, said so the family knows why (and what to do). */
  private refusal(info: TurnInfo, error: AppError, names: { child: string; title: string; category: string }): string {
    const d = error.details as Record<string, unknown>;
    switch (error.code) {
      case "ACTIVITY_NOT_APPROVED":
      case "PROVIDER_NOT_APPROVED":
        return String(info.t("chat:signup.refused.NOT_APPROVED", names));
      case "CHILD_NOT_ELIGIBLE":
      case "ACTIVITY_FULL":
      case "ALREADY_ENROLLED":
      case "CATEGORY_EXCLUDED":
      case "PERIOD_CLOSED":
      case "FORBIDDEN":
        return String(info.t(`chat:signup.refused.${error.code}`, names));
      case "TOO_FEW_SESSIONS":
        return String(info.t("chat:signup.refused.TOO_FEW_SESSIONS", { ...names, sessions: d.sessions, required: d.required }));
      case "AGE_OUTSIDE_ACTIVITY":
        return String(info.t("chat:signup.refused.AGE_OUTSIDE_ACTIVITY", { ...names, age: d.age, minAge: d.minAge, maxAge: d.maxAge }));
      default:
        return String(info.t("error_generic"));
    }
  }
}
