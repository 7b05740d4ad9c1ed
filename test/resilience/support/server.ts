import { appendFileSync } from "node:fs";
import { startApp } from "../../../bot/app.ts";
import { loadConfig } from "../../../services/config.ts";
import { createLogger } from "../../../services/logger.ts";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";

/**
 * One server process of the resilience suite (run with tsx as a child of the test): the whole
 * service from the environment (DATABASE_URL, PORT, TWILIO_*), seeded with the demo municipality
 * once. Two things only a test needs:
 * - The demo's phones (+47 9999 xxxx) are never sent through a real gateway, so after the seed they
 *   are renumbered to +47 9199 xxxx, and Twilio's REST API (api.twilio.com) is pointed at the
 *   test's fake Twilio at FAKE_TWILIO_URL (the network edge; no interceptor on the process's sockets).
 * - TURN_LOG: a line per SMS turn's start and end (its MessageSid), appended synchronously, so a
 *   `kill -9` loses none; the test counts turns per message from it.
 * - TURN_END_PAUSE_MS: a pause after a turn's end before its webhook answers (the crash test's kill
 *   then often lands between the two).
 */
const fakeTwilio = process.env.FAKE_TWILIO_URL;
if (fakeTwilio) {
  // The Twilio client's one HTTP entry: every REST call goes to the fake instead of api.twilio.com.
  const RequestClient = (await import("twilio/lib/base/RequestClient.js")).default as unknown as { prototype: { request(opts: { uri: string }): Promise<unknown> } };
  const request = RequestClient.prototype.request;
  RequestClient.prototype.request = function (opts) {
    return request.call(this, { ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, fakeTwilio) });
  };
}

const turnLog = process.env.TURN_LOG;
const turnEndPauseMs = Number(process.env.TURN_END_PAUSE_MS ?? 0);
const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);
const app = await startApp(config, {
  logger,
  prepare: async (db, municipalityId, today) => {
    await seedDemoOnce(db, municipalityId, today);
    await db.sql(`UPDATE "ChannelIdentity" SET address = '+479199' || substr(address, 8) WHERE channel = 'SMS' AND address LIKE '+479999%'`);
  },
});
if (turnLog) {
  app.channels.smsAdapter.use({
    onTurn: async (context, next) => {
      appendFileSync(turnLog, `start ${context.activity.id} ${process.pid}\n`);
      await next();
      appendFileSync(turnLog, `end ${context.activity.id} ${process.pid}\n`);
      // Widens the moment between a turn's end and its webhook's answer, so a kill lands in it.
      if (turnEndPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, turnEndPauseMs));
    },
  });
}
const stop = async () => {
  await app.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
await app.ready;
