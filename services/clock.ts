import { todayIn, type IsoDate } from "./dates.ts";

/**
 * The service's one clock. Every time the service records or compares (a ledger transfer's date, a
 * hold's timeout, an audit row, the outbox's next attempt, "today" in the municipality) comes from
 * the Clock the composition root injects; tests inject a fixed one, so no test depends on the day it
 * runs. This file is the only one that reads the wall clock (test/architecture.test.ts checks).
 * Measuring a duration (performance.now) and timers are not reading the date, and stay as they are.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: tests and scripted runs. */
export class ManualClock implements Clock {
  private at: number;

  constructor(at: Date | string) {
    this.at = new Date(at).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): void {
    this.at = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

/** Today's date in the municipality's time zone, by the clock. */
export function today(clock: Clock, timeZone: string): IsoDate {
  return todayIn(timeZone, clock.now());
}
