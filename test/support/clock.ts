import { ManualClock } from "../../services/clock.ts";

/** The fixed day every test runs on: no test depends on the day it runs. */
export const TEST_DAY = "2026-11-27";

/** A clock standing at noon (Oslo: 13:00) on the test day; each caller gets its own to move. */
export function testClock(): ManualClock {
  return new ManualClock(`${TEST_DAY}T12:00:00Z`);
}
