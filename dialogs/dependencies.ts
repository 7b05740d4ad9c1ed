import type { Entities, Intent } from "../services/nlu/index.ts";
import type { StatePropertyAccessor } from "botbuilder";
import type { TFunction } from "i18next";
import type { Clock } from "../services/clock.ts";
import type { TranscriptLine } from "../services/handoff/hand-off-text.ts";
import type { StaffedHours } from "../services/handoff/staffed-hours.ts";
import type { SchemeConfig } from "../services/config.ts";
import type { Database } from "../services/db/database.ts";
import type { Language } from "../services/languages.ts";
import type { Nlu } from "../services/nlu/index.ts";
import type { PaymentProvider } from "../services/payments/payment-provider.ts";

/** What the dialogs need from the composition root; tests pass their own. */
export interface DialogDependencies {
  /** Opaque here: dialogs only hand it to service functions. */
  db: Database;
  nlu: Nlu;
  scheme: SchemeConfig;
  municipalityId: string;
  t: (language: Language) => TFunction;
  /** The service's one clock (services/clock.ts), read once per step. */
  clock: Clock;
  /** The family's remainder is paid through this provider; without one, no link is offered. */
  payments?: PaymentProvider;
  /** Where a payment returns to (the service's public URL). */
  publicBaseUrl: string;
  /** The URL of a one-time login link for a token (the stand-in page, or the OpenID Connect start). */
  loginUrl: (token: string) => string;
  /** Fritidskortet+ from chat (dialogs/staff/): the limit per child and period; without it staff commands are not offered. */
  topUps?: { maxPerChildPerPeriodOre: number };
  /** Talk to a person: staffed hours and the staff inbox (default: always staffed). */
  handOff?: HandOffSettings;
  /** Remembered across journeys within one conversation. */
  memory: StatePropertyAccessor<ConversationMemory>;
}

/** Talk to a person: staffed hours (STAFFED_HOURS) and the staff inbox's address; the composition root passes them. */
export interface HandOffSettings {
  staffedHours: StaffedHours;
  inboxUrl: string;
}

/** What the conversation remembers between journeys: the last activity list shown. */
export interface ConversationMemory {
  list?: { ids: string[]; shown: number };
  /** The last question asked about a child ("how much has Jonas left?"): "og Ella da?" asks it again for Ella. */
  lastChildQuestion?: { intent: Intent; entities: Entities };
  /** The last turns, as written (the bot records them): a hand-off carries them to the caseworker. Never logged. */
  transcript?: TranscriptLine[];
}
