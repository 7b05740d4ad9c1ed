import { ActivityHandler, type BotState, type TurnContext } from "botbuilder";
import type { TFunction } from "i18next";
import { isLanguage, type Language } from "../services/languages.ts";
import type { SchemeConfig } from "../services/config.ts";

export interface BotDependencies {
  conversationState: BotState;
  userState: BotState;
  t: (language: Language) => TFunction;
  scheme: SchemeConfig;
}

/**
 * The bot's turn handler. The journeys (eligibility, find activities, sign-up, …) are dialogs of the
 * conversation work; until then every message gets the welcome and what the scheme gives, in the
 * user's language, and state is kept per conversation and user in the database.
 */
export class FritidskortBot extends ActivityHandler {
  private readonly language;

  constructor(private readonly deps: BotDependencies) {
    super();
    this.language = deps.userState.createProperty<Language>("language");

    this.onMessage(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const others = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient.id);
      if (others.length > 0) await this.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /** The remembered language, else the client's locale (Web Chat sends one), else the municipality's default. */
  async languageOf(context: TurnContext): Promise<Language> {
    const remembered = await this.language.get(context);
    if (remembered) return remembered;
    const fromLocale = (context.activity.locale ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
    const language = isLanguage(fromLocale) ? fromLocale : fromLocale === "no" || fromLocale === "nn" ? "nb" : (this.deps.scheme.defaultLanguage as Language);
    await this.language.set(context, language);
    return language;
  }

  private async welcome(context: TurnContext): Promise<void> {
    const t = this.deps.t(await this.languageOf(context));
    const { scheme } = this.deps;
    const values = { municipality: scheme.municipalityName, minAge: scheme.minAge, maxAge: scheme.maxAge, amount: scheme.amountPerPeriodOre / 100 };
    await context.sendActivity(`${t("welcome", values)}\n${t("scheme_summary", values)}`);
  }
}
