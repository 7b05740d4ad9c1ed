/**
 * An open-loop load: requests leave on a fixed schedule — the k-th at start + k/rate — whether or
 * not earlier ones were answered, as Twilio's webhook deliveries arrive. Each request's latency is
 * counted from the moment it was due, not from when it could be sent, so a service that falls
 * behind cannot hide it (coordinated omission).
 *
 * Why not autocannon's `overallRate` (used for the closed loop): it gives each connection a quota
 * per second and refills every connection's quota on its own one-second timer, started together,
 * so the requests leave in one burst at the top of each second (measured: at 100/s the p50 was the
 * time to drain a burst of 100, three times the closed loop's at twice the load).
 */
import http from "node:http";

export interface OpenLoopFigures {
  /** Requests due in the run, and those that left (all of them unless the generator itself fell behind). */
  scheduled: number;
  sent: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** Answered 2xx per second of the run. */
  turnsPerSec: number;
}

export const percentile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
};

/** `next()` gives the k-th request's path, body and headers (the caller keeps each conversation in order). */
export async function openLoop(baseUrl: string, next: () => { path: string; body: string; headers: Record<string, string> }, options: { rate: number; seconds: number; timeoutMs?: number }): Promise<OpenLoopFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const url = new URL(baseUrl);
  const scheduled = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let answered = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const { path, body, headers } = next();
      const request = http.request(
        { host: url.hostname, port: url.port, path, method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) }, timeout: options.timeoutMs ?? 30_000 },
        (response) => {
          response.resume();
          response.on("end", () => {
            latencies.push(performance.now() - dueAt);
            if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) answered += 1;
            else errors += 1;
            resolve();
          });
        },
      );
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", () => {
        errors += 1;
        latencies.push(performance.now() - dueAt);
        resolve();
      });
      request.end(body);
    });
  let sent = 0;
  const interval = 1000 / options.rate;
  while (sent < scheduled) {
    const now = performance.now();
    // Everything due by now leaves now (a late timer sends the backlog at once, still counted from when it was due).
    while (sent < scheduled && started + sent * interval <= now) {
      inFlight.push(send(started + sent * interval));
      sent += 1;
    }
    const wait = started + sent * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return {
    scheduled,
    sent,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: Math.round(Math.max(0, ...latencies)),
    errors,
    turnsPerSec: Math.round((answered / options.seconds) * 10) / 10,
  };
}
