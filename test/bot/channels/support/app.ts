import type { Activity, TurnContext } from "botbuilder";
import { afterAll, beforeAll } from "vitest";
import { startApp, type App, type Preparation } from "../../../../bot/app.ts";
import type { ManualClock } from "../../../../services/clock.ts";
import { loadConfig, type AppConfig } from "../../../../services/config.ts";
import { createLogger, type Logger } from "../../../../services/logger.ts";
import { createTestDatabaseTarget } from "../../../support/database.ts";
import { testClock } from "../../../support/clock.ts";

export const logger = createLogger("silent");

/**
 * The whole service on this test file's own database, as app.test.ts starts it; `prepare` as an
 * entry point passes it (the demo seed, for a test that needs the demo's people). A restart's
 * `configure` may adjust the parsed configuration (e.g. run it as production) the way the
 * environment would. `clock` is the app's clock (the same one across a restart), for a test to move.
 */
export function useApp(env: Record<string, string> = {}, options: { prepare?: Preparation; logger?: Logger; configure?: (config: AppConfig) => AppConfig } = {}) {
  const configure = options.configure ?? ((config: AppConfig) => config);
  // The service's clock, for a test to move (token expiry, rate windows, idle conversations).
  const clock = testClock();
  const holder = { clock } as { app: App; config: AppConfig; clock: ManualClock; restart(env?: Record<string, string>, configure?: (config: AppConfig) => AppConfig): Promise<App> };
  let target: Awaited<ReturnType<typeof createTestDatabaseTarget>>;

  async function start(moreEnv: Record<string, string>, adjust: (config: AppConfig) => AppConfig) {
    const config = adjust({ ...loadConfig({ PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "test", SEED_DEMO: "false", ...moreEnv }), database: target.target });
    const app = await startApp(config, { logger: options.logger ?? logger, clock, ...(options.prepare ? { prepare: options.prepare } : {}) });
    await app.ready;
    holder.app = app;
    holder.config = config;
    return app;
  }

  holder.restart = async (moreEnv = env, adjust = configure) => {
    await holder.app?.stop();
    return start(moreEnv, adjust);
  };

  // A fresh data folder: initdb, migrations (and the demo seed, if asked) take seconds on a loaded machine.
  beforeAll(async () => {
    target = await createTestDatabaseTarget();
    await start(env, configure);
  }, 120_000);
  afterAll(async () => {
    await holder.app?.stop();
    await target?.dispose();
  });
  return holder;
}

/** Waits until `check` holds (polling), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Records what the bot sends in each turn an adapter runs (by the incoming activity's id), so a
 * test can check the channel delivered exactly that without knowing the bot's words.
 */
export function recordBotReplies(adapter: { use(middleware: { onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> }): unknown }) {
  const byActivity = new Map<string, Partial<Activity>[]>();
  adapter.use({
    async onTurn(context, next) {
      const id = context.activity.id ?? "";
      byActivity.set(id, []);
      context.onSendActivities(async (_context, activities, send) => {
        byActivity.get(id)!.push(...activities.filter((activity) => activity.type === "message"));
        return send();
      });
      await next();
    },
  });
  return byActivity;
}
