import { ScopeSlot } from "../request-scope.ts";
import type { Metrics } from "./metrics.ts";

/**
 * What the code running now belongs to: an HTTP request (its id, set at the edge by bot/app.ts),
 * or a job run. The logger stamps every line with `requestId` (services/logger.ts's mixin), and
 * services record their metrics into the app's own registry without being handed it
 * (docs/observability.md). Carried by the request's scope (services/request-scope.ts), so it follows awaits, timers and promise
 * chains started inside; it is absent in scripts and tests that call services directly (then
 * nothing is counted and lines carry no id).
 */
export interface Observation {
  /** The request's id (also the response's X-Request-Id), or `job-<JobRun id>` for a job run. */
  readonly requestId?: string;
  /** The registry of the app this work runs in (tests start several apps in one process). */
  readonly metrics?: Metrics;
}

const observation = new ScopeSlot<Observation>("observation");

/** Runs `work` (and everything it starts) as part of `observed`. */
export function observe<T>(observed: Observation, work: () => T): T {
  return observation.run(observed, work);
}

/** The observation the code runs in, if any. */
export function currentObservation(): Observation | undefined {
  return observation.get();
}

/** The metrics of the app the current request or job belongs to, if any. */
export function currentMetrics(): Metrics | undefined {
  return observation.get()?.metrics;
}
