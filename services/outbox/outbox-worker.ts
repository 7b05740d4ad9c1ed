import type { Clock } from "../clock.ts";
import { utcTimestamp, type Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { SendRateLimiter } from "./send-rate-limiter.ts";
import { SmsSendError, type OutgoingSms, type SmsTransport } from "./sms-transport.ts";
import type { ChatTransport } from "./chat-transport.ts";
import { Answers } from "./enqueue-message.ts";

export interface OutboxWorkerOptions {
  db: Database;
  transport: SmsTransport;
  /** Web chat and Teams: each channel given here is delivered too (docs/club-channels.md). */
  chats?: Partial<Record<"WEBCHAT" | "TEAMS", ChatTransport>>;
  logger: Logger;
  /** Each attempt's outcome is counted here (fritidskort_outbox_sends_total). */
  metrics?: Metrics;
  /** Our sender when a row names none: a phone number or a Twilio messaging service SID. */
  defaultSender: string;
  sendsPerSecond?: number;
  /** Due times, leases and sent times come from it (read once per run and per result). */
  clock: Clock;
  /** How long a claim holds a message; longer than one send with its look-up can take. */
  leaseMs?: number;
  batchSize?: number;
  pollIntervalMs?: number;
  backoff?: { baseMs: number; maxMs: number; maxAttempts: number };
}

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
}

interface ClaimedRow {
  id: string;
  channel: "SMS" | "WEBCHAT" | "TEAMS";
  answers: unknown;
  recipient: string;
  sender: string | null;
  body: string;
  attempts: number;
  createdAtMs: number;
  /** The request that wrote the message (services/outbox/enqueue-message.ts), if any. */
  requestId: string | null;
}

/** What every line about a message says: which message, which attempt, and the request that wrote it. */
function messageLog(row: ClaimedRow, fields: Record<string, unknown>): Record<string, unknown> {
  return { outboxId: row.id, attempt: row.attempts, ...fields, ...(row.requestId ? { requestId: row.requestId } : {}) };
}

/**
 * Sends the outbox after commit. Guarantee: every committed message is delivered to the gateway at
 * most once, and at least once unless the gateway refuses it, the recipient opted out or the
 * attempts run out (then FAILED with the reason).
 *
 * - A worker claims due messages in one statement (PENDING and due, or SENDING with an expired
 *   lease — its worker died), marking them SENDING with a lease; `FOR UPDATE SKIP LOCKED` keeps two
 *   workers off the same row. Results are written only while the lease is still ours (fenced by
 *   `lockedUntil`), so a worker that lost its lease cannot overwrite its successor's result.
 * - The crash window between "Twilio accepted" and "marked SENT" (and a timeout, which leaves the
 *   same doubt): every attempt after the first looks the message up at Twilio (same recipient and
 *   sender, same body, created since the row was written, not already another row's SID) and, if
 *   found, marks it SENT with that SID instead of sending again.
 * - 429, 5xx, timeouts and network errors retry with exponential backoff; other 4xx fail at once.
 * - A recipient who sent STOP is checked at send time, so an opt-out after enqueueing still holds.
 */
export class OutboxWorker {
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: { baseMs: number; maxMs: number; maxAttempts: number };
  private readonly limiter: SendRateLimiter;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 10;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.backoff = options.backoff ?? { baseMs: 2000, maxMs: 15 * 60_000, maxAttempts: 10 };
    this.limiter = new SendRateLimiter(options.sendsPerSecond ?? 1);
  }

  get transportName(): string {
    return this.options.transport.name;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let claimed = 0;
        try {
          ({ claimed } = await this.runOnce());
        } catch (error) {
          this.options.logger.error({ err: error }, "outbox run failed");
        }
        if (claimed < this.batchSize) await this.idle();
      }
    })();
  }

  /** Asks a sleeping worker to look for messages now (after a commit that enqueued some). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Claims one batch of due messages and delivers them; the unit a test drives. */
  async runOnce(): Promise<OutboxRunResult> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + this.leaseMs);
    const rows = await this.claim(now, lease);
    const result: OutboxRunResult = { claimed: rows.length, sent: 0, failed: 0, retried: 0 };
    // One queue per sender (its rate limit); senders in parallel.
    const bySender = new Map<string, ClaimedRow[]>();
    const chats = rows.filter((row) => row.channel !== "SMS");
    for (const row of rows) {
      if (row.channel !== "SMS") continue;
      const sender = row.sender ?? this.options.defaultSender;
      bySender.set(sender, [...(bySender.get(sender) ?? []), row]);
    }
    await Promise.all([
      ...[...bySender].map(async ([sender, queue]) => {
        for (const row of queue) result[this.counted(row, await this.deliver(row, sender, lease))] += 1;
      }),
      (async () => {
        for (const row of chats) result[this.counted(row, await this.deliverChat(row, lease))] += 1;
      })(),
    ]);
    return result;
  }

  private counted<T extends "sent" | "failed" | "retried">(row: ClaimedRow, outcome: T): T {
    this.options.metrics?.outboxAttempt(row.channel, outcome);
    return outcome;
  }

  /** Marks due messages SENDING under a lease, in one statement (atomic on its own). */
  claim(now: Date, lease: Date): Promise<ClaimedRow[]> {
    return this.db.sql<ClaimedRow>(
      `UPDATE "OutboxMessage" SET status = 'SENDING', "lockedUntil" = $1::timestamp, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM "OutboxMessage"
         WHERE channel::text = ANY($4::text[]) AND (
           (status = 'PENDING' AND "nextAttemptAt" <= $2::timestamp)
           OR (status = 'SENDING' AND "lockedUntil" < $2::timestamp))
         ORDER BY "nextAttemptAt", id
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id, channel::text AS channel, recipient, sender, body, answers, attempts, (extract(epoch FROM "createdAt") * 1000)::float8 AS "createdAtMs", "requestId"`,
      [utcTimestamp(lease), utcTimestamp(now), this.batchSize, ["SMS", ...Object.keys(this.options.chats ?? {})]],
    );
  }

  private async deliver(row: ClaimedRow, sender: string, lease: Date): Promise<"sent" | "failed" | "retried"> {
    const { logger, transport } = this.options;
    const sms: OutgoingSms = { outboxId: row.id, to: row.recipient, body: row.body, from: sender, createdAt: new Date(row.createdAtMs) };
    const log = messageLog(row, { transport: transport.name });
    try {
      if (await this.optedOut(row.recipient)) {
        await this.finish(row.id, lease, { status: "FAILED", lastError: "recipient opted out (STOP)" });
        logger.info(log, "outbox message skipped: recipient opted out");
        return "failed";
      }
      if (row.attempts > 1) {
        // A previous attempt may have reached the gateway (crash before marking, or a timeout).
        const accepted = await transport.findAccepted(sms, (ref) => this.isTaken(ref, row.id));
        if (accepted) {
          await this.finish(row.id, lease, { status: "SENT", providerRef: accepted });
          logger.info(log, "outbox message was already accepted by the gateway; marked sent without sending again");
          return "sent";
        }
      }
      await this.limiter.acquire(sender);
      const { providerRef } = await transport.send(sms);
      const recorded = await this.finish(row.id, lease, { status: "SENT", providerRef });
      if (!recorded) logger.warn(log, "outbox lease lost after sending; the next claim will find the message at the gateway");
      logger.info(log, "outbox message sent");
      return "sent";
    } catch (error) {
      return this.failed(row, lease, log, error);
    }
  }

  /**
   * A web chat or Teams message: delivered by its channel's transport, with the same lease, opt-out
   * check, look-up before a repeated attempt, backoff and fencing as an SMS.
   */
  private async deliverChat(row: ClaimedRow, lease: Date): Promise<"sent" | "failed" | "retried"> {
    const channel = row.channel as "WEBCHAT" | "TEAMS";
    const transport = this.options.chats![channel]!;
    const answers = Answers.safeParse(row.answers);
    const chat = { outboxId: row.id, channel, to: row.recipient, body: row.body, answers: answers.success ? answers.data : undefined };
    return this.attempt(row, lease, { transport: transport.name, channel }, async () => {
      if (await this.optedOut(row.recipient, channel)) return { optedOut: true };
      if (row.attempts > 1) {
        const accepted = await transport.findAccepted(chat);
        if (accepted) return { providerRef: accepted, already: true };
      }
      return transport.send(chat);
    });
  }

  /** One attempt's bookkeeping: the result written under our lease, errors retried with backoff or failed. */
  private async attempt(
    row: ClaimedRow,
    lease: Date,
    logFields: Record<string, unknown>,
    send: () => Promise<{ providerRef: string; already?: boolean } | { optedOut: true }>,
  ): Promise<"sent" | "failed" | "retried"> {
    const { logger } = this.options;
    const log = messageLog(row, logFields);
    try {
      const outcome = await send();
      if ("optedOut" in outcome) {
        await this.finish(row.id, lease, { status: "FAILED", lastError: "recipient opted out (STOP)" });
        logger.info(log, "outbox message skipped: recipient opted out");
        return "failed";
      }
      const recorded = await this.finish(row.id, lease, { status: "SENT", providerRef: outcome.providerRef });
      if (!recorded) logger.warn(log, "outbox lease lost after sending");
      logger.info(log, outcome.already ? "outbox message was already delivered; marked sent without sending again" : "outbox message sent");
      return "sent";
    } catch (error) {
      return this.failed(row, lease, log, error);
    }
  }

  private async failed(row: ClaimedRow, lease: Date, log: Record<string, unknown>, error: unknown): Promise<"failed" | "retried"> {
    const { logger } = this.options;
    const sendError = error instanceof SmsSendError ? error : new SmsSendError("retry", error instanceof Error ? error.message : String(error));
    if (sendError.kind === "permanent" || row.attempts >= this.backoff.maxAttempts) {
      const reason = sendError.kind === "permanent" ? sendError.message : `gave up after ${row.attempts} attempts: ${sendError.message}`;
      await this.finish(row.id, lease, { status: "FAILED", lastError: reason });
      logger.warn({ ...log, status: sendError.status }, "outbox message failed");
      return "failed";
    }
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (row.attempts - 1)) * (1 + Math.random() * 0.2);
    await this.finish(row.id, lease, { status: "PENDING", lastError: sendError.message, nextAttemptAt: new Date(this.clock.now().getTime() + delay) });
    logger.warn({ ...log, status: sendError.status, retryInMs: Math.round(delay) }, "outbox send failed; will retry");
    return "retried";
  }

  private async optedOut(recipient: string, channel: "SMS" | "WEBCHAT" | "TEAMS" = "SMS"): Promise<boolean> {
    const identity = await this.db.prisma.channelIdentity.findUnique({ where: { channel_address: { channel, address: recipient } }, select: { optedOutAt: true } });
    return Boolean(identity?.optedOutAt);
  }

  private async isTaken(providerRef: string, exceptId: string): Promise<boolean> {
    return (await this.db.prisma.outboxMessage.count({ where: { providerRef, id: { not: exceptId } } })) > 0;
  }

  /** Writes an attempt's result only while our lease holds; false if another worker took over. */
  private async finish(
    id: string,
    lease: Date,
    result: { status: "SENT"; providerRef: string } | { status: "FAILED"; lastError: string } | { status: "PENDING"; lastError: string; nextAttemptAt: Date },
  ): Promise<boolean> {
    const fields =
      result.status === "SENT"
        ? { status: result.status, providerRef: result.providerRef, sentAt: this.clock.now(), lockedUntil: null, lastError: null }
        : result.status === "FAILED"
          ? { status: result.status, lastError: result.lastError, lockedUntil: null }
          : { status: result.status, lastError: result.lastError, nextAttemptAt: result.nextAttemptAt, lockedUntil: null };
    const { count } = await this.db.prisma.outboxMessage.updateMany({ where: { id, status: "SENDING", lockedUntil: lease }, data: fields });
    return count === 1;
  }
}
