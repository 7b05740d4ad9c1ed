/**
 * `npm run chat -- --as +4799992001 [--url http://localhost:3978]`: a terminal chat with the
 * RUNNING service (start it first with `npm start`), as the SMS channel sees that phone. Each line
 * is posted to the SMS webhook the way Twilio posts it — to one of the service's own numbers, and
 * signed with TWILIO_AUTH_TOKEN when the service has one (it then refuses unsigned webhooks) — and
 * the TwiML answer is printed as the phone would show it. It reads the same configuration as the
 * service (.env and the environment: PORT, PUBLIC_BASE_URL, TWILIO_*). The embedded database
 * (PGlite) belongs to one process, so this talks HTTP instead of opening it.
 */
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import twilio from "twilio";
import { twimlMessages } from "../bot/channels/sms/sms-simulator-routes.ts";
import { SMS_WEBHOOK_PATH } from "../bot/channels/sms/sms-webhook.ts";
import { ConfigError, loadConfig, type AppConfig } from "../services/config.ts";

if (existsSync(".env")) process.loadEnvFile(".env");
let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`The configuration is not valid:\n${error.message}\n`);
  process.exit(1);
}
const { values } = parseArgs({
  options: {
    as: { type: "string" },
    url: { type: "string", default: process.env.CHAT_URL ?? `http://localhost:${config.port}` },
  },
});
const phone = values.as;
if (!phone || !/^\+[1-9]\d{6,14}$/.test(phone)) {
  process.stderr.write("usage: npm run chat -- --as <phone in E.164, e.g. +4799992001> [--url http://localhost:3978]\n");
  process.exit(2);
}
const base = values.url!.replace(/\/$/, "");

async function healthy(): Promise<boolean> {
  try {
    const response = await fetch(`${base}/healthz`);
    return response.ok;
  } catch {
    return false;
  }
}

async function send(body: string): Promise<string[]> {
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const accountSid = config.sms.accountSid ?? `AC${"0".repeat(32)}`;
  const form = { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, AccountSid: accountSid, From: phone!, To: config.sms.ownNumbers[0] ?? "", Body: body, NumMedia: "0", NumSegments: "1", ApiVersion: "2010-04-01" };
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  // Twilio signs the public address it posted to; the service checks it against PUBLIC_BASE_URL.
  if (config.sms.authToken) headers["x-twilio-signature"] = twilio.getExpectedTwilioSignature(config.sms.authToken, `${config.publicBaseUrl}${SMS_WEBHOOK_PATH}`, form);
  const response = await fetch(`${base}${SMS_WEBHOOK_PATH}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
  const text = await response.text();
  if (!response.ok) throw new Error(`the service answered ${response.status}: ${text.slice(0, 200)}`);
  return twimlMessages(text);
}

if (!(await healthy())) {
  process.stderr.write(`No running service at ${base}. Start it first in another terminal: npm start\n`);
  process.exit(1);
}
process.stdout.write(`Chatting as ${phone} with ${base} over SMS. Ctrl-D or /quit to stop.\n`);
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
rl.setPrompt("> ");
rl.prompt();
for await (const line of rl) {
  const text = line.trim();
  if (text === "/quit") break;
  if (text !== "") {
    try {
      const replies = await send(text);
      if (replies.length === 0) process.stdout.write("(no reply)\n");
      for (const reply of replies) process.stdout.write(`${reply.split("\n").map((l) => `  ${l}`).join("\n")}\n\n`);
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  rl.prompt();
}
rl.close();
