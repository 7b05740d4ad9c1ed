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
import { awaitInbound, claimInbound, completeInbound, releaseInbound } from "../../../services/sms/inbound-messages.ts";
import { optInSms, optOutSms, touchSmsIdentity, type SmsIdentity } from "../../../services/sms/sms-identities.ts";
import { prepareSms } from "../../../services/sms/sms-text.ts";
import type { KeyedLock } from "../keyed-lock.ts";
import { keywordLanguage, smsKeyword } from "./keywords.ts";
import type { SmsAdapter } from "./sms-adapter.ts";

export const SMS_WEBHOOK_PATH = "/api/sms";
export const SMS_CHANNEL_ID = "sms";

/** Twilio waits 15 s for the webhook's answer; the turn gets 12 of them, the rest is our margin. */
export const SMS_REPLY_DEADLINE_MS = 12_000;

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
  runtime: () => { db: Database; bot: { run(context: TurnContext): Promise<void> } } | undefined;
}

const required = (field: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) });

const InboundSmsSchema = z.object({
  MessageSid: z.string(required("MessageSid")).regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid must be a Twilio message SID"),
  From: z.string(required("From")).regex(E164, "From must be an E.164 phone number"),
  To: z.string().optional(),
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
 * the fields (400 with the reason), the MessageSid seen before (same TwiML again, no turn), the
 * keywords STOP/START/HELP, then the bot's turn; its replies come back as TwiML.
 */
export function smsWebhook(deps: SmsWebhookDependencies) {
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
    }

    const parsed = InboundSmsSchema.safeParse(Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
    if (!parsed.success) return fail(res, 400, "INVALID_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
    const sms = parsed.data;

    const { db } = runtime;
    const claim = await claimInbound(db, "SMS", sms.MessageSid, { now: deps.clock.now() });
    if (claim.kind === "replay") {
      deps.logger.info({ messageSid: sms.MessageSid }, "sms delivered again: same answer, no turn");
      return sendTwiml(res, claim.response);
    }
    if (claim.kind === "in-progress") {
      // The same message is being answered by another delivery right now: wait for its answer.
      const response = await awaitInbound(db, "SMS", sms.MessageSid, deps.deadlineMs);
      return sendTwiml(res, response ?? twimlFor([]));
    }

    let twiml: string;
    try {
      twiml = await deps.lock.run(sms.From, () => answer(sms, runtime));
      await completeInbound(db, "SMS", sms.MessageSid, { response: twiml, now: deps.clock.now() });
    } catch (error) {
      // Nothing was answered: forget the claim so Twilio's retry can run the turn.
      await releaseInbound(db, "SMS", sms.MessageSid).catch(() => undefined);
      throw error;
    }
    sendTwiml(res, twiml);
  };

  async function answer(sms: z.infer<typeof InboundSmsSchema>, runtime: NonNullable<ReturnType<typeof deps.runtime>>): Promise<string> {
    const now = deps.clock.now();
    const identity = await touchSmsIdentity(runtime.db, sms.From, now);
    const keyword = smsKeyword(sms.Body);
    const t = deps.t(languageFor(identity, sms.Body));
    const values = { municipality: deps.municipalityName };
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
    if (identity.optedOutAt) return twimlFor([]);

    const activity: Partial<Activity> = {
      type: "message",
      id: sms.MessageSid,
      channelId: SMS_CHANNEL_ID,
      serviceUrl: SMS_WEBHOOK_PATH,
      timestamp: now,
      from: { id: sms.From, name: "", role: "user" },
      recipient: { id: sms.To ?? "fritidskort", name: "Fritidskortet", role: "bot" },
      conversation: { id: `sms-${identity.id}`, isGroup: false, conversationType: "personal", name: "" },
      text: sms.Body,
      textFormat: "plain",
      ...(identity.language ? { locale: identity.language } : {}),
      channelData: { channelIdentityId: identity.id, messageSid: sms.MessageSid },
    };
    const result = await deps.adapter.processInbound(activity, (context) => runtime.bot.run(context), deps.deadlineMs);
    if (result.overran) deps.logger.warn({ messageSid: sms.MessageSid }, "sms turn overran the reply deadline; later replies go through the outbox");
    return twimlFor(prepareSms(result.replies));
  }

  function languageFor(identity: SmsIdentity, body: string): Language {
    if (identity.language && isLanguage(identity.language)) return identity.language;
    return keywordLanguage(body) ?? deps.defaultLanguage;
  }
}
