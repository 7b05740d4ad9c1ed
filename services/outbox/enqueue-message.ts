import { z } from "zod";
import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { currentObservation } from "../observability/context.ts";
import { prepareSms } from "../sms/sms-text.ts";

export const E164 = /^\+[1-9]\d{6,14}$/;

const Body = z.string().trim().min(1, "must not be empty").max(10_000, "must be at most 10000 characters");
/** An answer offered as a button where the channel has them: its label, and the text it sends back. */
const Choice = z.object({ title: z.string().trim().min(1).max(40), command: z.string().trim().min(1).max(100) });
/** The answers a chat channel offers as buttons, and the label of a free-text field whose words follow the command. */
export const Answers = z.object({ choices: z.array(Choice).min(1).max(6), input: z.string().trim().min(1).max(80).optional() });
export type NoticeAnswers = z.infer<typeof Answers>;

const MessageSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("SMS"),
    recipient: z.string().regex(E164, "must be an E.164 phone number such as +4791234567"),
    body: Body,
    /** A sender number or messaging service of ours; default: the configured one. */
    sender: z.string().min(1).optional(),
  }),
  z.object({
    /** WEBCHAT: the web chat user id; TEAMS: the user's Entra ID object id (the identity's address). */
    channel: z.enum(["WEBCHAT", "TEAMS"]),
    recipient: z.string().trim().min(1, "must not be empty").max(200),
    body: Body,
    answers: Answers.optional(),
  }),
], { message: "channel must be SMS, WEBCHAT or TEAMS" });

export type OutboxMessageInput = z.input<typeof MessageSchema>;

/**
 * Writes a message to the outbox inside the caller's transaction, so it exists if and only if the
 * change that caused it commits; the outbox worker sends it after commit. The body is made
 * GSM-safe and split into SMS of a few segments each (one outbox row is exactly one SMS, so a
 * retry never re-sends a part that already went out). Returns the rows' ids in sending order.
 */
export async function enqueueMessage(tx: Tx, input: OutboxMessageInput, now: Date): Promise<string[]> {
  const parsed = MessageSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("INVALID_REQUEST", `outbox message ${String(issue.path[0] ?? "")} ${issue.message}`.trim(), { field: issue.path[0] });
  }
  // The worker's lines about the message carry the id of the request that wrote it.
  const requestId = currentObservation()?.requestId ?? null;
  if (parsed.data.channel !== "SMS") {
    // A chat message is one row, as written: no segments, no GSM alphabet.
    const { channel, recipient, body, answers } = parsed.data;
    const created = await tx.outboxMessage.create({ data: { channel, recipient, body, ...(answers ? { answers } : {}), nextAttemptAt: now, createdAt: now, requestId }, select: { id: true } });
    return [created.id];
  }
  const { channel, recipient, body, sender } = parsed.data;
  const parts = prepareSms([body]);
  if (parts.length === 0) throw new AppError("INVALID_REQUEST", "outbox message body has no sendable text", { field: "body" });
  const ids: string[] = [];
  for (const part of parts) {
    // Parts share nextAttemptAt; the worker sends them in id order, and Prisma's cuids grow within
    // a process, so parts go out in order.
    const created = await tx.outboxMessage.create({ data: { channel, recipient, body: part, sender: sender ?? null, nextAttemptAt: now, createdAt: now, requestId }, select: { id: true } });
    ids.push(created.id);
  }
  return ids;
}

/**
 * Use case: SMS to a phone that go out later through the outbox, all or none (a turn's replies
 * after Twilio's reply deadline, a proactive message). Returns the rows' ids in sending order.
 */
export async function queueSms(db: Database, options: { to: string; texts: string[]; now: Date }): Promise<string[]> {
  return inTransaction(db, async (tx) => {
    const ids: string[] = [];
    for (const body of options.texts) ids.push(...(await enqueueMessage(tx, { channel: "SMS", recipient: options.to, body }, options.now)));
    return ids;
  });
}
