import { randomBytes } from "node:crypto";
import type { Activity, TurnContext } from "botbuilder";
import type restify from "restify";
import { z } from "zod";
import type { Clock } from "../../../services/clock.ts";
import type { Logger } from "../../../services/logger.ts";
import type { KeyedLock } from "../keyed-lock.ts";
import { activityId, type DirectLineConversationStore, type StoredActivity } from "../../../services/directline/conversation-store.ts";
import { WEBCHAT_CHANNEL_ID, type DirectLineAdapter } from "./directline-adapter.ts";
import { isSecret, type DirectLineTokenClaims, type DirectLineTokens } from "./tokens.ts";

export const DIRECT_LINE_BASE = "/v3/directline";

export interface DirectLineRouteDependencies {
  production: boolean;
  secret: string | undefined;
  /** A posted activity's JSON may be at most this long (413). */
  maxActivityBytes: number;
  /** A GET of activities stops adding activities at this size; the client pages on by watermark. */
  maxResponseBytes: number;
  tokens: DirectLineTokens;
  adapter: DirectLineAdapter;
  lock: KeyedLock;
  logger: Logger;
  /** Activities are stamped with its time. */
  clock: Clock;
  /** The store and the bot once the database is ready; undefined while starting. */
  runtime: () => Runtime | undefined;
}

type Runtime = { store: DirectLineConversationStore; bot: { run(context: TurnContext): Promise<void> } };

/** A call into one conversation that passed the checks: its caller, the ready service, the conversation. */
interface ConversationCall {
  principal: Principal;
  runtime: Runtime;
  conversationId: string;
}

type Principal = { kind: "secret" } | { kind: "token"; claims: DirectLineTokenClaims; token: string };

const UserSchema = z.object({ id: z.string().min(1).max(128).optional(), name: z.string().max(100).optional() });
const GenerateSchema = z.object({ user: UserSchema.optional() }).optional();
const StartSchema = z.object({ user: UserSchema.optional(), locale: z.string().max(35).optional() }).optional();
const PostedActivitySchema = z.object({
  type: z.enum(["message", "event", "typing"], { message: "must be message, event or typing" }),
  text: z.string().max(4000, "must be at most 4000 characters").optional(),
  textFormat: z.enum(["plain", "markdown", "xml"]).optional(),
  locale: z.string().max(35).optional(),
  name: z.string().max(200).optional(),
  value: z.unknown().optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  attachments: z.array(z.object({ contentType: z.string(), contentUrl: z.string().optional(), content: z.unknown().optional(), name: z.string().optional() })).max(10).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  from: z.object({ id: z.string().max(128).optional(), name: z.string().max(100).optional() }).optional(),
  localTimestamp: z.string().max(40).optional(),
  localTimezone: z.string().max(60).optional(),
});
const WatermarkSchema = z
  .string()
  .regex(/^(-|\d{0,9})$/, "must be a watermark returned by this server")
  .transform((value) => (value === "" || value === "-" ? 0 : Number(value)));

/** Direct Line's error body: `{ error: { code, message } }`. */
function fail(res: restify.Response, status: number, code: string, message: string): void {
  res.json(status, { error: { code, message } });
}

const newConversationId = () => randomBytes(18).toString("base64url");
const newUserId = () => `dl_${randomBytes(12).toString("base64url")}`;

/**
 * The subset of Direct Line 3.0 that Web Chat and botframework-directlinejs use: tokens
 * (generate, refresh), start and reconnect a conversation, post an activity, get activities by
 * watermark; the WebSocket stream is in directline-stream.ts. Not served: attachment upload,
 * session/getsessionid, and the Direct Line App Service extension's streaming protocol.
 */
export function registerDirectLineRoutes(server: restify.Server, deps: DirectLineRouteDependencies, streamUrlFor: (req: restify.Request, conversationId: string, token: string) => string): void {
  const { tokens } = deps;

  /** The caller's secret or token; answers 401/403 and returns undefined if neither is valid. */
  function authenticate(req: restify.Request, res: restify.Response): Principal | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(req.header("authorization") ?? "");
    if (!match) {
      fail(res, 401, "MissingAuthorization", "send Authorization: Bearer <secret or token>");
      return undefined;
    }
    const presented = match[1]!;
    if (isSecret(presented, deps.secret)) return { kind: "secret" };
    const claims = tokens.verify(presented);
    if (!claims) {
      fail(res, 403, "TokenExpired", "the token is invalid or has expired");
      return undefined;
    }
    return { kind: "token", claims, token: presented };
  }

  /** The principal may use this conversation: the secret any, a token only its own. */
  function mayUse(principal: Principal, conversationId: string, res: restify.Response): boolean {
    if (principal.kind === "secret" || principal.claims.conv === conversationId) return true;
    fail(res, 403, "Forbidden", "this token belongs to another conversation");
    return false;
  }

  function ready(res: restify.Response): Runtime | undefined {
    const runtime = deps.runtime();
    if (!runtime) fail(res, 503, "ServiceUnavailable", "the service is starting");
    return runtime;
  }

  /** A conversation's route: the caller is authenticated, may use this conversation, and the service is ready. */
  const inConversation = (handler: (req: restify.Request, res: restify.Response, call: ConversationCall) => Promise<void>) => async (req: restify.Request, res: restify.Response) => {
    const conversationId = String(req.params.conversationId);
    const principal = authenticate(req, res);
    if (!principal || !mayUse(principal, conversationId, res)) return;
    const runtime = ready(res);
    if (!runtime) return;
    await handler(req, res, { principal, runtime, conversationId });
  };

  function parseBody<T extends z.ZodType>(schema: T, req: restify.Request, res: restify.Response): { ok: true; value: z.infer<T> } | { ok: false } {
    const body = req.body === undefined || req.body === "" ? undefined : req.body;
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0]!;
    fail(res, 400, "BadArgument", `${issue.path.join(".") || "body"} ${issue.message}`);
    return { ok: false };
  }

  /** Runs the bot's turn for an activity of this conversation, one turn at a time per conversation. */
  async function runTurn(activity: Partial<Activity>, bot: { run(context: TurnContext): Promise<void> }) {
    await deps.lock.run(activity.conversation!.id, () => deps.adapter.processActivity(activity, (context) => bot.run(context)));
  }

  function userAccount(id: string, name?: string) {
    return { id, ...(name ? { name } : {}), role: "user" } as Activity["from"];
  }

  /** Starts a conversation: the bot hears the user join (its welcome), once. */
  async function start(conversationId: string, userId: string, locale: string | undefined, runtime: Runtime): Promise<boolean> {
    const created = await runtime.store.create(conversationId, userId, deps.clock.now());
    if (created) {
      await runTurn(
        {
          type: "conversationUpdate",
          id: `${conversationId}|start`,
          channelId: WEBCHAT_CHANNEL_ID,
          serviceUrl: DIRECT_LINE_BASE,
          conversation: { id: conversationId } as Activity["conversation"],
          from: userAccount(userId),
          recipient: deps.adapter.bot,
          membersAdded: [userAccount(userId)],
          timestamp: deps.clock.now(),
          ...(locale ? { locale } : {}),
        },
        runtime.bot,
      );
    }
    return created;
  }

  server.post(`${DIRECT_LINE_BASE}/tokens/generate`, async (req, res) => {
    let principal: Principal | undefined;
    if (deps.production || req.header("authorization")) {
      principal = authenticate(req, res);
      if (!principal) return;
      if (principal.kind !== "secret") return fail(res, 403, "Forbidden", "tokens are generated with the Direct Line secret");
    }
    const body = parseBody(GenerateSchema, req, res);
    if (!body.ok) return;
    // Only the secret's holder (the municipality's web server) may choose who the user is.
    if (body.value?.user?.id && principal?.kind !== "secret") return fail(res, 403, "Forbidden", "a user id can only be set with the Direct Line secret");
    const conversationId = newConversationId();
    const userId = body.value?.user?.id ?? newUserId();
    res.json(200, { conversationId, ...tokens.issue(conversationId, userId) });
  });

  server.post(`${DIRECT_LINE_BASE}/tokens/refresh`, async (req, res) => {
    const principal = authenticate(req, res);
    if (!principal) return;
    if (principal.kind !== "token") return fail(res, 400, "BadArgument", "refresh needs a token, not the secret");
    const { conv, user } = principal.claims;
    res.json(200, { conversationId: conv, ...tokens.issue(conv, user) });
  });

  server.post(`${DIRECT_LINE_BASE}/conversations`, async (req, res) => {
    const principal = authenticate(req, res);
    if (!principal) return;
    const runtime = ready(res);
    if (!runtime) return;
    const body = parseBody(StartSchema, req, res);
    if (!body.ok) return;
    const locale = body.value?.locale;
    if (principal.kind === "token") {
      const { conv, user } = principal.claims;
      const created = await start(conv, user, locale, runtime);
      res.json(created ? 201 : 200, { conversationId: conv, token: principal.token, expires_in: tokens.secondsLeft(principal.claims), streamUrl: streamUrlFor(req, conv, principal.token) });
      return;
    }
    const conversationId = newConversationId();
    const userId = body.value?.user?.id ?? newUserId();
    await start(conversationId, userId, locale, runtime);
    const issued = tokens.issue(conversationId, userId);
    res.json(201, { conversationId, ...issued, streamUrl: streamUrlFor(req, conversationId, issued.token) });
  });

  // Reconnect: a fresh stream URL (and, for a token, the same token) for an existing conversation.
  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId`, inConversation(async (req, res, { principal, runtime, conversationId }) => {
    const conversation = await runtime.store.find(conversationId);
    if (!conversation) return fail(res, 404, "NotFound", "no such conversation");
    const token = principal.kind === "token" ? { token: principal.token, expires_in: tokens.secondsLeft(principal.claims) } : tokens.issue(conversationId, conversation.userId ?? newUserId());
    res.json(200, { conversationId, ...token, streamUrl: streamUrlFor(req, conversationId, token.token) });
  }));

  server.post(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, inConversation(async (req, res, { principal, runtime, conversationId }) => {
    const parsed = parseBody(PostedActivitySchema, req, res);
    if (!parsed.ok) return;
    const posted = parsed.value;
    if (Buffer.byteLength(JSON.stringify(posted)) > deps.maxActivityBytes) return fail(res, 413, "PayloadTooLarge", `an activity may be at most ${deps.maxActivityBytes} bytes of JSON`);
    let conversation = await runtime.store.find(conversationId);
    if (!conversation && principal.kind === "token") {
      // A token from tokens/generate may post before (or without) starting the conversation.
      await start(conversationId, principal.claims.user, posted.locale, runtime);
      conversation = await runtime.store.find(conversationId);
    }
    if (!conversation) return fail(res, 404, "NotFound", "no such conversation");
    // The token says who the user is; a client cannot post as someone else (or as the bot).
    const userId = principal.kind === "token" ? principal.claims.user : (posted.from?.id ?? conversation.userId ?? newUserId());
    if (posted.type === "typing") {
      res.json(200, { id: "" });
      return;
    }
    const { from, ...rest } = posted;
    const now = deps.clock.now();
    const activity: StoredActivity = {
      ...rest,
      channelId: WEBCHAT_CHANNEL_ID,
      conversation: { id: conversationId } as Activity["conversation"],
      from: userAccount(userId, from?.name),
      recipient: deps.adapter.bot,
      timestamp: now,
    };
    const seq = await runtime.store.append(conversationId, activity, now);
    const id = activityId(conversationId, seq);
    deps.adapter.appended(conversationId);
    await runTurn({ ...activity, id, serviceUrl: DIRECT_LINE_BASE } as Partial<Activity>, runtime.bot);
    res.json(200, { id });
  }));

  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, inConversation(async (req, res, { runtime, conversationId }) => {
    const watermark = WatermarkSchema.safeParse(typeof req.query?.watermark === "string" ? req.query.watermark : "");
    if (!watermark.success) return fail(res, 400, "BadArgument", `watermark ${watermark.error.issues[0]!.message}`);
    if (!(await runtime.store.find(conversationId))) return fail(res, 404, "NotFound", "no such conversation");
    const page = await runtime.store.after(conversationId, watermark.data, { maxBytes: deps.maxResponseBytes });
    res.json(200, { activities: page.activities, watermark: String(page.watermark) });
  }));

  // A 4xx, not 501: the request is one this service refuses, not a server fault (a 5xx pages the operator).
  server.post(`${DIRECT_LINE_BASE}/conversations/:conversationId/upload`, async (_req, res) => {
    fail(res, 405, "NotImplemented", "attachment upload is not offered by this service");
  });
}
