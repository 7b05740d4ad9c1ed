import type { TurnContext } from "botbuilder";
import type restify from "restify";
import { observe } from "../services/observability/context.ts";
import type { Logger } from "../services/logger.ts";
import { channelLabel, type ChannelLabel, type Metrics } from "../services/observability/metrics.ts";
import { BOT_FRAMEWORK_PATH } from "./bot-framework-route.ts";
import { DIRECT_LINE_BASE } from "./channels/directline/directline-routes.ts";
import { SMS_WEBHOOK_PATH } from "./channels/sms/sms-webhook.ts";

/** The response header that carries a request's id (the one its log lines carry as `requestId`). */
export const REQUEST_ID_HEADER = "x-request-id";

/** The routes a channel's messages arrive on: their requests are timed per channel. */
const CHANNEL_ROUTES: Record<string, ChannelLabel> = {
  [`POST ${SMS_WEBHOOK_PATH}`]: "sms",
  [`POST ${DIRECT_LINE_BASE}/conversations/:conversationId/activities`]: "webchat",
  [`POST ${BOT_FRAMEWORK_PATH}`]: "teams",
};

/**
 * Each request's id (restify's, a random UUID; the 500 answer quotes it too, bot/http-errors.ts):
 * sent back in X-Request-Id from the first moment, and carried (AsyncLocalStorage) through the
 * request's work, so every log line written for it has `requestId` (services/logger.ts). A client's
 * own X-Request-Id is not taken: a log line's id is always ours.
 *
 * Returns the handler that enters the request's context; the app `use`s it after the body is read
 * (the body arrives in stream events, which do not carry a context).
 * Also times the channels' inbound requests (fritidskort_channel_request_duration_seconds).
 */
export function observeRequests(server: restify.Server, metrics: Metrics): restify.RequestHandler {
  const arrived = new WeakMap<restify.Request, number>();
  server.pre((req, res, next) => {
    arrived.set(req, performance.now());
    res.header(REQUEST_ID_HEADER, req.getId());
    return next();
  });
  server.on("after", (req: restify.Request, res: restify.Response) => {
    const started = arrived.get(req);
    const route = req.getRoute();
    const channel = route ? CHANNEL_ROUTES[`${req.method} ${String(route.path)}`] : undefined;
    if (channel && started !== undefined) metrics.channelRequest(channel, res.statusCode, (performance.now() - started) / 1000);
  });
  return (req, _res, next) => observe({ requestId: req.getId(), metrics }, () => next());
}

/**
 * The bot as the channels run it: each turn counted and timed per channel (fritidskort_turn_*), and
 * a debug line per turn (LOG_LEVEL=debug; at info pino skips it without formatting anything).
 */
export function observeTurns(bot: { run(context: TurnContext): Promise<void> }, metrics: Metrics, logger: Logger): { run(context: TurnContext): Promise<void> } {
  return {
    async run(context) {
      const started = performance.now();
      try {
        await bot.run(context);
      } finally {
        const ms = performance.now() - started;
        metrics.turn(context.activity.channelId, ms / 1000);
        logger.debug({ channel: channelLabel(context.activity.channelId), type: context.activity.type, ms: Math.round(ms * 10) / 10 }, "turn ended");
      }
    },
  };
}
