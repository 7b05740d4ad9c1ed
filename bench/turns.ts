/**
 * `npm run bench -- turns [--database postgresql|pglite|both] [--concurrency 50] [--seconds 15]
 *   [--warmup 5] [--rate 100] [--pglite-rate 25] [--profile FILE]`
 *
 * Whole SMS turns against a running service, in the same run as the baseline: a bare botbuilder
 * `CloudAdapter` echo bot on restify (bench/support/echo-bot.ts) driven by the same load generator
 * (autocannon) with the same conversations. Each connection is one demo guardian's phone working
 * through a conversation in its language (nb, en, pl, ar: greeting, balance, a search and MORE, what
 * the card covers, a sign-up in three steps, help), every message a signed Twilio webhook delivery.
 *
 * Two runs per database, because in a closed loop latency and throughput are tied (Little's law):
 * - closed loop: `concurrency` conversations, each sending its next message when the last is
 *   answered: turns per second, as a ratio to the echo bot's;
 * - fixed rate: `rate` deliveries per second, each due at its moment on a fixed schedule, sent
 *   whether or not earlier ones were answered, as Twilio delivers webhooks (bench/support/open-loop.ts):
 *   p50 and p99 as Twilio sees them, counted from when each was due. One conversation per demo
 *   guardian, their messages in turn.
 * The service's peak RSS is its process's high-water mark (VmHWM), with V8's heap and the external
 * memory (Buffers, WebAssembly: PGlite) the service saw at its highest RSS; its CPU time per turn
 * (from /proc) is a figure a busy machine skews little. Both processes run as production runs the
 * service: built (`npm run build`), with `npm run serve`'s node options (support/service-process.ts).
 * Both are first warmed up with the closed loop itself (`--warmup` seconds each: the JIT, the pools),
 * so what is measured is a running service, not its first minute. `--profile FILE` writes the
 * service's CPU profile of the closed-loop run to FILE-<database>.cpuprofile, or with a FILE
 * ending in .heapprofile its allocations (sampled, what the collector has freed included) to
 * FILE-<database>.heapprofile (bench/support/bench-service.ts). The last line per database is one JSON object.
 */
import autocannon from "autocannon";
import { benchDatabase, databasesOf, localPostgresCpuMs, optionsOf, startEchoBot, startService, type BenchDatabase, type RunningProcess } from "./support/service-process.ts";
import { openLoop } from "./support/open-loop.ts";
import { conversations, nextDelivery, nextEchoDelivery, type Conversation } from "./support/sms-load.ts";

interface LoadFigures {
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  sent: number;
}

type Delivery = (conversation: Conversation) => { body: string; headers: Record<string, string> };

/** One autocannon run: each connection is a conversation; `rate` makes it a fixed-rate run. */
export async function load(url: string, path: string, delivery: Delivery, conversationsFor: (count: number) => Conversation[], options: { connections: number; seconds: number; rate?: number }): Promise<LoadFigures> {
  const pool = conversationsFor(options.connections);
  let next = 0;
  const byContext = new WeakMap<object, Conversation>();
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: "POST",
        path,
        setupRequest: (request, context) => {
          let conversation = byContext.get(context);
          if (!conversation) byContext.set(context, (conversation = pool[next++ % pool.length]!));
          const { body, headers } = delivery(conversation);
          return { ...request, body, headers };
        },
      },
    ],
  });
  const total = result.requests.total;
  return {
    turnsPerSec: Math.round((result["2xx"] / options.seconds) * 10) / 10,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    sent: total,
  };
}

export async function run(args: string[]): Promise<void> {
  const option = optionsOf(args);
  const databases = databasesOf(option("database", "both"));
  const concurrency = Number(option("concurrency", "50"));
  const seconds = Number(option("seconds", "15"));
  const warmup = Number(option("warmup", "5"));
  const rates: Record<BenchDatabase, number> = { postgresql: Number(option("rate", "100")), pglite: Number(option("pglite-rate", "25")) };
  const profileFile = args.includes("--profile") ? option("profile", "turns.cpuprofile") : undefined;

  const echo = await startEchoBot();
  try {
    for (const kind of databases) {
      console.log(`${kind}: seeding a database of its own with the demo municipality…`);
      const database = await benchDatabase(kind);
      let service: RunningProcess | undefined;
      let floor: RunningProcess | undefined;
      try {
        // The stack's floor (bench/support/echo-bot.ts): a one-step dialog with the issue's three statements, on this server.
        floor = database.target.kind === "postgresql" ? await startEchoBot({ floor: database.target.url }) : undefined;
        service = await startService(database, profileFile ? { env: { BENCH_PROFILE_FILE: profileFile.endsWith(".heapprofile") ? `${profileFile.replace(/\.heapprofile$/, "")}-${kind}.heapprofile` : `${profileFile.replace(/\.cpuprofile$/, "")}-${kind}.cpuprofile` } } : {});
        const forService = (count: number) => conversations(database.families, count);
        const sms = (conversation: Conversation) => nextDelivery(service!.url, conversation);
        // Warm-up, both at full load: the NLU's first use, the JIT, the connection pools.
        await load(service.url, "/api/sms", sms, forService, { connections: concurrency, seconds: warmup });
        await load(echo.url, "/api/messages", nextEchoDelivery, forService, { connections: concurrency, seconds: warmup });
        if (floor) await load(floor.url, "/api/messages", nextEchoDelivery, forService, { connections: concurrency, seconds: warmup });

        const echoCpu = echo.cpuMs();
        const echoClosed = await load(echo.url, "/api/messages", nextEchoDelivery, forService, { connections: concurrency, seconds });
        const echoCpuPerTurn = (echo.cpuMs() - echoCpu) / Math.max(1, echoClosed.turnsPerSec * seconds);
        const floorCpu = floor?.cpuMs() ?? 0;
        const floorClosed = floor ? await load(floor.url, "/api/messages", nextEchoDelivery, forService, { connections: concurrency, seconds }) : undefined;
        const floorCpuPerTurn = floor && floorClosed ? (floor.cpuMs() - floorCpu) / Math.max(1, floorClosed.turnsPerSec * seconds) : undefined;
        await floor?.stop();
        const serviceCpu = service.cpuMs();
        const databaseCpu = kind === "postgresql" ? localPostgresCpuMs() : null;
        const loadCpu = process.cpuUsage();
        if (profileFile) service.child.kill("SIGUSR2");
        const closed = await load(service.url, "/api/sms", sms, forService, { connections: concurrency, seconds });
        if (profileFile) service.child.kill("SIGUSR2");
        const turns = Math.max(1, closed.turnsPerSec * seconds);
        const cpuPerTurn = (service.cpuMs() - serviceCpu) / turns;
        const databaseCpuPerTurn = databaseCpu === null ? null : (localPostgresCpuMs() - databaseCpu) / turns;
        const loadUsage = process.cpuUsage(loadCpu);
        const loadCpuPerTurn = (loadUsage.user + loadUsage.system) / 1000 / turns;
        const afterClosed = { peakRssMb: service.peakRssMb(), atPeak: service.memoryAtPeak?.() };
        const rate = rates[kind];
        // The fixed rate: one conversation per demo guardian, their messages in turn, due on schedule.
        const phones = forService(database.families.length);
        let k = 0;
        const open = await openLoop(service.url, () => ({ path: "/api/sms", ...sms(phones[k++ % phones.length]!) }), { rate, seconds });
        const ratio = Math.round((closed.turnsPerSec / echoClosed.turnsPerSec) * 1000) / 1000;
        console.log(`${kind}: closed loop of ${concurrency}: ${closed.turnsPerSec} turns/s (echo bot ${echoClosed.turnsPerSec}/s, ratio ${ratio}), p50 ${closed.p50Ms} ms, p99 ${closed.p99Ms} ms, ${closed.errors} errors`);
        if (floorClosed) {
          const floorRatio = floorClosed.turnsPerSec / echoClosed.turnsPerSec;
          console.log(`${kind}: the stack's floor (echo bot + a one-step dialog + a dedupe insert, a state read and a state upsert): ${floorClosed.turnsPerSec} turns/s (ratio ${floorRatio.toFixed(3)}), ${floorCpuPerTurn!.toFixed(2)} ms CPU a turn; the service makes ${(closed.turnsPerSec / floorClosed.turnsPerSec).toFixed(2)}× the floor's turns`);
        }
        console.log(
          `${kind}: CPU per turn: service ${cpuPerTurn.toFixed(1)} ms, ${databaseCpuPerTurn === null ? "database in the service's process" : `database ${databaseCpuPerTurn.toFixed(1)} ms (this machine's postgres processes)`}, load generator ${loadCpuPerTurn.toFixed(1)} ms; echo bot ${echoCpuPerTurn.toFixed(2)} ms`,
        );
        console.log(`${kind}: fixed rate ${rate}/s (open loop, ${phones.length} phones): ${open.sent} sent of ${open.scheduled} due, ${open.turnsPerSec} answered/s, p50 ${open.p50Ms} ms, p99 ${open.p99Ms} ms, max ${open.maxMs} ms, ${open.errors} errors`);
        const atPeak = service.memoryAtPeak?.();
        console.log(`${kind}: peak RSS ${afterClosed.peakRssMb} MB after the closed loop, ${service.peakRssMb()} MB after the fixed rate; at the peak V8's heap ${atPeak?.heapTotal} MB (${atPeak?.heapUsed} MB of it in use), external ${atPeak?.external} MB`);
        console.log(
          JSON.stringify({
            suite: "turns",
            database: kind,
            concurrency,
            turnsPerSec: closed.turnsPerSec,
            echoTurnsPerSec: echoClosed.turnsPerSec,
            ratio,
            ...(floorClosed ? { floorTurnsPerSec: floorClosed.turnsPerSec, floorRatio: Math.round((floorClosed.turnsPerSec / echoClosed.turnsPerSec) * 1000) / 1000 } : {}),
            closedP50Ms: closed.p50Ms,
            closedP99Ms: closed.p99Ms,
            rate,
            sentAtRate: open.sent,
            p50Ms: open.p50Ms,
            p99Ms: open.p99Ms,
            maxMs: open.maxMs,
            errors: closed.errors + open.errors,
            peakRssMb: service.peakRssMb(),
            closedPeakRssMb: afterClosed.peakRssMb,
            peakHeapTotalMb: atPeak?.heapTotal,
            peakHeapUsedMb: atPeak?.heapUsed,
            peakExternalMb: atPeak?.external,
            cpuMsPerTurn: Math.round(cpuPerTurn * 10) / 10,
            ...(databaseCpuPerTurn === null ? {} : { databaseCpuMsPerTurn: Math.round(databaseCpuPerTurn * 10) / 10 }),
            loadCpuMsPerTurn: Math.round(loadCpuPerTurn * 10) / 10,
            echoCpuMsPerTurn: Math.round(echoCpuPerTurn * 100) / 100,
            ...(floorCpuPerTurn === undefined ? {} : { floorCpuMsPerTurn: Math.round(floorCpuPerTurn * 100) / 100 }),
            echoPeakRssMb: echo.peakRssMb(),
          }),
        );
      } finally {
        await floor?.stop();
        await service?.stop();
        await database.drop();
      }
    }
  } finally {
    await echo.stop();
  }
}
