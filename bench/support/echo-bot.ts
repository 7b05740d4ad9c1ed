/**
 * The baseline of the turns and webchat benchmarks: the smallest botbuilder bot on restify, as the
 * Bot Framework samples write it: a `CloudAdapter` with no credentials, an `ActivityHandler` that
 * echoes the text. Driven with `deliveryMode: "expectReplies"`, so its answer comes back in the HTTP
 * response as the SMS webhook's TwiML does. Runs as its own process, as the service does (built, with
 * production's node options: bench/support/service-process.ts): `node dist/bench/support/echo-bot.js
 * <port>`; prints "listening <url>" when ready.
 */
import restify from "restify";
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";

const port = Number(process.argv[2] ?? 0);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ""}`);
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post("/api/messages", async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(port, "127.0.0.1", () => console.log(`listening ${server.url}`));
