import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import { DialogSet, DialogTurnStatus, WaterfallDialog, type DialogContext, type DialogState, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { createLoginToken } from "../services/identity-login.ts";
import type { Intent } from "../services/nlu/index.ts";
import { AccessDataDialog } from "./access-data-dialog.ts";
import { formatOre } from "./format.ts";
import { AccommodationDialog } from "./accommodation-dialog.ts";
import { AccommodationReplyDialog, familyThreadCommandFor, type FamilyThreadCommand } from "./accommodation-reply-dialog.ts";
import { BalanceDialog } from "./balance-dialog.ts";
import { CancelSignUpDialog } from "./cancel-dialog.ts";
import { clubCommandFor, type ClubCommand } from "./club/club-commands.ts";
import { ClubDialog } from "./club/club-dialog.ts";
import { CLUB_DIALOG } from "./club/club-dialog-ids.ts";
import { staffCommandFor } from "./staff/staff-commands.ts";
import { STAFF_TOP_UP_DIALOG, StaffTopUpDialog } from "./staff/top-up-dialog.ts";
import { isMore, isNo, isYes, numbersIn } from "./answers.ts";
import { CLARIFY_DIALOG, ClarifyDialog, clarifyChoices, type ClarifyOptions } from "./clarify-dialog.ts";
import { CoverageDialog } from "./coverage-dialog.ts";
import { DeleteDataDialog } from "./delete-data-dialog.ts";
import type { DialogDependencies } from "./dependencies.ts";
import {
  ACCESS_DATA_DIALOG,
  ACCOMMODATION_DIALOG,
  ACCOMMODATION_REPLY_DIALOG,
  BALANCE_DIALOG,
  CANCEL_DIALOG,
  COVERAGE_DIALOG,
  DELETE_DATA_DIALOG,
  ELIGIBILITY_DIALOG,
  FIND_ACTIVITY_DIALOG,
  HAND_OFF_DIALOG,
  LANGUAGE_DIALOG,
  MAIN_DIALOG,
  MENU_DIALOG,
  SIGN_UP_DIALOG,
  STOP_DIALOG,
  FREE_TEXT_PROMPT,
} from "./dialog-ids.ts";
import { EligibilityDialog } from "./eligibility-dialog.ts";
import { FindActivityDialog } from "./find-activity-dialog.ts";
import { HandOffDialog } from "./hand-off-dialog.ts";
import { relayRouteFor, staffRouteFor, type HandOffRoute } from "./handoff/hand-off-route.ts";
import { HandOffRelayDialog } from "./handoff/relay-dialog.ts";
import { StaffDialog } from "./handoff/staff-dialog.ts";
import { JourneyDialog, type JourneyOptions, type JourneyResult } from "./journey-dialog.ts";
import { LanguageDialog } from "./language-dialog.ts";
import { MenuDialog } from "./menu-dialog.ts";
import { SignUpDialog } from "./sign-up-dialog.ts";
import { StopDialog } from "./stop-dialog.ts";
import { turnInfo } from "./turn-info.ts";

const ROUTE = "route";

/** The id of the dialog deepest in the stack: the prompt that waits, if any. */
function innermostDialog(dc: DialogContext): string | undefined {
  // `child` builds a new DialogContext on every read (with its state manager): read once a level.
  let id: string | undefined;
  for (let inner: DialogContext | undefined = dc; inner; inner = inner.child) id = inner.activeDialog?.id;
  return id;
}

/** Which journey answers which intent. greeting, closing, help and out_of_scope are answered here. */
const JOURNEY_OF: Partial<Record<Intent, string>> = {
  eligibility: ELIGIBILITY_DIALOG,
  find_activity: FIND_ACTIVITY_DIALOG,
  sign_up: SIGN_UP_DIALOG,
  balance: BALANCE_DIALOG,
  history: BALANCE_DIALOG,
  cancel_signup: CANCEL_DIALOG,
  coverage: COVERAGE_DIALOG,
  change_language: LANGUAGE_DIALOG,
  human: HAND_OFF_DIALOG,
  stop: STOP_DIALOG,
  delete_data: DELETE_DATA_DIALOG,
  access_data: ACCESS_DATA_DIALOG,
  accommodation: ACCOMMODATION_DIALOG,
};

/** Questions asked about one child, which a bare name after them asks again ("og Ella da?"). */
const CHILD_QUESTIONS: ReadonlySet<Intent> = new Set(["eligibility", "find_activity", "balance", "history", "sign_up", "cancel_signup"]);

/** Journeys about a person's own children and money: only for a linked, verified identity. */
const PERSONAL: ReadonlySet<Intent> = new Set(["balance", "history", "sign_up", "cancel_signup", "accommodation", "access_data"]);

/** Intents a journey takes as an answer to its own question rather than as a new request. */
const OWN_INTENTS: Record<string, ReadonlySet<Intent>> = {
  [FIND_ACTIVITY_DIALOG]: new Set(["find_activity"]),
  [SIGN_UP_DIALOG]: new Set(["sign_up", "find_activity"]),
  [ACCOMMODATION_DIALOG]: new Set(["accommodation"]),
  [LANGUAGE_DIALOG]: new Set(["change_language"]),
  // "nei, jeg vil ikke stoppe" answers the stop question; it does not ask it again.
  [STOP_DIALOG]: new Set(["stop"]),
};

/** A message that changes the subject mid-journey must be this sure of itself. */
const INTERRUPT_CONFIDENCE = 0.6;

/**
 * The router: takes the turn's understanding and starts the journey for it; while a journey waits
 * for an answer, a confident new request (not a number, not yes/no/more) interrupts it.
 */
export class MainDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(MAIN_DIALOG, deps);
    this.addDialog(new EligibilityDialog(deps))
      .addDialog(new FindActivityDialog(deps))
      .addDialog(new SignUpDialog(deps))
      .addDialog(new BalanceDialog(deps))
      .addDialog(new CancelSignUpDialog(deps))
      .addDialog(new CoverageDialog(deps))
      .addDialog(new MenuDialog(deps))
      .addDialog(new LanguageDialog(deps))
      .addDialog(new HandOffDialog(deps))
      .addDialog(new StopDialog(deps))
      .addDialog(new DeleteDataDialog(deps))
      .addDialog(new AccessDataDialog(deps))
      .addDialog(new AccommodationDialog(deps))
      .addDialog(new ClarifyDialog(deps))
      .addDialog(new AccommodationReplyDialog(deps))
      .addDialog(new ClubDialog(deps))
      .addDialog(new StaffTopUpDialog(deps))
      .addDialog(new StaffDialog(deps))
      .addDialog(new HandOffRelayDialog(deps))
      .addDialog(new WaterfallDialog(ROUTE, [this.routeStep.bind(this), this.nextStep.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  /** Runs the turn: continues the waiting journey, or routes the message to a new one. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const set = new DialogSet(accessor);
    set.add(this);
    const dc = await set.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const active = innerDc.activeDialog?.id;
    // A caseworker's SVAR/LUKK/SAKER is theirs, whatever waits (docs/conversation.md, "Hand-off to a person").
    const staff = active && active !== ROUTE ? await staffRouteFor(innerDc, this.deps) : null;
    if (staff) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ROUTE, { handOff: staff });
    }
    // A club contact's club command (a reply code, "deltakere") is the club's, whatever waits.
    const club = active && active !== ROUTE ? clubCommandFor(innerDc, { journeyWaiting: true }) : null;
    if (club) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ROUTE, { club });
    }
    // While the person's hand-off is open, what they write goes to the caseworker.
    const relay = active && active !== ROUTE ? await relayRouteFor(innerDc, this.deps) : null;
    if (relay) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ROUTE, { handOff: relay });
    }
    // So is a family's SVAR <text> / LUKK in an accommodation thread.
    const thread = active && active !== ROUTE ? familyThreadCommandFor(innerDc) : null;
    if (thread) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ROUTE, { thread });
    }
    if (active && active !== ROUTE && this.interrupts(innerDc, active)) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ROUTE);
    }
    return super.onContinueDialog(innerDc);
  }

  private interrupts(dc: DialogContext, active: string): boolean {
    const info = turnInfo(dc.context);
    const { intent, confidence } = info.understanding;
    const text = dc.context.activity.text ?? "";
    if (intent === "out_of_scope" || confidence < INTERRUPT_CONFIDENCE) return false;
    // A journey waiting for the person's own words (a note to a club) takes whatever they write.
    if (innermostDialog(dc) === FREE_TEXT_PROMPT) return false;
    // An answer made of numbers ("2", "1,3", "1 og 3") answers the list or menu on screen.
    if (numbersIn(text).length > 0 && text.replace(/[\d\s\p{P}]/gu, "").length <= 3) return false;
    // "nie pisz do mnie więcej", "nei, ikke send meg flere meldinger": a sentence asking to stop is
    // that, whatever its first word answers (the stop journey asks to confirm).
    const asksToStop = intent === "stop" && text.trim().split(/\s+/).length >= 3;
    if (!asksToStop && (isYes(text, info) || isNo(text, info) || isMore(text, info))) return false;
    return !(OWN_INTENTS[active]?.has(intent) ?? false);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const given = step.options as (Partial<JourneyOptions> & { club?: ClubCommand; thread?: FamilyThreadCommand; handOff?: HandOffRoute }) | undefined;
    // A caseworker's hand-off command (docs/conversation.md, "Hand-off to a person").
    const staff = given?.handOff ?? (given?.intent || given?.club || given?.thread ? null : await staffRouteFor(step, this.deps));
    if (staff) return step.beginDialog(staff.dialog, staff.options);
    // Who the club is in chat (docs/conversation.md, "Clubs"): a contact's club command goes to the club journeys.
    const club = given?.club ?? (given?.intent ? null : clubCommandFor(step, { journeyWaiting: false }));
    if (club) return step.beginDialog(CLUB_DIALOG, { command: club });
    // A caseworker's top-up (docs/staff.md): PÅFYLL <child> <amount> <reason>.
    const topUp = given?.intent ? null : await staffCommandFor(step, this.deps);
    if (topUp) return step.beginDialog(STAFF_TOP_UP_DIALOG, topUp);
    // While the person's hand-off is open, the caseworker reads what they write, not the bot.
    const relay = given?.intent || given?.thread ? null : await relayRouteFor(step, this.deps);
    if (relay) return step.beginDialog(relay.dialog, relay.options);
    // A family writing back in an accommodation thread (docs/conversation.md, "Accommodation threads").
    const thread = given?.thread ?? (given?.intent ? null : familyThreadCommandFor(step));
    if (thread) return step.beginDialog(ACCOMMODATION_REPLY_DIALOG, { command: thread });
    const followUp = given?.intent ? undefined : await this.followUp(step);
    // Not sure what the message means: one short question with the two likeliest meanings, not the menu.
    const choices = given?.intent || followUp ? undefined : clarifyChoices(info.understanding);
    if (choices) return step.beginDialog(CLARIFY_DIALOG, { choices, entities: info.understanding.entities } satisfies ClarifyOptions);
    const options: JourneyOptions = given?.intent ? { intent: given.intent, entities: given.entities ?? {} } : (followUp ?? { intent: info.understanding.intent, entities: info.understanding.entities });
    const text = step.context.activity.text ?? "";
    // "WIĘCEJ" ("more") with no list open to show more of: not a wish to stop, however often the
    // classifier has seen the word in "nie pisz do mnie więcej" (don't write to me any more).
    if (options.intent === "stop" && !given?.intent && isMore(text, info)) return step.beginDialog(MENU_DIALOG, { intent: "help", entities: {}, preface: "chat:clarify" } as JourneyOptions);
    const { intent } = options;
    const journey = JOURNEY_OF[intent];
    if (journey) {
      if (CHILD_QUESTIONS.has(intent)) await this.deps.memory.set(step.context, { ...(await this.deps.memory.get(step.context, {})), lastChildQuestion: { intent, entities: options.entities } });
      if (PERSONAL.has(intent) && !info.identity.verified) {
        const token = await createLoginToken(this.deps.db, { identityId: info.identity.identityId, now: this.time().now });
        await this.say(step, ["chat:login_needed", { url: this.deps.loginUrl(token) }]);
        return step.endDialog();
      }
      return step.beginDialog(journey, options);
    }
    if (intent === "greeting") {
      const { scheme } = this.deps;
      const values = { municipality: scheme.municipalityName, minAge: scheme.minAge, maxAge: scheme.maxAge, amount: formatOre(scheme.amountPerPeriodOre, info.language) };
      await this.say(step, ["welcome", values], ["scheme_summary", values]);
      return step.endDialog();
    }
    // Thanks and goodbyes: a short friendly closing, not the menu.
    if (intent === "closing") {
      await this.say(step, "chat:closing");
      return step.endDialog();
    }
    if (intent === "help") return step.beginDialog(MENU_DIALOG, { intent, entities: {}, ...(given?.preface ? { preface: given.preface } : {}) });
    // out_of_scope: a number with no list open, or something we do not do: say so and show the menu.
    const said = info.understanding.entities.number !== undefined || text.trim().length <= 3 ? "chat:clarify" : "chat:out_of_scope";
    return step.beginDialog(MENU_DIALOG, { intent: "help", entities: {}, preface: said } as JourneyOptions);
  }

  /**
   * "og Ella da?" after an answer about Jonas: a short message that names one of the person's
   * children and little else is the last question about a child, asked again for that child.
   */
  private async followUp(step: WaterfallStepContext): Promise<JourneyOptions | undefined> {
    const { childName, onlyChild } = this.info(step).understanding.entities;
    if (!childName || !onlyChild) return undefined;
    const { lastChildQuestion } = await this.deps.memory.get(step.context, {});
    // The same question, with what it asked besides the child ("fotball på Konnerud"), for this child.
    return lastChildQuestion ? { intent: lastChildQuestion.intent, entities: { ...lastChildQuestion.entities, childName } } : undefined;
  }

  /** A journey that ended with a hand-over (a menu choice) starts the next one. */
  private async nextStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as JourneyResult | undefined;
    if (result?.next) return step.replaceDialog(ROUTE, result.next);
    return step.endDialog();
  }
}
