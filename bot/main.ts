import { existsSync } from "node:fs";
import { ConfigError, loadConfig, type AppConfig } from "../services/config.ts";
import { createLogger, logFormatFor, type Logger } from "../services/logger.ts";
import { DatabaseUnavailableError } from "../services/db/database.ts";
import { startApp, type AppOptions, type Preparation } from "./app.ts";

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/**
 * Runs the service as a process: configuration from the environment (and .env, if there is one),
 * then the whole service on the embedded database unless DATABASE_URL names a PostgreSQL server;
 * a bad setting or an unreachable database stops it with one line. An entry point may add a
 * preparation once the configuration is known (scripts/demo.ts seeds the demo municipality).
 */
export async function runService(
  preparation: (config: AppConfig, logger: Logger) => Preparation | undefined = () => undefined,
  more: Partial<Pick<AppOptions, "register">> = {},
  entry: { prettyOnTerminal?: boolean } = {},
): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems.map((problem) => `Configuration error: ${problem}`).join("\n"));
    throw error;
  }

  // LOG_FORMAT decides; unset, readable lines only where the entry asks for them (npm start) and a person watches (a terminal).
  const logger = createLogger(config.logLevel, undefined, { format: logFormatFor(config.logFormat, entry, process.stdout.isTTY === true) });
  try {
    const prepare = preparation(config, logger);
    const app = await startApp(config, { logger, ...more, ...(prepare ? { prepare } : {}) });
    const shutdown = async (signal: string) => {
      logger.info({ signal }, "stopping");
      await app.stop();
      process.exit(0);
    };
    process.once("SIGINT", () => void shutdown("SIGINT"));
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    await app.ready.catch(async (error: unknown) => {
      await app.stop().catch(() => undefined);
      throw error;
    });
    logger.info({ url: app.url }, "Fritidskort chat service is up");
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) fail(`Database error: ${error.message}`);
    if ((error as NodeJS.ErrnoException)?.code === "EADDRINUSE") fail(`Server error: port ${config.port} is already in use (set PORT)`);
    fail(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
