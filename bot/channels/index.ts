import type { TurnContext } from "botbuilder";
import type { TFunction } from "i18next";
import type restify from "restify";
import { loadCatalogs, languageMeta } from "../../locales/i18n.ts";
import type { Clock } from "../../services/clock.ts";
import type { AppConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";
import { LANGUAGES, type Language } from "../../services/languages.ts";
import type { Logger } from "../../services/logger.ts";
import { queueSms } from "../../services/outbox/enqueue-message.ts";
import { OutboxWorker } from "../../services/outbox/outbox-worker.ts";
import { SimulatorSmsTransport, SmsSimulator } from "../../services/outbox/sms-simulator.ts";
import { TwilioSmsTransport } from "../../services/outbox/twilio-transport.ts";
import { listVerifiedSmsPersons } from "../../services/sms/sms-identities.ts";
import { DirectLineConversationStore } from "../../services/directline/conversation-store.ts";
import { DirectLineAdapter } from "./directline/directline-adapter.ts";
import { registerDirectLineRoutes } from "./directline/directline-routes.ts";
import { DirectLineStreams } from "./directline/directline-stream.ts";
import { DirectLineTokens } from "./directline/tokens.ts";
import { KeyedLock } from "./keyed-lock.ts";
import { SmsAdapter } from "./sms/sms-adapter.ts";
import { registerSmsSimulatorRoutes } from "./sms/sms-simulator-routes.ts";
import { SMS_REPLY_DEADLINE_MS, SMS_WEBHOOK_PATH, smsWebhook } from "./sms/sms-webhook.ts";
import type { PageContext } from "./web/pages.ts";
import { registerWebRoutes } from "./web/web-routes.ts";
import { WebChatUsers } from "./web/web-chat-users.ts";
import { serviceKey } from "../service-keys.ts";

export interface ChannelDependencies {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  t: (language: Language) => TFunction;
  /** The app's one turn-error handler (logs, apologises in the user's language, clears state). */
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
  /** Tests shorten the SMS reply deadline and the outbox's timing. */
  smsReplyDeadlineMs?: number;
  outbox?: { pollIntervalMs?: number; backoff?: { baseMs: number; maxMs: number; maxAttempts: number } };
}

export interface ChannelRuntime {
  db: Database;
  municipalityId: string;
  bot: { run(context: TurnContext): Promise<void> };
}

export interface Channels {
  /** Starts serving turns and the outbox worker, once the database and bot are ready. */
  start(runtime: ChannelRuntime): void;
  /** Stops the outbox worker and closes open Direct Line streams (before the server closes). */
  stop(): Promise<void>;
  readonly smsAdapter: SmsAdapter;
  readonly directLineAdapter: DirectLineAdapter;
  /** The outbox worker, once started. */
  readonly outbox: OutboxWorker | undefined;
  /** Where outbound SMS go without Twilio credentials (development). */
  readonly smsSimulator: SmsSimulator;
}

/**
 * The channels beyond Bot Framework's own /api/messages: SMS through Twilio (webhook, outbox,
 * simulator), web chat over our Direct Line 3.0 server, and the web pages.
 */
export function registerChannels(server: restify.Server, deps: ChannelDependencies): Channels {
  const { config, logger, clock } = deps;
  const production = config.env === "production";
  let runtime: ChannelRuntime | undefined;
  let stopped = false;
  let outbox: OutboxWorker | undefined;
  let store: DirectLineConversationStore | undefined;
  const defaultLanguage = config.scheme.defaultLanguage as Language;

  // ── SMS ──
  if (!config.sms.authToken) logger.warn("TWILIO_AUTH_TOKEN is not set: SMS webhooks are accepted unsigned (development only)");
  const twilioSends = Boolean(config.sms.accountSid && config.sms.authToken && config.sms.sender);
  if (!twilioSends) logger.info("no Twilio credentials: outbound SMS go to the local SMS simulator (/dev/sms)");
  const smsSimulator = new SmsSimulator(clock);
  const smsAdapter = new SmsAdapter(async (to, texts) => {
    if (!runtime) throw new Error("SMS sent before the service was ready");
    await queueSms(runtime.db, { to, texts, now: clock.now() });
    outbox?.wake();
  });
  smsAdapter.onTurnError = deps.onTurnError;
  server.post(
    SMS_WEBHOOK_PATH,
    smsWebhook({
      publicBaseUrl: config.publicBaseUrl,
      authToken: config.sms.authToken,
      defaultLanguage,
      municipalityName: config.scheme.municipalityName,
      t: deps.t,
      adapter: smsAdapter,
      lock: new KeyedLock(),
      logger,
      deadlineMs: deps.smsReplyDeadlineMs ?? SMS_REPLY_DEADLINE_MS,
      clock,
      runtime: () => runtime,
    }),
  );

  // ── Direct Line (web chat) ──
  const { key, ephemeral } = DirectLineTokens.keyFrom({ tokenSecret: config.directLine.tokenSecret, directLineSecret: config.directLine.secret });
  if (ephemeral) logger.warn("neither TOKEN_SECRET nor DIRECT_LINE_SECRET is set: web chat tokens are signed with a per-process key and end with a restart (development only)");
  const tokens = new DirectLineTokens(key, clock);
  const streams = new DirectLineStreams({ tokens, secret: config.directLine.secret, logger, store: () => store });
  streams.attach(server.server);
  const directLineAdapter = new DirectLineAdapter(
    () => {
      if (!store) throw new Error("Direct Line used before the service was ready");
      return store;
    },
    { id: "fritidskort", name: "Fritidskortet", role: "bot" },
    (conversationId) => streams.notify(conversationId),
    clock,
  );
  directLineAdapter.onTurnError = deps.onTurnError;
  registerDirectLineRoutes(
    server,
    {
      production,
      secret: config.directLine.secret,
      tokens,
      adapter: directLineAdapter,
      lock: new KeyedLock(),
      logger,
      clock,
      runtime: () => (runtime && store ? { store, bot: runtime.bot } : undefined),
    },
    (req, conversationId, token) => {
      const secure = req.isSecure() || req.header("x-forwarded-proto") === "https";
      return `${secure ? "wss" : "ws"}://${req.header("host")}/v3/directline/conversations/${conversationId}/stream?watermark=-&t=${encodeURIComponent(token)}`;
    },
  );

  // ── Pages ──
  const catalogs = loadCatalogs();
  const page: PageContext = {
    municipalityName: config.scheme.municipalityName,
    defaultLanguage,
    catalogs,
    languageNames: Object.fromEntries(LANGUAGES.map((language) => [language, languageMeta(language).name])) as Record<Language, string>,
  };
  registerWebRoutes(server, { page, tokens, users: new WebChatUsers(serviceKey(config.directLine, "webchat-user-proof").key, clock) });
  if (!production) {
    registerSmsSimulatorRoutes({
      server,
      simulator: smsSimulator,
      publicBaseUrl: config.publicBaseUrl,
      authToken: config.sms.authToken,
      accountSid: config.sms.accountSid,
      serviceNumber: config.sms.sender?.startsWith("+") ? config.sms.sender : "+4759440000",
      page,
      identities: async () => (runtime ? listVerifiedSmsPersons(runtime.db, { municipalityId: runtime.municipalityId, perRole: 1 }) : undefined),
    });
  }

  return {
    start(ready) {
      if (stopped) return; // the app stopped while it was still starting
      runtime = ready;
      store = new DirectLineConversationStore(ready.db);
      outbox = new OutboxWorker({
        db: ready.db,
        clock,
        transport: twilioSends
          ? new TwilioSmsTransport({ accountSid: config.sms.accountSid!, authToken: config.sms.authToken! })
          : new SimulatorSmsTransport(smsSimulator),
        logger,
        defaultSender: config.sms.sender ?? "simulator",
        sendsPerSecond: config.sms.sendsPerSecond,
        ...(deps.outbox?.pollIntervalMs ? { pollIntervalMs: deps.outbox.pollIntervalMs } : {}),
        ...(deps.outbox?.backoff ? { backoff: deps.outbox.backoff } : {}),
      });
      outbox.start();
    },
    async stop() {
      stopped = true;
      runtime = undefined;
      await outbox?.stop();
      await streams.close();
    },
    smsAdapter,
    directLineAdapter,
    get outbox() {
      return outbox;
    },
    smsSimulator,
  };
}
