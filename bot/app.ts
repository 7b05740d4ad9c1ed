import { systemClock } from "../services/clock.ts";
import restify from "restify";
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type TurnContext,
} from "botbuilder";
import type { AppConfig } from "../services/config.ts";
import { openDatabase, type Database } from "../services/db/database.ts";
import { migrate } from "../services/db/migrate.ts";
import { configureMunicipality } from "../services/municipality.ts";
import { todayIn, type IsoDate } from "../services/dates.ts";
import type { Logger } from "../services/logger.ts";
import type { Language } from "../services/languages.ts";
import { createI18n } from "../locales/i18n.ts";
import { seedDemoOnce } from "../prisma/seed/index.ts";
import { DatabaseStorage } from "./database-storage.ts";
import { FritidskortBot } from "./fritidskort-bot.ts";
import { createNlu, type Nlu } from "../services/nlu/index.ts";
import { DEV_LOGIN_PATH, registerDevLoginRoutes } from "./dev-login-routes.ts";
import { registerChannels, type Channels } from "./channels/index.ts";
import { registerLedgerRoutes, type LedgerEdge } from "./ledger-routes.ts";

/** One trained NLU per process (a restarted app reuses it). */
let nluTraining: ReturnType<typeof createNlu> | undefined;

/**
 * The NLU trains in 2–3 s (longer on a busy machine). Training starts once the database is ready
 * and does not hold up readiness: the first message waits for it instead.
 */
function trainedNlu(): Nlu {
  const training = (nluTraining ??= createNlu());
  return { understand: async (text, context) => (await training).understand(text, context) };
}

export interface App {
  server: restify.Server;
  /** http://host:port the server listens on. */
  url: string;
  /** Resolves when the database is migrated, configured and seeded; rejects if that fails. */
  ready: Promise<void>;
  readonly db: Database | undefined;
  /** SMS, Direct Line (web chat) and the pages: bot/channels/. */
  readonly channels: Channels;
  /** The admin API, the payment provider and the ledger's jobs: bot/ledger-routes.ts. */
  readonly ledger: LedgerEdge;
  stop(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** Today's date in the municipality; tests pass a fixed day. */
  today?: () => IsoDate;
  /** Awaited before the database is opened; lets a test observe the "starting" state. */
  startupGate?: Promise<void>;
}

/**
 * The composition root: builds the database, the bot, the adapter and the HTTP server, and wires
 * them; nothing else constructs these. The server listens at once and answers /healthz with 503
 * until the database is migrated and ready.
 */
export async function startApp(config: AppConfig, options: AppOptions): Promise<App> {
  const { logger } = options;
  const today = options.today ?? (() => todayIn(config.scheme.timeZone, systemClock.now()));
  // Until startApp takes a Clock: a test's fixed day at noon UTC.
  const clock = options.today ? { now: () => new Date(`${today()}T12:00:00Z`) } : systemClock;
  let db: Database | undefined;
  let bot: FritidskortBot | undefined;
  let isReady = false;

  const server = restify.createServer({ name: "fritidskort", handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));

  server.get("/healthz", async (_req, res) => {
    res.json(isReady ? 200 : 503, { status: isReady ? "ok" : "starting" });
  });

  const adapter = new CloudAdapter(
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
    logger.error({ err: error, channel: context.activity.channelId }, "turn failed");
    const language = bot ? await bot.languageOf(context).catch(() => config.scheme.defaultLanguage as Language) : (config.scheme.defaultLanguage as Language);
    await context.sendActivity(i18n.t(language)("error_generic")).catch(() => undefined);
    // Clear the broken conversation so the next message starts fresh.
    if (conversationState) await conversationState.delete(context).catch(() => undefined);
  };
  let conversationState: ConversationState | undefined;

  const channels = registerChannels(server, { config, logger, t: i18n.t, onTurnError: (context, error) => adapter.onTurnError(context, error) });
  const ledger = registerLedgerRoutes(server, { config, logger, t: i18n.t, today });

  server.post("/api/messages", async (req, res) => {
    if (!isReady || !bot) {
      res.json(503, { error: "starting" });
      return;
    }
    const handler = bot;
    await adapter.process(req, res, (context) => handler.run(context));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const url = `http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, database: config.database.kind }, "listening");

  // The local stand-in for ID-porten; production links start an OpenID Connect login (docs/conversation.md).
  if (config.env !== "production") registerDevLoginRoutes(server, { db: () => db, t: i18n.t, defaultLanguage: config.scheme.defaultLanguage as Language, logger });
  const loginPath = config.env === "production" ? "/auth/idporten" : DEV_LOGIN_PATH;

  const ready = (async () => {
    await options.startupGate;
    db = await openDatabase(config.database.kind === "postgresql" ? config.database : { kind: "pglite", dataDir: config.database.dataDir });
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
    const { municipality } = await configureMunicipality(db, config.scheme, clock.now());
    if (config.seedDemo) {
      const { seeded } = await seedDemoOnce(db, municipality.id, today());
      if (seeded) logger.info("demo municipality seeded");
    }
    const storage = new DatabaseStorage(db.prisma);
    conversationState = new ConversationState(storage);
    bot = new FritidskortBot({
      conversationState,
      userState: new UserState(storage),
      t: i18n.t,
      scheme: config.scheme,
      db,
      nlu: trainedNlu(),
      municipalityId: municipality.id,
      clock,
      payments: ledger.payments,
      publicBaseUrl: config.publicBaseUrl,
      loginUrl: (token) => `${config.publicBaseUrl}${loginPath}?token=${encodeURIComponent(token)}`,
    });
    channels.start({ db, bot });
    ledger.start({ db, municipalityId: municipality.id });
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
    ledger,
    async stop() {
      isReady = false;
      ledger.stop();
      await channels.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ready.catch(() => undefined);
      await db?.close();
    },
  };
}
