import { z } from "zod";
import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { prepareSms } from "../sms/sms-text.ts";

export const E164 = /^\+[1-9]\d{6,14}$/;

const MessageSchema = z.object({
  channel: z.literal("SMS", { message: "only SMS is sent through the outbox" }),
  recipient: z.string().regex(E164, "must be an E.164 phone number such as +4791234567"),
  body: z.string().trim().min(1, "must not be empty").max(10_000, "must be at most 10000 characters"),
  /** A sender number or messaging service of ours; default: the configured one. */
  sender: z.string().min(1).optional(),
});

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
  const { channel, recipient, body, sender } = parsed.data;
  const parts = prepareSms([body]);
  if (parts.length === 0) throw new AppError("INVALID_REQUEST", "outbox message body has no sendable text", { field: "body" });
  const ids: string[] = [];
  for (const part of parts) {
    // Parts share nextAttemptAt; the worker sends them in id order, and Prisma's cuids grow within
    // a process, so parts go out in order.
    const created = await tx.outboxMessage.create({ data: { channel, recipient, body: part, sender: sender ?? null, nextAttemptAt: now, createdAt: now }, select: { id: true } });
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
