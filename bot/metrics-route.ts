import { timingSafeEqual } from "node:crypto";
import type restify from "restify";
import type { Metrics } from "../services/observability/metrics.ts";
import { fromLoopback } from "./loopback.ts";

export const METRICS_PATH = "/metrics";

/**
 * Who may read /metrics (docs/observability.md):
 * - this machine: a request whose socket peer is loopback and that no proxy forwarded (a reverse
 *   proxy on the same host connects from loopback too, and adds X-Forwarded-For or Forwarded);
 * - anyone else only with `Authorization: Bearer <METRICS_TOKEN>`;
 * - without a configured token, nobody else: 404, as if there were no such route.
 * The numbers name no person, but they tell load, failures and queue depths: not for the public.
 */
export type MetricsAccess = "allowed" | "needs-token" | "bad-token" | "not-offered";

export function metricsAccess(req: restify.Request, token: string | undefined): MetricsAccess {
  const forwarded = req.header("x-forwarded-for") !== undefined || req.header("forwarded") !== undefined;
  if (fromLoopback(req) && !forwarded) return "allowed";
  if (!token) return "not-offered";
  const presented = /^Bearer\s+(\S+)$/i.exec(req.header("authorization") ?? "")?.[1];
  if (!presented) return "needs-token";
  const given = Buffer.from(presented);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "allowed" : "bad-token";
}

/** GET /metrics: the app's registry in Prometheus' text format. */
export function registerMetricsRoute(server: restify.Server, deps: { metrics: Metrics; token: string | undefined }): void {
  server.get(METRICS_PATH, async (req, res) => {
    res.header("cache-control", "no-store");
    switch (metricsAccess(req, deps.token)) {
      case "not-offered":
        return void res.json(404, { error: "NOT_FOUND", message: `${METRICS_PATH} does not exist` });
      case "needs-token":
      case "bad-token":
        res.header("www-authenticate", 'Bearer realm="metrics"');
        return void res.json(401, { error: "UNAUTHORIZED", message: "send Authorization: Bearer <METRICS_TOKEN>" });
      case "allowed": {
        const { contentType, body } = await deps.metrics.scrape();
        res.writeHead(200, { "content-type": contentType });
        res.end(body);
      }
    }
  });
}
