/**
 * Signed Twilio webhook deliveries for the turns benchmark: each connection of the load generator is
 * one phone (a demo guardian) working through a conversation in its language, a fresh MessageSid per
 * message, signed with the real scheme (HMAC-SHA1 over URL + sorted fields).
 */
import { randomBytes } from "node:crypto";
import twilio from "twilio";
import type { Family } from "./service-process.ts";
import { OUR_NUMBER, TWILIO_AUTH_TOKEN } from "./service-process.ts";

/** What people text at season start, per language: a greeting, the balance, a search and more of it, what the card covers, a sign-up in three steps, help. */
export const SCRIPTS: Record<string, (child: string) => string[]> = {
  nb: (child) => ["hei", "saldo", "fotball", "MER", "hva dekker kortet?", `meld ${child} på fotball`, "1", "ja", "hjelp"],
  en: (child) => ["hi", "what is my balance", "football", "MORE", "what does the card cover?", `sign ${child} up for football`, "1", "yes", "help"],
  pl: (child) => ["dzień dobry", "ile zostało na karcie", "piłka nożna", "WIĘCEJ", "co pokrywa karta?", `zapisz ${child} na piłkę nożną`, "1", "tak", "pomoc"],
  ar: (child) => ["مرحبا", "كم الرصيد المتبقي", "كرة القدم", "المزيد", "ماذا تغطي البطاقة؟", `سجل ${child} في كرة القدم`, "1", "نعم", "مساعدة"],
};
/** Half the conversations in Norwegian, the rest in English, Polish and Arabic. */
export const LANGUAGE_OF = ["nb", "nb", "nb", "nb", "nb", "en", "en", "pl", "ar", "en"] as const;

/** The script's questions anyone may ask, logged in or not: the greeting, a search and more of it, what the card covers, help (the web chat benchmark's anonymous users). */
export function generalQuestions(language: string): string[] {
  const script = SCRIPTS[language]!("");
  return [0, 2, 3, 4, 8].map((index) => script[index]!);
}

export interface Conversation {
  phone: string;
  messages: string[];
  next: number;
}

export function conversations(families: Family[], count: number): Conversation[] {
  if (families.length === 0) throw new Error("no verified guardians in the demo data");
  return Array.from({ length: count }, (_, index) => {
    const family = families[index % families.length]!;
    const language = LANGUAGE_OF[index % LANGUAGE_OF.length]!;
    return { phone: family.phone, messages: SCRIPTS[language]!(family.children[0] ?? "Jonas"), next: index % 9 };
  });
}

/** The next message of a conversation as Twilio would post it to `baseUrl`/api/sms: form body and headers. */
export function nextDelivery(baseUrl: string, conversation: Conversation): { body: string; headers: Record<string, string> } {
  const text = conversation.messages[conversation.next % conversation.messages.length]!;
  conversation.next += 1;
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const form = { MessageSid: sid, SmsSid: sid, AccountSid: "AC00000000000000000000000000000000", From: conversation.phone, To: OUR_NUMBER, Body: text, NumMedia: "0", NumSegments: "1", ApiVersion: "2010-04-01" };
  const signature = twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, `${baseUrl}/api/sms`, form);
  return { body: new URLSearchParams(form).toString(), headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature } };
}

/** The echo bot gets the same texts as Bot Framework activities, its replies in the response. */
export function nextEchoDelivery(conversation: Conversation): { body: string; headers: Record<string, string> } {
  const text = conversation.messages[conversation.next % conversation.messages.length]!;
  conversation.next += 1;
  const activity = {
    type: "message",
    id: randomBytes(8).toString("hex"),
    channelId: "sms",
    serviceUrl: "http://127.0.0.1:1",
    deliveryMode: "expectReplies",
    from: { id: conversation.phone },
    recipient: { id: "bot" },
    conversation: { id: `sms-${conversation.phone}` },
    text,
  };
  return { body: JSON.stringify(activity), headers: { "content-type": "application/json" } };
}
