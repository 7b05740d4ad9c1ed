import type { Activity, TurnContext } from "botbuilder";
import type { TFunction } from "i18next";
import type restify from "restify";
import { loadCatalogs, languageMeta } from "../../locales/i18n.ts";
import type { Clock } from "../../services/clock.ts";
import { DEVELOPMENT_SMS_NUMBER, type AppConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";
import { LANGUAGES, type Language } from "../../services/languages.ts";
import type { Logger } from "../../services/logger.ts";
import type { Metrics } from "../../services/observability/metrics.ts";
import { queueSms } from "../../services/outbox/enqueue-message.ts";
import { OutboxWorker } from "../../services/outbox/outbox-worker.ts";
import { SimulatorSmsTransport, SmsSimulator } from "../../services/outbox/sms-simulator.ts";
import { TwilioSmsTransport } from "../../services/outbox/twilio-transport.ts";
import { listVerifiedSmsPersons } from "../../services/sms/sms-identities.ts";
import { DirectLineConversationStore } from "../../services/directline/conversation-store.ts";
import type { ChatTransport } from "../../services/outbox/chat-transport.ts";
import { WebChatTransport } from "../../services/outbox/webchat-transport.ts";
import { DirectLineAdapter, WEBCHAT_CHANNEL_ID } from "./directline/directline-adapter.ts";
import { DIRECT_LINE_BASE, registerDirectLineRoutes } from "./directline/directline-routes.ts";
import { DirectLineStreams } from "./directline/directline-stream.ts";
import { DirectLineTokens, isSecret } from "./directline/tokens.ts";
import { deleteStates } from "../../services/conversation-state.ts";
import { errorForLog } from "../../services/logger.ts";
import { errorBody } from "../http-errors.ts";
import { clientAddress, RateLimiter } from "../rate-limit.ts";
import { KeyedLock } from "./keyed-lock.ts";
import { SmsAdapter } from "./sms/sms-adapter.ts";
import { registerSmsSimulatorRoutes } from "./sms/sms-simulator-routes.ts";
import { SMS_WEBHOOK_PATH, smsWebhook } from "./sms/sms-webhook.ts";
import type { PageContext } from "./web/pages.ts";
import { registerWebRoutes } from "./web/web-routes.ts";
import { WebChatUsers } from "./web/web-chat-users.ts";
import { serviceKey } from "../service-keys.ts";
import { registerClubTabRoutes } from "../club/club-tab-routes.ts";

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
  /** The app's metrics: the outbox counts its sends there. */
  metrics?: Metrics;
}

export interface ChannelRuntime {
  db: Database;
  municipalityId: string;
  bot: { run(context: TurnContext): Promise<void> };
  /** The bot-state keys a turn of this activity reads: its conversation's and its user's. */
  stateKeys(activity: Partial<Activity>): string[];
  /** Delivers the outbox's Teams notices (bot/channels/teams/teams-transport.ts). */
  teams?: ChatTransport;
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
  /** Deletes web chat conversations idle for DIRECT_LINE_IDLE_MINUTES (also every few minutes by itself); returns how many. */
  purgeIdleConversations(): Promise<number>;
}

/** How often idle web chat conversations are looked for. */
const PURGE_INTERVAL_MS = 5 * 60_000;
/** Routes that hand out a new conversation to anyone who asks (the secret's holder is not counted). */
const NEW_CONVERSATION_ROUTES = new Set(["/webchat/token", `${DIRECT_LINE_BASE}/tokens/generate`]);

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
  let purgeTimer: NodeJS.Timeout | undefined;
  const defaultLanguage = config.scheme.defaultLanguage as Language;
  const limits = config.directLine.limits;

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
      deadlineMs: deps.smsReplyDeadlineMs ?? config.sms.replyDeadlineMs,
      clock,
      ownNumbers: config.sms.ownNumbers,
      throttle: config.sms.senderThrottle,
      runtime: () => runtime,
    }),
  );

  // ── Direct Line (web chat) ──
  const { key, ephemeral } = DirectLineTokens.keyFrom({ tokenSecret: config.directLine.tokenSecret, directLineSecret: config.directLine.secret });
  if (ephemeral) logger.warn("neither TOKEN_SECRET nor DIRECT_LINE_SECRET is set: web chat tokens are signed with a per-process key and end with a restart (development only)");
  const tokens = new DirectLineTokens(key, clock);
  const streams = new DirectLineStreams({ tokens, secret: config.directLine.secret, logger, store: () => store, maxStreamsPerConversation: limits.maxStreamsPerConversation, maxResponseBytes: limits.maxResponseBytes });
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
      maxActivityBytes: limits.maxActivityBytes,
      maxResponseBytes: limits.maxResponseBytes,
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

  // The web chat is public: new conversations per client address are limited (429 with Retry-After).
  const newConversations = new RateLimiter(clock, limits.newConversationsPerMinute, 60_000);
  server.use((req, res, next) => {
    if (req.method !== "POST" || !NEW_CONVERSATION_ROUTES.has(String(req.getRoute()?.path ?? ""))) return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.header("authorization") ?? "")?.[1];
    if (bearer && isSecret(bearer, config.directLine.secret)) return next();
    const retryAfter = newConversations.hit(clientAddress(req, config.trustProxy));
    if (retryAfter === 0) return next();
    res.header("retry-after", String(retryAfter));
    res.json(429, errorBody(req, "TOO_MANY_REQUESTS", `too many new conversations from this address; try again in ${retryAfter} s`));
    return next(false);
  });

  async function purgeIdleConversations(): Promise<number> {
    const ready = runtime;
    if (!ready || !store) return 0;
    const purged = await store.purgeIdle(new Date(clock.now().getTime() - limits.idleMinutes * 60_000));
    // The bot's state of each, and of users left without a conversation (botbuilder's state keys).
    await deleteStates(ready.db, [
      ...purged.conversationIds.map((id) => `${WEBCHAT_CHANNEL_ID}/conversations/${id}/`),
      ...purged.userIdsWithoutConversations.map((id) => `${WEBCHAT_CHANNEL_ID}/users/${id}/`),
    ]);
    if (purged.conversationIds.length > 0) logger.info({ conversations: purged.conversationIds.length }, "idle web chat conversations deleted");
    return purged.conversationIds.length;
  }

  // ── Pages ──
  const catalogs = loadCatalogs();
  const page: PageContext = {
    municipalityName: config.scheme.municipalityName,
    defaultLanguage,
    catalogs,
    languageNames: Object.fromEntries(LANGUAGES.map((language) => [language, languageMeta(language).name])) as Record<Language, string>,
  };
  const webChatUsers = new WebChatUsers(serviceKey(config.directLine, "webchat-user-proof").key, clock);
  registerWebRoutes(server, { page, tokens, users: webChatUsers });
  registerClubTabRoutes(server, { config, clock, logger, t: deps.t, page, users: webChatUsers, db: () => runtime?.db });
  if (!production) {
    registerSmsSimulatorRoutes({
      server,
      simulator: smsSimulator,
      publicBaseUrl: config.publicBaseUrl,
      authToken: config.sms.authToken,
      accountSid: config.sms.accountSid,
      // Outside production there is always one: TWILIO_FROM_NUMBER, a messaging service's, or the stand-in.
      serviceNumber: config.sms.ownNumbers[0] ?? DEVELOPMENT_SMS_NUMBER,
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
        chats: {
          WEBCHAT: new WebChatTransport(store, { id: "fritidskort", name: "Fritidskortet" }, (conversationId) => streams.notify(conversationId), clock),
          ...(ready.teams ? { TEAMS: ready.teams } : {}),
        },
        transport: twilioSends
          ? new TwilioSmsTransport({ accountSid: config.sms.accountSid!, authToken: config.sms.authToken! })
          : new SimulatorSmsTransport(smsSimulator),
        logger,
        ...(deps.metrics ? { metrics: deps.metrics } : {}),
        defaultSender: config.sms.sender ?? "simulator",
        sendsPerSecond: config.sms.sendsPerSecond,
        leaseMs: config.outbox.leaseMs,
        ...(deps.outbox?.pollIntervalMs ? { pollIntervalMs: deps.outbox.pollIntervalMs } : {}),
        ...(deps.outbox?.backoff ? { backoff: deps.outbox.backoff } : {}),
      });
      outbox.start();
      purgeTimer = setInterval(() => void purgeIdleConversations().catch((error: unknown) => logger.warn({ error: errorForLog(error) }, "purging idle web chat conversations failed")), PURGE_INTERVAL_MS);
      purgeTimer.unref();
    },
    async stop() {
      stopped = true;
      runtime = undefined;
      clearInterval(purgeTimer);
      await outbox?.stop();
      await streams.close();
    },
    smsAdapter,
    directLineAdapter,
    get outbox() {
      return outbox;
    },
    smsSimulator,
    purgeIdleConversations,
  };
}
