import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from "botbuilder";
import type { DialogState } from "botbuilder-dialogs";
import type { TFunction } from "i18next";
import { listDistricts } from "../services/catalog/list-districts.ts";
import type { Clock } from "../services/clock.ts";
import type { SchemeConfig } from "../services/config.ts";
import type { Database } from "../services/db/database.ts";
import { rememberLanguage, resolveChannelIdentity, type ChannelKind } from "../services/identity.ts";
import { isLanguage, type Language } from "../services/languages.ts";
import { formatOre } from "../dialogs/format.ts";
import type { Nlu } from "../services/nlu/index.ts";
import type { PaymentProvider } from "../services/payments/payment-provider.ts";
import type { ConversationMemory } from "../dialogs/dependencies.ts";
import { MainDialog } from "../dialogs/main-dialog.ts";
import { clubCommandOf } from "../dialogs/club/club-commands.ts";
import type { HandOffSettings } from "../dialogs/handoff/hand-off-notices.ts";
import { staffCommandOf as handOffCommandOf } from "../dialogs/handoff/staff-commands.ts";
import { recordTranscript } from "./transcript.ts";
import { forgetsConversation, setTurnInfo, type TurnInfo } from "../dialogs/turn-info.ts";
import { staffCommandOf as topUpCommandOf } from "../dialogs/staff/staff-commands.ts";
import { commandOfCardSubmit } from "./channels/teams/notice-card.ts";
import { identityHandedToTurn } from "./channels/turn-identity.ts";

export interface BotDependencies {
  conversationState: BotState;
  userState: BotState;
  t: (language: Language) => TFunction;
  scheme: SchemeConfig;
  db: Database;
  /** Trained once per process (composition root) and injected. */
  nlu: Nlu;
  municipalityId: string;
  /** The service's one clock (services/clock.ts): systemClock in production, a ManualClock in tests. */
  clock: Clock;
  payments?: PaymentProvider;
  publicBaseUrl: string;
  /** The one-time login link for a token (the development stand-in, or OpenID Connect in production). */
  loginUrl: (token: string) => string;
  identityChannel: IdentityChannelOf;
  /** Fritidskortet+ limits for a caseworker's top-up in chat (dialogs/staff/). */
  topUps?: { maxPerChildPerPeriodOre: number };
  /** Talk to a person: staffed hours and the staff inbox's address. */
  handOff?: HandOffSettings;
}

/**
 * Which identity table a turn's sender is looked up in, decided by the adapter that received the
 * activity (the composition root knows them), never by the activity's own `channelId`: anyone can
 * write `"channelId": "sms"` into an activity. Undefined: the adapter resolves no identity.
 */
export type IdentityChannelOf = (context: TurnContext) => ChannelKind | undefined;

/**
 * The bot's turn handler: works out who is writing (identity), what they mean and in which
 * language (NLU), then runs the dialogs (dialogs/main-dialog.ts routes to one journey per file).
 */
export class FritidskortBot extends ActivityHandler {
  private readonly language: StatePropertyAccessor<Language>;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialog: MainDialog;
  private readonly memory: StatePropertyAccessor<ConversationMemory>;
  private districts: { name: string; aliases: string[] }[] | undefined;

  constructor(private readonly deps: BotDependencies) {
    super();
    this.language = deps.userState.createProperty<Language>("language");
    this.dialogState = deps.conversationState.createProperty<DialogState>("dialogState");
    const memory = deps.conversationState.createProperty<ConversationMemory>("memory");
    this.memory = memory;
    this.dialog = new MainDialog({
      db: deps.db,
      nlu: deps.nlu,
      scheme: deps.scheme,
      municipalityId: deps.municipalityId,
      t: deps.t,
      clock: deps.clock,
      ...(deps.payments ? { payments: deps.payments } : {}),
      publicBaseUrl: deps.publicBaseUrl,
      loginUrl: deps.loginUrl,
      ...(deps.topUps ? { topUps: deps.topUps } : {}),
      memory,
      ...(deps.handOff ? { handOff: deps.handOff } : {}),
    });

    this.onMessage(async (context, next) => {
      await this.converse(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const others = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient.id);
      if (others.length > 0) await this.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Both states in one read (bot/database-storage.ts batches them); the handlers find them loaded.
    await Promise.all([this.deps.conversationState.load(context), this.deps.userState.load(context)]);
    await super.run(context);
    // "Delete my data" (dialogs/delete-data-dialog.ts): nothing of this conversation is written back.
    if (forgetsConversation(context)) {
      await this.deps.conversationState.delete(context);
      await this.deps.userState.delete(context);
      return;
    }
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /** The remembered language, else the client's locale (Web Chat sends one), else the municipality's default. */
  async languageOf(context: TurnContext): Promise<Language> {
    const remembered = await this.language.get(context);
    if (remembered) return remembered;
    const language = localeLanguage(context.activity.locale) ?? (this.deps.scheme.defaultLanguage as Language);
    await this.language.set(context, language);
    return language;
  }

  private async converse(context: TurnContext): Promise<void> {
    const { deps } = this;
    const now = deps.clock.now();
    // A notice card's button (Teams) is the command its SMS reader would type: one code path.
    const submitted = commandOfCardSubmit(context.activity);
    if (submitted) context.activity.text = submitted;
    const channel = deps.identityChannel(context);
    if (!channel) throw new Error(`no identity channel for an activity received by ${context.adapter.constructor.name}`);
    // Teams identities are kept by the user's Entra ID (AAD) object id, which outlives the chat's user id.
    const address = channel === "TEAMS" ? (context.activity.from.aadObjectId ?? context.activity.from.id) : context.activity.from.id;
    const identity = identityHandedToTurn(context) ?? (await resolveChannelIdentity(deps.db, { channel, address, now }));
    const remembered = await this.language.get(context);
    const current = remembered ?? identity.language ?? (await this.languageOf(context));
    const understanding = await deps.nlu.understand(context.activity.text ?? "", {
      currentLanguage: current,
      childNames: identity.children.map((child) => child.givenName),
      districts: await this.districtNames(),
    });
    // An explicit change of language wins; otherwise the language the message is written in
    // (the NLU keeps the current one for messages with too little language in them).
    const asked = understanding.intent === "change_language" ? understanding.entities.language : undefined;
    // One word we did not understand ("xyzzy") says nothing reliable about the language either.
    const unclear = understanding.intent === "out_of_scope" && (context.activity.text ?? "").trim().split(/\s+/).length < 2;
    // Nor does a club command ("NEI 4F2K fullt lag"): codes and keywords are no language.
    // Nor a staff command ("SVAR K3F9 …", "PÅFYLL Jonas 100 Vedtak"): codes, names and reasons are no language either.
    const text = context.activity.text ?? "";
    if (unclear || clubCommandOf(text) !== null || handOffCommandOf(text) !== null || topUpCommandOf(text) !== null) understanding.language = current;
    const info: TurnInfo = {
      understanding,
      language: asked ?? understanding.language,
      t: deps.t(asked ?? understanding.language),
      translate: deps.t,
      identity,
      sms: identity.channel === "SMS",
      switchLanguage: async (language) => {
        info.language = language;
        info.t = deps.t(language);
        await this.language.set(context, language);
        if (identity.language !== language) {
          await rememberLanguage(deps.db, { identityId: identity.identityId, personId: identity.person?.id ?? null, language, now: deps.clock.now() });
          identity.language = language;
        }
      },
    };
    if (info.language !== remembered || info.language !== identity.language) await info.switchLanguage(info.language);
    setTurnInfo(context, info);
    // The last turns travel with a hand-off to the caseworker (bot/transcript.ts).
    await recordTranscript(context, this.memory, now);
    await this.dialog.run(context, this.dialogState);
  }

  /** The municipality's districts, for the NLU to recognise "på Konnerud" (read once). */
  private async districtNames(): Promise<{ name: string; aliases: string[] }[]> {
    this.districts ??= await listDistricts(this.deps.db, { municipalityId: this.deps.municipalityId });
    return this.districts;
  }

  private async welcome(context: TurnContext): Promise<void> {
    // A conversation started in a language (Web Chat's language picker: a new conversation with
    // its locale) is greeted in it, even by a user who wrote in another language before.
    const started = localeLanguage(context.activity.locale);
    if (started) await this.language.set(context, started);
    const language = await this.languageOf(context);
    const t = this.deps.t(language);
    const { scheme } = this.deps;
    const values = { municipality: scheme.municipalityName, minAge: scheme.minAge, maxAge: scheme.maxAge, amount: formatOre(scheme.amountPerPeriodOre, language) };
    await context.sendActivity(`${t("welcome", values)}\n${t("scheme_summary", values)}`);
  }
}

/** Our language for a client's locale ("en-US" → en, "no"/"nn" → nb), or undefined. */
function localeLanguage(locale: string | undefined): Language | undefined {
  const code = (locale ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  if (isLanguage(code)) return code;
  return code === "no" || code === "nn" ? "nb" : undefined;
}
