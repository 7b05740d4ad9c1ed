import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type restify from "restify";
import twilio from "twilio";
import { z } from "zod";
import { E164 } from "../../../services/outbox/enqueue-message.ts";
import type { SmsSimulator } from "../../../services/outbox/sms-simulator.ts";
import type { SmsPerson } from "../../../services/sms/sms-identities.ts";
import { renderPage, type PageContext } from "../web/pages.ts";
import { SMS_WEBHOOK_PATH } from "./sms-webhook.ts";
import { parseOr400 } from "../../http-errors.ts";

export interface SmsSimulatorDependencies {
  server: restify.Server;
  simulator: SmsSimulator;
  publicBaseUrl: string;
  authToken: string | undefined;
  accountSid: string | undefined;
  /** The number the simulated phones text (our Twilio number, or a stand-in). */
  serviceNumber: string;
  page: PageContext;
  /** The phones the page offers (persons with a verified SMS number); undefined while starting. */
  identities: () => Promise<SmsPerson[] | undefined>;
}

const SendSchema = z.object({
  from: z.string({ message: "from is required" }).regex(E164, "from must be an E.164 phone number such as +4799995001"),
  body: z.string({ message: "body is required" }).min(1, "body must not be empty").max(1600, "body must be at most 1600 characters"),
});
const MessagesQuerySchema = z.object({
  to: z
    .string({ message: "to is required" })
    // `?to=+4799995001` as typed: a query string's unencoded "+" arrives as a space.
    .transform((to) => to.replace(/^ (?=\d)/, "+"))
    .pipe(z.string().regex(E164, "to must be an E.164 phone number such as +4799995001 (write the + as %2B or +)")),
});

/** Our own listening address, for calling our webhook the way Twilio would. */
function selfUrl(server: restify.Server): string {
  const address = server.address() as AddressInfo;
  const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}

/** Reads the messages of a TwiML answer (our own webhook's, so a flat <Response><Message>…). */
export function twimlMessages(twiml: string): string[] {
  const unescape = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((match) => unescape(match[1]!));
}

/**
 * The local SMS simulator (development only; not registered in production, so 404 there):
 * GET /dev/sms — a page to text the service as any number (persons with a verified number listed);
 * POST /dev/sms/send — the page's "phone": posts to our webhook exactly as Twilio would (form,
 *   MessageSid, signed with TWILIO_AUTH_TOKEN when set) and delivers the TwiML answer to the phone;
 * GET /dev/sms/messages?to=<phone> — everything the phone received (answers and outbox messages).
 */
export function registerSmsSimulatorRoutes(deps: SmsSimulatorDependencies): void {
  const { server, simulator } = deps;

  server.get("/dev/sms", async (req, res) => {
    const identities = await deps.identities();
    if (!identities) return void res.json(503, { error: "starting" });
    await renderPage(req, res, "sms-simulator.html", { ...deps.page, extra: { identities } });
  });

  server.get("/dev/sms/messages", async (req, res) => {
    const query = parseOr400(MessagesQuerySchema, req.query, res);
    if (!query) return;
    res.json(
      200,
      simulator.messagesTo(query.to).map(({ id, to, body, segments, encoding, createdAt, via }) => ({ id, to, body, segments, encoding, createdAt, via })),
    );
  });

  server.post("/dev/sms/send", async (req, res) => {
    const parsed = parseOr400(SendSchema, req.body, res);
    if (!parsed) return;
    const { from, body } = parsed;
    const messageSid = `SM${randomBytes(16).toString("hex")}`;
    const form: Record<string, string> = {
      ToCountry: "NO",
      SmsMessageSid: messageSid,
      NumMedia: "0",
      SmsSid: messageSid,
      SmsStatus: "received",
      Body: body,
      To: deps.serviceNumber,
      NumSegments: "1",
      MessageSid: messageSid,
      AccountSid: deps.accountSid ?? `AC${"0".repeat(32)}`,
      From: from,
      ApiVersion: "2010-04-01",
    };
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    // Signed for the public URL, as Twilio signs what it was configured to call.
    if (deps.authToken) headers["x-twilio-signature"] = twilio.getExpectedTwilioSignature(deps.authToken, `${deps.publicBaseUrl}${SMS_WEBHOOK_PATH}`, form);
    const answer = await fetch(`${selfUrl(server)}${SMS_WEBHOOK_PATH}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
    const text = await answer.text();
    if (!answer.ok) return void res.json(502, { error: "WEBHOOK_FAILED", status: answer.status, message: text.slice(0, 300) });
    const replies = twimlMessages(text).map((message) => simulator.deliver({ to: from, body: message, via: "reply" }));
    res.json(200, { messageSid, replies });
  });
}
