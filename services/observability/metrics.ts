import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/database.ts";

/**
 * The service's Prometheus metrics (docs/observability.md lists each, with its labels). One
 * registry per app, never prom-client's global one: tests start several apps in one process.
 *
 * The hot path only counts (an increment or an observation on a pre-bound child: no await, no
 * query, no allocation of label objects); what needs the database (the outbox's depth, the pool)
 * is read when /metrics is scraped, in one query.
 */

/** The channels a turn arrives on, as metric labels. */
export const CHANNEL_LABELS = ["sms", "webchat", "teams"] as const;
export type ChannelLabel = (typeof CHANNEL_LABELS)[number] | "other";

/** A Bot Framework channel id (`sms`, `webchat`, `msteams`, `emulator`) as a metric label. */
export function channelLabel(channelId: string | undefined): ChannelLabel {
  if (channelId === "sms" || channelId === "webchat") return channelId;
  if (channelId === "msteams" || channelId === "emulator") return "teams";
  return "other";
}

/** Seconds; Twilio waits 15 s for a webhook, the targets are 200 ms and 500 ms at p99. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 15];
const CONFIDENCE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const JOB_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800];
/** The outbox's channels and waiting states as labels: lower case, as the turns' channels. */
const OUTBOX_CHANNELS = ["sms", "webchat", "teams"] as const;
const OUTBOX_WAITING = ["pending", "sending"] as const;
/** A scrape does not wait longer than this for the database (an unreachable one leaves the outbox gauge empty). */
const SCRAPE_QUERY_TIMEOUT_MS = 1000;

export type OutboxOutcome = "sent" | "failed" | "retried";
/** created: money moved; not-created: an idempotent repeat, an empty card (a hold), or a resolution refused. */
export type LedgerOutcome = "created" | "not-created";
export type JobOutcomeLabel = "succeeded" | "failed";

export interface MetricsSources {
  /** The app's database once it is open (the outbox's depth and the pool are read from it at scrape time). */
  database?: () => Database | undefined;
  /** Node's default process metrics (CPU, memory, event loop lag, GC). Default true. */
  defaultMetrics?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly turns: Counter<"channel">;
  private readonly turnSeconds: Histogram<"channel">;
  private readonly requestSeconds: Histogram<"channel" | "status">;
  private readonly confidence: Histogram<"language">;
  private readonly intents: Counter<"intent" | "language">;
  private readonly outboxSends: Counter<"channel" | "outcome">;
  private readonly ledgerOperations: Counter<"kind" | "outcome">;
  private readonly jobRuns: Counter<"job" | "outcome">;
  private readonly jobSeconds: Histogram<"job">;
  /** Pre-bound children of the per-turn metrics: the hot path does not hash label objects. */
  private readonly turnChildren = new Map<ChannelLabel, { count: { inc(): void }; seconds: { observe(value: number): void } }>();

  constructor(sources: MetricsSources = {}) {
    const registers = [this.registry];
    if (sources.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });

    this.turns = new Counter({ name: "fritidskort_turns_total", help: "Bot turns run (one inbound activity each), per channel.", labelNames: ["channel"], registers });
    this.turnSeconds = new Histogram({ name: "fritidskort_turn_duration_seconds", help: "Time the bot took for a turn (its logic, state and database work), per channel.", labelNames: ["channel"], buckets: TURN_BUCKETS, registers });
    this.requestSeconds = new Histogram({
      name: "fritidskort_channel_request_duration_seconds",
      help: "A channel's inbound HTTP request (SMS webhook, Direct Line activity post, /api/messages) from arrival to answer, as the sender sees it, per channel and status class.",
      labelNames: ["channel", "status"],
      buckets: TURN_BUCKETS,
      registers,
    });
    for (const channel of CHANNEL_LABELS) {
      this.turns.inc({ channel }, 0);
      this.turnSeconds.zero({ channel });
    }
    this.confidence = new Histogram({ name: "fritidskort_nlu_confidence", help: "The NLU's confidence in the intent it chose, per detected language.", labelNames: ["language"], buckets: CONFIDENCE_BUCKETS, registers });
    this.intents = new Counter({ name: "fritidskort_nlu_intents_total", help: "Messages understood, per intent chosen and detected language.", labelNames: ["intent", "language"], registers });

    // The pool is read before the outbox query below joins it (a scrape collects every metric at once).
    new Gauge({
      name: "fritidskort_db_pool_waiting",
      help: "Database work waiting for a connection at scrape time: the pg pool's waitingCount, or on PGlite the queries queued behind its one connection.",
      registers,
      collect() {
        this.reset();
        const stats = sources.database?.()?.stats();
        if (stats) this.set(stats.waiting);
      },
    });
    new Gauge({
      name: "fritidskort_db_pool_connections",
      help: "The pg pool's connections at scrape time (total and idle); PGlite has one.",
      labelNames: ["state"],
      registers,
      collect() {
        this.reset();
        const stats = sources.database?.()?.stats();
        if (!stats) return;
        this.set({ state: "total" }, stats.total);
        this.set({ state: "idle" }, stats.idle);
      },
    });
    new Gauge({
      name: "fritidskort_outbox_depth",
      help: "Outbox messages waiting to be sent (pending) or being sent (sending), per channel; read from the database at scrape time.",
      labelNames: ["channel", "status"],
      registers,
      async collect() {
        this.reset();
        const db = sources.database?.();
        if (!db) return;
        const rows = await withTimeout(
          db.sql<{ channel: string; status: string; count: number }>(`SELECT channel::text AS channel, status::text AS status, count(*)::int AS count FROM "OutboxMessage" WHERE status IN ('PENDING', 'SENDING') GROUP BY 1, 2`),
          SCRAPE_QUERY_TIMEOUT_MS,
        ).catch(() => undefined);
        if (!rows) return; // database unreachable: no sample rather than a wrong zero
        for (const channel of OUTBOX_CHANNELS) for (const status of OUTBOX_WAITING) this.set({ channel, status }, 0);
        for (const row of rows) this.set({ channel: row.channel.toLowerCase(), status: row.status.toLowerCase() }, row.count);
      },
    });
    this.outboxSends = new Counter({ name: "fritidskort_outbox_sends_total", help: "Outbox delivery attempts, per channel and outcome (sent, failed for good, retried later).", labelNames: ["channel", "outcome"], registers });
    for (const channel of OUTBOX_CHANNELS) for (const outcome of ["sent", "failed", "retried"] as const) this.outboxSends.inc({ channel, outcome }, 0);

    this.ledgerOperations = new Counter({
      name: "fritidskort_ledger_operations_total",
      help: "Ledger transfers asked for, per kind (ALLOCATION, HOLD, POST, VOID, …) and outcome (created: money moved; not-created: an idempotent repeat, a hold on an empty card, a resolution refused).",
      labelNames: ["kind", "outcome"],
      registers,
    });
    this.jobRuns = new Counter({ name: "fritidskort_job_runs_total", help: "Job calendar runs this instance ran, per job and outcome.", labelNames: ["job", "outcome"], registers });
    this.jobSeconds = new Histogram({ name: "fritidskort_job_duration_seconds", help: "How long a job run took, per job.", labelNames: ["job"], buckets: JOB_BUCKETS, registers });
  }

  /** A bot turn ended after `seconds`. */
  turn(channelId: string | undefined, seconds: number): void {
    const channel = channelLabel(channelId);
    let child = this.turnChildren.get(channel);
    if (!child) {
      child = { count: this.turns.labels(channel), seconds: this.turnSeconds.labels(channel) };
      this.turnChildren.set(channel, child);
    }
    child.count.inc();
    child.seconds.observe(seconds);
  }

  /** A channel's inbound request was answered with `status` after `seconds`. */
  channelRequest(channel: ChannelLabel, status: number, seconds: number): void {
    this.requestSeconds.observe({ channel, status: `${Math.floor(status / 100)}xx` }, seconds);
  }

  /** The NLU chose `intent` with `confidence` (0..1) for a message in `language`. */
  understood(intent: string, language: string, confidence: number): void {
    this.intents.inc({ intent, language });
    this.confidence.observe({ language }, confidence);
  }

  /** An outbox attempt on a channel (`SMS`, `WEBCHAT`, `TEAMS`, as the outbox names them) ended so. */
  outboxAttempt(channel: string, outcome: OutboxOutcome): void {
    this.outboxSends.inc({ channel: channel.toLowerCase(), outcome });
  }

  ledger(kind: string, outcome: LedgerOutcome): void {
    this.ledgerOperations.inc({ kind, outcome });
  }

  /** A batch of posted transfers of one kind: how many moved money, how many did not (repeats). */
  ledgerBatch(kind: string, created: number, notCreated: number): void {
    if (created > 0) this.ledgerOperations.inc({ kind, outcome: "created" }, created);
    if (notCreated > 0) this.ledgerOperations.inc({ kind, outcome: "not-created" }, notCreated);
  }

  jobRun(job: string, outcome: JobOutcomeLabel, seconds: number): void {
    this.jobRuns.inc({ job, outcome });
    this.jobSeconds.observe({ job }, seconds);
  }

  /** The exposition text and its content type, for GET /metrics. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
