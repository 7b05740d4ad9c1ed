import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from "botbuilder";
import type restify from "restify";
import type { ChannelKind } from "../services/identity.ts";
import type { Logger } from "../services/logger.ts";

export const BOT_FRAMEWORK_PATH = "/api/messages";

/**
 * The Bot Framework channels /api/messages serves and the identity table each resolves in: Teams,
 * and the Bot Framework Emulator in development (as a Teams-kind identity, since development
 * accepts unauthenticated msteams activities anyway). SMS and web chat arrive through adapters of
 * our own, which establish who is writing; an activity here saying `channelId: "sms"` must never
 * reach an SMS identity.
 */
export function botFrameworkChannel(channelId: unknown, production: boolean): ChannelKind | undefined {
  if (channelId === "msteams") return "TEAMS";
  if (channelId === "emulator" && !production) return "TEAMS";
  return undefined;
}

/**
 * botbuilder's CloudAdapter, with its authenticate-and-run step open to our route (its `process`
 * prints every refused request's stack to console.error, past the redacting logger, and answers
 * errors with their text).
 */
export class TeamsAdapter extends CloudAdapter {
  async authenticateAndRun(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * POST /api/messages: botbuilder's CloudAdapter authenticates the request and runs the turn;
 * refusals are logged through our logger and answered without internals.
 */
export function registerBotFrameworkRoute(
  server: restify.Server,
  deps: {
    adapter: TeamsAdapter;
    production: boolean;
    logger: Logger;
    /** The bot once the service is ready; undefined while starting. */
    bot: () => { run(context: TurnContext): Promise<void> } | undefined;
  },
): void {
  server.post(BOT_FRAMEWORK_PATH, async (req, res) => {
    const bot = deps.bot();
    if (!bot) return void res.json(503, { error: "starting" });
    const activity = req.body as Partial<Activity> | undefined;
    if (typeof activity !== "object" || activity === null || Array.isArray(activity) || typeof activity.type !== "string") {
      return void res.json(400, { error: "INVALID_REQUEST", message: "the body must be a Bot Framework activity with a type" });
    }
    if (!botFrameworkChannel(activity.channelId, deps.production)) {
      deps.logger.warn({ channelId: String(activity.channelId).slice(0, 40) }, "bot framework activity refused: channel not served at /api/messages");
      return void res.json(403, { error: "FORBIDDEN", message: `channel ${JSON.stringify(activity.channelId ?? null)} is not served here; /api/messages serves Microsoft Teams` });
    }
    let answer;
    try {
      answer = await deps.adapter.authenticateAndRun(req.header("authorization") ?? "", activity as Activity, (context) => bot.run(context));
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 401 || status === 403) {
        deps.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "bot framework request refused: authentication");
        return void res.json(401, { error: "UNAUTHORIZED", message: "the request's Bot Framework authentication is missing or invalid" });
      }
      throw error; // the edge's error handler: a generic answer, the details in the log
    }
    if (answer?.body !== undefined) res.json(answer.status ?? 200, answer.body);
    else res.send(answer?.status ?? 200);
  });
}
