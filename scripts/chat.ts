/**
 * `npm run chat -- --as +4799992001 [--url http://localhost:3978]`: a terminal chat with the
 * RUNNING service (start it first with `npm start`), as the SMS channel sees that phone. Each line
 * is posted to the SMS webhook the way Twilio posts it (development accepts unsigned webhooks), and
 * the TwiML answer is printed as the phone would show it. The embedded database (PGlite) belongs to
 * one process, so this talks HTTP instead of opening it.
 */
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { twimlMessages } from "../bot/channels/sms/sms-simulator-routes.ts";

const { values } = parseArgs({
  options: {
    as: { type: "string" },
    url: { type: "string", default: process.env.CHAT_URL ?? `http://localhost:${process.env.PORT ?? "3978"}` },
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
  const form = { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, AccountSid: `AC${"0".repeat(32)}`, From: phone!, To: "+4759440000", Body: body, NumMedia: "0", NumSegments: "1", ApiVersion: "2010-04-01" };
  const response = await fetch(`${base}/api/sms`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
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
