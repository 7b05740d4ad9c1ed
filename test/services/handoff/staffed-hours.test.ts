import { describe, expect, it } from "vitest";
import { isStaffed, nextStaffedStart, parseStaffedHours } from "../../../services/handoff/staffed-hours.ts";
import { loadConfig } from "../../../services/config.ts";

const OSLO = "Europe/Oslo";

describe("staffed hours (STAFFED_HOURS)", () => {
  const hours = parseStaffedHours("mon-thu 08:00-15:30, fri 08:00-14:00");

  it("is staffed on a weekday within a window, in the scheme's time zone", () => {
    expect(isStaffed(hours, new Date("2026-11-30T07:00:00Z"), OSLO)).toBe(true); // Monday 08:00
    expect(isStaffed(hours, new Date("2026-11-30T06:59:00Z"), OSLO)).toBe(false);
    expect(isStaffed(hours, new Date("2026-11-30T14:30:00Z"), OSLO)).toBe(false); // 15:30 ends it
    expect(isStaffed(hours, new Date("2026-12-04T12:59:00Z"), OSLO)).toBe(true); // Friday 13:59
    expect(isStaffed(hours, new Date("2026-12-04T13:00:00Z"), OSLO)).toBe(false);
    expect(isStaffed(hours, new Date("2026-12-05T10:00:00Z"), OSLO)).toBe(false); // Saturday
  });

  it("knows when staffed hours next begin, across a weekend and summer time", () => {
    expect(nextStaffedStart(hours, new Date("2026-12-04T15:00:00Z"), OSLO)?.toISOString()).toBe("2026-12-07T07:00:00.000Z");
    // Summer time: 08:00 in Oslo is 06:00 UTC.
    expect(nextStaffedStart(hours, new Date("2026-06-06T10:00:00Z"), OSLO)?.toISOString()).toBe("2026-06-08T06:00:00.000Z");
    const now = new Date("2026-11-30T09:00:00Z");
    expect(nextStaffedStart(hours, now, OSLO)).toBe(now);
    expect(isStaffed("always", new Date("2026-12-05T03:00:00Z"), OSLO)).toBe(true);
  });

  it("refuses a value that is no schedule, in one configuration line", () => {
    expect(() => loadConfig({ STAFFED_HOURS: "weekdays 8-16" })).toThrow(/STAFFED_HOURS must be like "mon-fri 08:00-15:30"/);
    expect(() => loadConfig({ STAFFED_HOURS: "fri-mon 08:00-15:30" })).toThrow(/runs backwards/);
    expect(() => loadConfig({ STAFFED_HOURS: "mon 16:00-08:00" })).toThrow(/ends before it begins/);
    expect(loadConfig({}).handOff).toEqual({ staffedHours: [{ days: [1, 2, 3, 4, 5], from: 480, to: 930 }], reminderMinutes: 60 });
  });
});
