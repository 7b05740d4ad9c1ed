import restify from "restify";
import {
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type Activity,
  type TurnContext,
} from "botbuilder";
import { systemClock, today, type Clock } from "../services/clock.ts";
import type { AppConfig } from "../services/config.ts";
import { openDatabase, type Database } from "../services/db/database.ts";
import { migrate } from "../services/db/migrate.ts";
import { configureMunicipality } from "../services/municipality.ts";
import type { IsoDate } from "../services/dates.ts";
import { errorForLog, type Logger } from "../services/logger.ts";
import { databaseResponds } from "../services/db/health.ts";
import { handleErrorsAtTheEdge } from "./http-errors.ts";
import { LANGUAGES, type Language } from "../services/languages.ts";
import { createI18n, languageMeta, loadCatalogs } from "../locales/i18n.ts";
import { noticeText } from "../dialogs/notices.ts";
import { DatabaseStorage } from "./database-storage.ts";
import { FritidskortBot } from "./fritidskort-bot.ts";
import { createNlu, type Nlu } from "../services/nlu/index.ts";
import { DEV_LOGIN_PATH, registerDevLoginRoutes } from "./dev-login-routes.ts";
import { IDPORTEN_PATH, registerIdPortenRoutes } from "./auth/idporten-routes.ts";
import { StaffSessions } from "./auth/staff-session.ts";
import { registerStaffLoginRoutes, STAFF_LOGOUT_PATH } from "./auth/staff-login-routes.ts";
import { registerChannels, type Channels } from "./channels/index.ts";
import { botFrameworkChannel, registerBotFrameworkRoute, TeamsAdapter } from "./bot-framework-route.ts";
import { bodyParsing } from "./request-body.ts";
import { SMS_WEBHOOK_PATH } from "./channels/sms/sms-webhook.ts";
import { registerLedgerRoutes } from "./ledger-routes.ts";
import { registerApprovalRoutes } from "./approval-routes.ts";
import { JobScheduler } from "../services/jobs/scheduler.ts";
import { jobCalendar } from "../services/jobs/calendar.ts";
import { registerVippsWebhookRoute } from "./vipps-webhook-route.ts";
import { HttpRegisterListing, type RegisterListing } from "../services/registry/population-register.ts";
import { registerStaffInboxRoutes } from "./staff/hand-off-routes.ts";
import { rememberTeamsConversations, TeamsTransport } from "./channels/teams/teams-transport.ts";
import { registerPaymentSimulatorRoutes } from "./channels/web/payment-simulator-routes.ts";
import type { PaymentProvider } from "../services/payments/payment-provider.ts";
import { PaymentSimulator } from "../services/payments/payment-simulator.ts";
import { createPaymentProvider } from "../services/payments/create-payment-provider.ts";
import { registerPrivacyRoutes } from "./privacy-routes.ts";
import { Metrics } from "../services/observability/metrics.ts";
import { observeRequests, observeTurns } from "./observability.ts";
import { registerMetricsRoute } from "./metrics-route.ts";

/** No request body is larger (Bot Framework activities, Direct Line activities, forms). */
const MAX_BODY_BYTES = 256 * 1024;
/** Routes that take a form: Twilio's webhook and the development pages' HTML forms; every other route takes JSON. */
const FORM_ROUTES = new Set([SMS_WEBHOOK_PATH, DEV_LOGIN_PATH, "/dev/pay/:reference", STAFF_LOGOUT_PATH]);

/** One trained NLU per process (a restarted app reuses it). */
let nluTraining: ReturnType<typeof createNlu> | undefined;

/**
 * The NLU trains in 2–3 s (longer on a busy machine). Training starts once the database is ready
 * and does not hold up readiness: the first message waits for it instead.
 */
function trainedNlu(metrics: Metrics): Nlu {
  const training = (nluTraining ??= createNlu());
  return {
    understand: async (text, context) => {
      const understood = await (await training).understand(text, context);
      metrics.understood(understood.intent, understood.language, understood.confidence);
      return understood;
    },
  };
}

export interface App {
  server: restify.Server;
  /** http://host:port the server listens on. */
  url: string;
  /** Resolves when the database is migrated, configured and prepared; rejects if that fails. */
  ready: Promise<void>;
  readonly db: Database | undefined;
  /** SMS, Direct Line (web chat) and the pages: bot/channels/. */
  readonly channels: Channels;
  /** Where families pay their part: Vipps, or the simulator of the embedded default. */
  readonly payments: PaymentProvider;
  /**
   * The job calendar (services/jobs/, docs/jobs.md), once ready: ticking when JOBS_ENABLED, else
   * built but idle (tests drive it with `tick()` or `runNow(job)` on the app's ManualClock).
   */
  readonly jobs: JobScheduler | undefined;
  /** This app's Prometheus registry (GET /metrics; docs/observability.md). */
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

/**
 * Work an entry point adds once the database is migrated and the municipality configured, before
 * the service reports ready: the demo entry seeds the demo municipality here (scripts/demo.ts).
 */
export type Preparation = (db: Database, municipalityId: string, today: IsoDate) => Promise<unknown>;

export interface AppOptions {
  logger: Logger;
  /** The service's one clock (docs/architecture.md); tests pass a ManualClock. Default: the system's. */
  clock?: Clock;
  prepare?: Preparation;
  /** Awaited before the database is opened; lets a test observe the "starting" state. */
  startupGate?: Promise<void>;
  /**
   * The population register the nightly sync reads when none is configured (POPULATION_REGISTER_URL):
   * the demo entry passes the demo's own register (scripts/demo.ts).
   */
  register?: (db: Database, municipalityId: string) => Promise<RegisterListing | null>;
}

/** The register the nightly sync reads: the configured HTTP register, else the entry point's (the demo's), else none. */
function registerOf(config: AppConfig, options: AppOptions, db: Database, municipalityId: string): () => Promise<RegisterListing | null> {
  const configured = config.populationRegister;
  if (configured) {
    const listing = new HttpRegisterListing(configured);
    return async () => listing;
  }
  return async () => (options.register ? options.register(db, municipalityId) : null);
}

/**
 * The composition root: builds the database, the bot, the adapter and the HTTP server, and wires
 * them; nothing else constructs these. The server listens at once and answers /healthz with 503
 * until the database is migrated and ready.
 */
export async function startApp(config: AppConfig, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  let db: Database | undefined;
  let bot: FritidskortBot | undefined;
  let isReady = false;

  const server = restify.createServer({ name: "fritidskort", handleUncaughtExceptions: false });
  // This app's metrics (one registry per app), and each request's id in its response and every log line of its work.
  const metrics = new Metrics({ database: () => db });
  const requestContext = observeRequests(server, metrics);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Bodies are read into memory, only in the content types each route accepts (bot/request-body.ts).
  server.use(bodyParsing({ maxBytes: MAX_BODY_BYTES, accepts: (route) => (FORM_ROUTES.has(route) ? ["form"] : ["json"]) }));
  server.use(requestContext);

  handleErrorsAtTheEdge(server, logger);

  // Liveness: the process answers. Readiness (/readyz): started, and the database answers now.
  server.get("/healthz", async (_req, res) => {
    res.json(isReady ? 200 : 503, { status: isReady ? "ok" : "starting" });
  });
  server.get("/readyz", async (_req, res) => {
    if (!isReady || !db) return void res.json(503, { status: "starting" });
    const reachable = await databaseResponds(db, config.readiness.databaseTimeoutMs);
    res.header("cache-control", "no-store");
    res.json(reachable ? 200 : 503, reachable ? { status: "ready", database: "ok" } : { status: "unavailable", database: "unreachable" });
  });

  const adapter = new TeamsAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.bot.appId,
      MicrosoftAppPassword: config.bot.appPassword,
      // Without an app id (local development only; config refuses it in production) authentication
      // is off, which botbuilder allows only for the MultiTenant type.
      MicrosoftAppType: config.bot.appId ? config.bot.appType : "MultiTenant",
      MicrosoftAppTenantId: config.bot.tenantId,
    }),
  );
  const i18n = await createI18n(config.scheme.defaultLanguage as Language);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error({ error: errorForLog(error), channel: context.activity.channelId }, "turn failed");
    const language = bot ? await bot.languageOf(context).catch(() => config.scheme.defaultLanguage as Language) : (config.scheme.defaultLanguage as Language);
    await context.sendActivity(i18n.t(language)("error_generic")).catch(() => undefined);
    // Clear the broken conversation so the next message starts fresh.
    if (conversationState) await conversationState.delete(context).catch(() => undefined);
  };
  let conversationState: ConversationState | undefined;
  adapter.use(rememberTeamsConversations(() => db, clock, logger));

  const channels = registerChannels(server, { config, logger, clock, t: i18n.t, onTurnError: (context, error) => adapter.onTurnError(context, error), metrics });
  // The one staff session keeper (its key is per process in development without TOKEN_SECRET): the staff login issues sessions, the admin API and staff pages read them.
  const staffSessions = new StaffSessions(config, clock);
  const adminApi = registerLedgerRoutes(server, { config, logger, clock, sessions: staffSessions, notices: noticeText(i18n) });
  const approvalApi = registerApprovalRoutes(server, { config, logger, clock, text: noticeText(i18n), sessions: staffSessions });
  const payments: PaymentProvider = createPaymentProvider(config, clock);
  if (payments instanceof PaymentSimulator && config.env !== "production") {
    registerPaymentSimulatorRoutes(server, { simulator: payments, t: i18n.t, defaultLanguage: config.scheme.defaultLanguage as Language, clock, logger, db: () => (isReady ? db : undefined) });
  }
  let jobs: JobScheduler | undefined;
  const webhookSecret = config.payments.vippsWebhookSecret;
  if (webhookSecret) {
    registerVippsWebhookRoute(server, { secret: webhookSecret, host: new URL(config.publicBaseUrl).host, payments, clock, logger, db: () => (isReady ? db : undefined) });
  }
  const handOffNotices = { text: noticeText(i18n), municipalityName: config.scheme.municipalityName, inboxUrl: `${config.publicBaseUrl}/staff/` };
  registerStaffInboxRoutes(server, { sessions: staffSessions, clock, defaultLanguage: config.scheme.defaultLanguage as Language, catalogs: loadCatalogs(), notices: handOffNotices, db: () => (isReady ? db : undefined) });
  const privacyRoutes = registerPrivacyRoutes(server, {
    staffSessions,
    clock,
    logger,
    page: {
      municipalityName: config.scheme.municipalityName,
      defaultLanguage: config.scheme.defaultLanguage as Language,
      catalogs: loadCatalogs(),
      languageNames: Object.fromEntries(LANGUAGES.map((language) => [language, languageMeta(language).name])) as Record<Language, string>,
    },
  });

  let observedBot: { run(context: TurnContext): Promise<void> } | undefined;
  registerBotFrameworkRoute(server, { adapter, production: config.env === "production", logger, bot: () => (isReady ? observedBot : undefined) });
  registerMetricsRoute(server, { metrics, token: config.metricsToken });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const url = `http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, database: config.database.kind }, "listening");

  // The local stand-in for ID-porten; production links start an OpenID Connect login (docs/conversation.md).
  if (config.env !== "production") registerDevLoginRoutes(server, { db: () => db, t: i18n.t, defaultLanguage: config.scheme.defaultLanguage as Language, logger, clock });
  const idporten = config.idporten;
  if (idporten) registerIdPortenRoutes(server, { config: { ...config, idporten }, db: () => db, t: i18n.t, defaultLanguage: config.scheme.defaultLanguage as Language, logger, clock });
  const loginPath = idporten ? IDPORTEN_PATH : DEV_LOGIN_PATH;
  // Staff log in with the municipality's Entra ID (npm start: a local provider; docs/staff.md).
  const staffOidc = config.staffOidc;
  if (staffOidc) registerStaffLoginRoutes(server, { config: { ...config, staffOidc }, sessions: staffSessions, db: () => (isReady ? db : undefined), t: i18n.t, defaultLanguage: config.scheme.defaultLanguage as Language, logger, clock });

  const ready = (async () => {
    await options.startupGate;
    db = await openDatabase(config.database.kind === "postgresql" ? config.database : { kind: "pglite", dataDir: config.database.dataDir });
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
    const { municipality } = await configureMunicipality(db, config.scheme, clock.now());
    await options.prepare?.(db, municipality.id, today(clock, config.scheme.timeZone));
    const storage = new DatabaseStorage(db, clock);
    conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    bot = new FritidskortBot({
      conversationState,
      userState,
      t: i18n.t,
      scheme: config.scheme,
      db,
      nlu: trainedNlu(metrics),
      municipalityId: municipality.id,
      clock,
      payments,
      publicBaseUrl: config.publicBaseUrl,
      identityChannel: (context) => {
        if (context.adapter === channels.smsAdapter) return "SMS";
        if (context.adapter === channels.directLineAdapter) return "WEBCHAT";
        if (context.adapter === adapter) return botFrameworkChannel(context.activity.channelId, config.env === "production");
        return undefined;
      },
      loginUrl: (token) => `${config.publicBaseUrl}${loginPath}?token=${encodeURIComponent(token)}`,
      handOff: { staffedHours: config.handOff.staffedHours, inboxUrl: handOffNotices.inboxUrl },
      topUps: config.topUps,
    });
    observedBot = observeTurns(bot, metrics, logger);
    const states = [conversationState, userState];
    const stateKeys = (activity: Partial<Activity>) => states.map((state) => state.getStorageKey({ activity } as TurnContext)!);
    channels.start({ db, bot: observedBot, stateKeys, municipalityId: municipality.id, teams: new TeamsTransport(adapter, config.bot.appId ?? "", db) });
    adminApi.start({ db, municipalityId: municipality.id });
    approvalApi.start({ db, municipalityId: municipality.id });
    jobs = new JobScheduler({
      db,
      clock,
      logger,
      metrics,
      timeZone: config.scheme.timeZone,
      jobs: jobCalendar({
        db,
        config,
        municipalityId: municipality.id,
        payments,
        text: noticeText(i18n),
        register: registerOf(config, options, db, municipality.id),
        handOffNotices,
      }),
    });
    if (config.jobs.enabled) jobs.start();
    privacyRoutes.start(db);
    isReady = true;
    logger.info("ready");
  })();

  return {
    server,
    url,
    ready,
    get db() {
      return db;
    },
    channels,
    payments,
    get jobs() {
      return jobs;
    },
    metrics,
    async stop() {
      isReady = false;
      await jobs?.stop();
      privacyRoutes.stop();
      adminApi.stop();
      approvalApi.stop();
      await channels.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ready.catch(() => undefined);
      await db?.close();
    },
  };
}
