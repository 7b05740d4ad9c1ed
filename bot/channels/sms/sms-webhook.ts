import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Activity, TurnContext } from "botbuilder";
import type { TFunction } from "i18next";
import type restify from "restify";
import twilio from "twilio";
import { z } from "zod";
import type { Clock } from "../../../services/clock.ts";
import type { Database } from "../../../services/db/database.ts";
import { isLanguage, type Language } from "../../../services/languages.ts";
import type { Logger } from "../../../services/logger.ts";
import { E164 } from "../../../services/outbox/enqueue-message.ts";
import { claimInbound, completeInbound, heartbeatInbound, releaseInbound, type InboundClaim } from "../../../services/sms/inbound-messages.ts";
import { allowanceOf, type SenderThrottle } from "../../../services/sms/sender-throttle.ts";
import { optInSms, optOutSms } from "../../../services/sms/sms-identities.ts";
import { resolveChannelIdentity, type ResolvedIdentity } from "../../../services/identity.ts";
import { handIdentityToTurn } from "../turn-identity.ts";
import { runCompletingClaim, type PendingCompletion } from "../turn-completion.ts";
import { runWithPrefetchedStates } from "../prefetched-states.ts";
import { openSmsTurn, type OpenedSmsTurn } from "../../../services/sms/open-sms-turn.ts";
import { prepareSms } from "../../../services/sms/sms-text.ts";
import type { KeyedLock } from "../keyed-lock.ts";
import { keywordLanguage, smsKeyword } from "./keywords.ts";
import type { SmsAdapter } from "./sms-adapter.ts";
import { fromLoopback } from "../../loopback.ts";

export const SMS_WEBHOOK_PATH = "/api/sms";
export const SMS_CHANNEL_ID = "sms";

/**
 * The process running a turn renews its claim's heartbeat this often; a claim not renewed for
 * INBOUND_STALE_AFTER_MS (three missed beats: a GC pause or a slow query is not a death) belongs
 * to a process that died, and the next delivery takes it over.
 */
export const INBOUND_HEARTBEAT_MS = 2_000;
export const INBOUND_STALE_AFTER_MS = 6_000;
/** How often a delivery that found a live claim looks again (answered, released or stale). */
const INBOUND_POLL_MS = 200;
/** A turn started by a takeover late in the wait still gets this long before later replies go through the outbox. */
const MIN_TURN_MS = 1_000;

export interface SmsWebhookDependencies {
  /** PUBLIC_BASE_URL: the URL Twilio calls, which it signs (we may sit behind a proxy). */
  publicBaseUrl: string;
  /** Unset only in development: unsigned webhooks are then accepted (a warning is logged at start). */
  authToken: string | undefined;
  defaultLanguage: Language;
  municipalityName: string;
  t: (language: Language) => TFunction;
  adapter: SmsAdapter;
  lock: KeyedLock;
  logger: Logger;
  deadlineMs: number;
  /** Claims, identities and the turn's activity take their time from it. */
  clock: Clock;
  /** Our numbers: a message to any other `To` is refused (another account's webhook pointed at us). */
  ownNumbers: readonly string[];
  /** Per sender: answered up to the limit per window, then one notice, then silence. */
  throttle: SenderThrottle;
  /** This process, as claims name it; default host:pid:random. */
  owner?: string;
  heartbeatMs?: number;
  staleAfterMs?: number;
  runtime: () => SmsRuntime | undefined;
}

export interface SmsRuntime {
  db: Database;
  bot: { run(context: TurnContext): Promise<void> };
  /** The bot-state keys a turn of this activity reads: its conversation's and its user's (bot/app.ts). */
  stateKeys(activity: Partial<Activity>): string[];
}

/** Stands for the identity's id in a state key asked for before the id is known. */
const IDENTITY_MARK = "\u0000identity\u0000";

const required = (field: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) });

const InboundSmsSchema = z.object({
  MessageSid: z.string(required("MessageSid")).regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid must be a Twilio message SID"),
  From: z.string(required("From")).regex(E164, "From must be an E.164 phone number"),
  To: z.string(required("To")).regex(E164, "To must be an E.164 phone number"),
  Body: z.string(required("Body")).max(1600, "Body must be at most 1600 characters"),
});

/** A TwiML answer: one <Message> per SMS, or an empty <Response/> for no reply. */
export function twimlFor(messages: string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const message of messages) response.message(message);
  return response.toString();
}

function sendTwiml(res: restify.Response, twiml: string): void {
  res.writeHead(200, { "content-type": "text/xml; charset=utf-8" });
  res.end(twiml);
}

function fail(res: restify.Response, status: number, code: string, message: string): void {
  res.json(status, { error: code, message });
}

/** The form as Twilio signed it: every field, repeated fields as arrays. */
function formFields(raw: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const existing = fields[key];
    fields[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}

/**
 * POST /api/sms — Twilio's inbound-message webhook. In order: the signature (403, nothing runs),
 * the fields (400 with the reason), `To` one of our numbers (403), the MessageSid seen before
 * (same TwiML again to the same sender, no turn; 409 to another sender), the sender's throttle,
 * the keywords STOP/START/HELP, then the bot's turn; its replies come back as TwiML.
 */
export function smsWebhook(deps: SmsWebhookDependencies) {
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const heartbeatMs = deps.heartbeatMs ?? INBOUND_HEARTBEAT_MS;
  const staleAfterMs = deps.staleAfterMs ?? INBOUND_STALE_AFTER_MS;
  /** The MessageSids whose turns this process is running now. */
  const running = new Set<string>();
  return async (req: restify.Request, res: restify.Response): Promise<void> => {
    const runtime = deps.runtime();
    if (!runtime) return fail(res, 503, "STARTING", "the service is starting");
    if (req.getContentType() !== "application/x-www-form-urlencoded") {
      return fail(res, 415, "INVALID_REQUEST", "expected application/x-www-form-urlencoded (Twilio's webhook format)");
    }
    const raw = (req as restify.Request & { rawBody?: string | Buffer }).rawBody;
    const fields = formFields(typeof raw === "string" ? raw : (raw?.toString("utf8") ?? ""));

    if (deps.authToken) {
      const signature = req.header("x-twilio-signature");
      const url = `${deps.publicBaseUrl}${req.url ?? SMS_WEBHOOK_PATH}`;
      if (!signature || !twilio.validateRequest(deps.authToken, signature, url, fields)) {
        deps.logger.warn({ signed: Boolean(signature) }, "sms webhook refused: bad or missing X-Twilio-Signature");
        return fail(res, 403, "FORBIDDEN", signature ? "X-Twilio-Signature does not match this request" : "X-Twilio-Signature is missing");
      }
    } else if (!fromLoopback(req)) {
      // Without TWILIO_AUTH_TOKEN (development) nothing proves a request is Twilio's: only this machine's simulator and tools may post.
      deps.logger.warn("sms webhook refused: unsigned request from another machine");
      return fail(res, 403, "FORBIDDEN", "unsigned SMS webhooks are accepted only from this machine (set TWILIO_AUTH_TOKEN)");
    }

    const parsed = InboundSmsSchema.safeParse(Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
    if (!parsed.success) return fail(res, 400, "INVALID_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
    const sms = parsed.data;

    if (!deps.ownNumbers.includes(sms.To)) {
      // Not a number of ours (another account's webhook pointing here, or a forged request in development).
      deps.logger.warn({ messageSid: sms.MessageSid }, "sms webhook refused: To is not one of our numbers");
      return fail(res, 403, "FORBIDDEN", "To is not a number of this service");
    }

    const { db } = runtime;
    const waitStarted = performance.now();
    const keyword = smsKeyword(sms.Body);
    // The sender's turns run one at a time in this process, claim included: the claim's statement
    // also finds the sender and reads the turn's state (services/sms/open-sms-turn.ts), which must
    // see what the sender's previous turn left (a STOP, a login).
    const outcome = await deps.lock.run(sms.From, async (): Promise<{ twiml: string } | { refused: "other-sender" | "in-progress" }> => {
      // A turn of this very process is alive whatever its heartbeat says (beats come late while the
      // event loop is blocked, e.g. by the NLU training after a restart): never take it over, wait.
      const claim = async (): Promise<InboundClaim> =>
        running.has(sms.MessageSid) ? { kind: "in-progress" } : claimInbound(db, "SMS", sms.MessageSid, { sender: sms.From, owner, now: deps.clock.now(), staleAfterMs });
      const opened = running.has(sms.MessageSid) ? undefined : await openTurn(sms, runtime, keyword);
      let claimed: InboundClaim = opened?.claimed ? { kind: "run" } : await claim();
      // Another delivery has it: wait for its answer; if its owner stops beating (died), take over.
      while (claimed.kind === "in-progress" && performance.now() - waitStarted < deps.deadlineMs) {
        await new Promise((resolve) => setTimeout(resolve, INBOUND_POLL_MS));
        claimed = await claim();
      }
      switch (claimed.kind) {
        case "replay":
          deps.logger.info({ messageSid: sms.MessageSid }, "sms delivered again: same answer, no turn");
          return { twiml: claimed.response };
        case "other-sender":
        case "in-progress":
          return { refused: claimed.kind };
        case "run":
          break;
      }

      running.add(sms.MessageSid);
      const heartbeat = setInterval(() => {
        heartbeatInbound(db, "SMS", sms.MessageSid, { owner, now: deps.clock.now() })
          .then((ours) => ours || deps.logger.warn({ messageSid: sms.MessageSid }, "sms claim taken over by another process while its turn ran"))
          .catch(() => undefined);
      }, heartbeatMs);
      heartbeat.unref();
      // The turn's answer is stored with the bot state it saves, in one statement; a turn that saves no
      // state (a keyword, the throttle, nothing changed) or overran its deadline is completed here.
      const completion: PendingCompletion = { channel: "SMS", externalId: sms.MessageSid, owner, response: () => "", completed: false };
      try {
        const turnMs = Math.max(MIN_TURN_MS, deps.deadlineMs - (performance.now() - waitStarted));
        const twiml = await runCompletingClaim(completion, () => answer(sms, runtime, turnMs, completion, opened?.claimed ? opened : undefined));
        if (!completion.completed) await completeInbound(db, "SMS", sms.MessageSid, { owner, response: twiml, now: deps.clock.now() });
        return { twiml };
      } catch (error) {
        // Nothing was answered: forget the claim so Twilio's retry can run the turn.
        await releaseInbound(db, "SMS", sms.MessageSid, { owner }).catch(() => undefined);
        throw error;
      } finally {
        clearInterval(heartbeat);
        running.delete(sms.MessageSid);
      }
    });
    if ("twiml" in outcome) return sendTwiml(res, outcome.twiml);
    if (outcome.refused === "other-sender") {
      // A stored reply belongs to the number that sent the message; never hand it to another.
      deps.logger.warn({ messageSid: sms.MessageSid }, "sms webhook refused: this MessageSid was received from another sender");
      return fail(res, 409, "CONFLICT", "this MessageSid was received from another number");
    }
    // Still answered elsewhere (a live owner): an empty 200 would lose the message, so Twilio retries.
    deps.logger.warn({ messageSid: sms.MessageSid }, "sms still in progress elsewhere after the wait: 503 so Twilio retries");
    res.header("Retry-After", "1");
    return fail(res, 503, "IN_PROGRESS", "this message is being answered by another delivery; retry");
  };

  /** The delivery's claim, its sender and its turn's states in one statement; `claimed: false` for a MessageSid seen before. */
  function openTurn(sms: z.infer<typeof InboundSmsSchema>, runtime: SmsRuntime, keyword: ReturnType<typeof smsKeyword>): Promise<OpenedSmsTurn> {
    // The conversation's key is made of the identity's id, which the statement finds: ask the bot
    // framework for the key around a marker and let the statement put the id in its place.
    const [conversationKey, userKey] = runtime.stateKeys({ channelId: SMS_CHANNEL_ID, conversation: { id: `sms-${IDENTITY_MARK}` } as Activity["conversation"], from: { id: sms.From } as Activity["from"] });
    const [before, after] = conversationKey!.split(IDENTITY_MARK) as [string, string];
    return openSmsTurn(runtime.db, {
      messageSid: sms.MessageSid,
      owner,
      sender: sms.From,
      now: deps.clock.now(),
      ...(keyword !== "opt-out" ? { countInbound: deps.throttle } : {}),
      stateKeys: { conversation: { before, after }, user: userKey! },
    });
  }

  async function answer(sms: z.infer<typeof InboundSmsSchema>, runtime: SmsRuntime, turnMs: number, completion: PendingCompletion, opened?: Extract<OpenedSmsTurn, { claimed: true }>): Promise<string> {
    const now = deps.clock.now();
    const keyword = smsKeyword(sms.Body);
    // STOP is always honoured and confirmed (once); everything else counts against the sender's window.
    const counted = keyword !== "opt-out";
    // Found with the claim; a delivery that took over a dead process's claim finds it now.
    const identity = opened?.identity ?? (await resolveChannelIdentity(runtime.db, { channel: "SMS", address: sms.From, now, ...(counted ? { countInbound: deps.throttle } : {}) }));
    const t = deps.t(languageFor(identity, sms.Body));
    const values = { municipality: deps.municipalityName };
    if (counted) {
      const allowance = allowanceOf(identity.inboundCount ?? 0, deps.throttle);
      if (allowance !== "answer") {
        // START still takes effect, unconfirmed; an opted-out number gets nothing, not even the notice.
        const optedIn = keyword === "opt-in" ? (await optInSms(runtime.db, identity, now), true) : false;
        if (allowance === "silence" || (identity.optedOut && !optedIn)) return twimlFor([]);
        deps.logger.info({ messageSid: sms.MessageSid }, "sms sender over the limit: one notice, then silence until the window ends");
        return twimlFor(prepareSms([t("sms:throttled", values)]));
      }
    }
    switch (keyword) {
      case "opt-out":
        // Confirmed once; a repeated STOP gets no answer.
        return twimlFor((await optOutSms(runtime.db, identity, now)) ? prepareSms([t("sms:opted_out", values)]) : []);
      case "opt-in":
        await optInSms(runtime.db, identity, now);
        return twimlFor(prepareSms([t("sms:opted_in", values)]));
      case "help":
        return twimlFor(prepareSms([t("sms:help", values)]));
    }
    // Opted out: nothing is sent to this number until START (HELP still answers, as carriers expect).
    if (identity.optedOut) return twimlFor([]);

    const activity: Partial<Activity> = {
      type: "message",
      id: sms.MessageSid,
      channelId: SMS_CHANNEL_ID,
      serviceUrl: SMS_WEBHOOK_PATH,
      timestamp: now,
      from: { id: sms.From, name: "", role: "user" },
      recipient: { id: sms.To, name: "Fritidskortet", role: "bot" },
      conversation: { id: `sms-${identity.identityId}`, isGroup: false, conversationType: "personal", name: "" },
      text: sms.Body,
      textFormat: "plain",
      ...(identity.language ? { locale: identity.language } : {}),
      channelData: { channelIdentityId: identity.identityId, messageSid: sms.MessageSid },
    };
    const turn = (context: TurnContext) => runtime.bot.run(context);
    const run = opened ? (context: TurnContext) => runWithPrefetchedStates(runtime.stateKeys(context.activity), opened.states, () => turn(context)) : turn;
    // The answer is rendered when the state is saved (it is stored with it) and again for Twilio. A
    // turn's replies are only ever appended, so the same number of them is the same answer.
    let rendered: { count: number; twiml: string } | undefined;
    const answerOf = (replies: string[]) => (rendered?.count === replies.length ? rendered : (rendered = { count: replies.length, twiml: twimlFor(prepareSms(replies)) })).twiml;
    const result = await deps.adapter.processInbound(activity, run, turnMs, (context) => {
      handIdentityToTurn(context, identity);
      // What Twilio will get if the state is saved now: the replies so far (the turn sends none after its state is saved).
      completion.response = () => answerOf(deps.adapter.repliesSoFar(context));
    });
    if (result.overran) deps.logger.warn({ messageSid: sms.MessageSid }, "sms turn overran the reply deadline; later replies go through the outbox");
    return answerOf(result.replies);
  }

  function languageFor(identity: ResolvedIdentity, body: string): Language {
    if (identity.language && isLanguage(identity.language)) return identity.language;
    return keywordLanguage(body) ?? deps.defaultLanguage;
  }
}
