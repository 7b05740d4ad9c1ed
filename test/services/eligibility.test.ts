import { describe, expect, it } from "vitest";
import { ageEligibility, assessEligibility, type AgeRules } from "../../services/eligibility.ts";
import { parsePeriodCode, periodContaining } from "../../services/periods.ts";

const rules = { springStart: "01-01", autumnStart: "08-01" };
const birthYear: AgeRules = { ageRule: "BIRTH_YEAR", minAge: 6, maxAge: 18 };
const exactAge: AgeRules = { ageRule: "EXACT_AGE", minAge: 6, maxAge: 18 };
const autumn2026 = parsePeriodCode("2026-autumn", rules);
const spring2026 = parsePeriodCode("2026-spring", rules);
const resident = { residentFrom: "2010-01-01", residentUntil: null };

describe("periods", () => {
  it("splits the year at the configured autumn start", () => {
    expect(spring2026).toMatchObject({ startsOn: "2026-01-01", endsOn: "2026-07-31" });
    expect(autumn2026).toMatchObject({ startsOn: "2026-08-01", endsOn: "2026-12-31" });
    expect(periodContaining("2026-07-31", rules)?.code).toBe("2026-spring");
    expect(periodContaining("2026-08-01", rules)?.code).toBe("2026-autumn");
    expect(parsePeriodCode("2028-spring", { springStart: "01-01", autumnStart: "07-01" }).endsOn).toBe("2028-06-30");
  });

  it("rejects a badly named period", () => {
    expect(() => parsePeriodCode("2026-summer", rules)).toThrow(/spring or <year>-autumn/);
  });
});

describe("birth-year rule (Drammen: turns 6..18 in the period's year)", () => {
  it.each([
    ["2008-12-31", true, undefined], // turns 18 in 2026, on the last day
    ["2009-01-01", true, undefined],
    ["2007-12-31", false, "TOO_OLD"], // turned 19 in 2026
    ["2020-12-31", true, undefined], // turns 6 on New Year's Eve: eligible all year
    ["2021-01-01", false, "TOO_YOUNG"],
  ])("born %s in 2026 → eligible %s", (birthDate, eligible, reason) => {
    for (const period of [spring2026, autumn2026]) {
      const result = ageEligibility(birthDate, period, birthYear);
      expect(result.eligible).toBe(eligible);
      if (!result.eligible) expect(result.reason).toBe(reason);
    }
  });

  it("tells a child too young the first day it can have the card", () => {
    expect(ageEligibility("2021-05-17", autumn2026, birthYear)).toEqual({ eligible: false, period: "2026-autumn", reason: "TOO_YOUNG", from: "2027-01-01" });
  });

  it("tells a child too old the last year it had the card", () => {
    expect(ageEligibility("2007-03-03", autumn2026, birthYear)).toMatchObject({ reason: "TOO_OLD", lastYear: 2025 });
  });

  it("a child born 31 Dec 2008 is out in 2027, one born 1 Jan 2009 is still in", () => {
    const spring2027 = parsePeriodCode("2027-spring", rules);
    expect(ageEligibility("2008-12-31", spring2027, birthYear).eligible).toBe(false);
    expect(ageEligibility("2009-01-01", spring2027, birthYear).eligible).toBe(true);
  });
});

describe("exact-age rule (from the 6th birthday until the 18th)", () => {
  it("born 31 Dec 2008: 18 on the last day of autumn 2026, so still eligible that period", () => {
    expect(ageEligibility("2008-12-31", autumn2026, exactAge).eligible).toBe(true);
    expect(ageEligibility("2008-12-31", parsePeriodCode("2027-spring", rules), exactAge)).toMatchObject({ reason: "TOO_OLD", until: "2026-12-31" });
  });

  it("18th birthday on the first day of a period: not eligible in that period", () => {
    expect(ageEligibility("2008-08-01", autumn2026, exactAge)).toMatchObject({ eligible: false, reason: "TOO_OLD" });
    expect(ageEligibility("2008-08-02", autumn2026, exactAge).eligible).toBe(true);
  });

  it("6th birthday on the last day of a period: eligible in that period", () => {
    expect(ageEligibility("2020-07-31", spring2026, exactAge).eligible).toBe(true);
    expect(ageEligibility("2020-08-01", spring2026, exactAge)).toEqual({ eligible: false, period: "2026-spring", reason: "TOO_YOUNG", from: "2026-08-01" });
  });

  it("a child born 29 February turns 6 on 1 March in a common year", () => {
    expect(ageEligibility("2020-02-29", parsePeriodCode("2026-spring", rules), exactAge).eligible).toBe(true);
    expect(ageEligibility("2021-02-28", parsePeriodCode("2027-spring", rules), exactAge).eligible).toBe(true);
    expect(ageEligibility("2024-02-29", parsePeriodCode("2029-spring", rules), exactAge)).toEqual({ eligible: false, period: "2029-spring", reason: "TOO_YOUNG", from: "2030-03-01" });
  });

  it("differs from the birth-year rule for a child born in December", () => {
    // Born 2020-12-01: birth-year rule lets it in all of 2026; exact age only from 1 December.
    expect(ageEligibility("2020-12-01", spring2026, birthYear).eligible).toBe(true);
    expect(ageEligibility("2020-12-01", spring2026, exactAge).eligible).toBe(false);
    expect(ageEligibility("2020-12-01", autumn2026, exactAge).eligible).toBe(true);
  });
});

describe("residence", () => {
  const child = { birthDate: "2014-04-04" };

  it("must be registered in the municipality on the day asked", () => {
    expect(assessEligibility({ ...child, ...resident }, autumn2026, birthYear, "2026-09-01").eligible).toBe(true);
    expect(assessEligibility({ ...child, residentFrom: null, residentUntil: null }, autumn2026, birthYear, "2026-09-01")).toMatchObject({ reason: "NOT_RESIDENT" });
  });

  it("a child who moves in mid-period becomes eligible on the day of registration", () => {
    const movedIn = { ...child, residentFrom: "2026-10-15", residentUntil: null };
    expect(assessEligibility(movedIn, autumn2026, birthYear, "2026-10-14").eligible).toBe(false);
    expect(assessEligibility(movedIn, autumn2026, birthYear, "2026-10-15").eligible).toBe(true);
  });

  it("a child who moved out is no longer eligible from the moving day", () => {
    const movedOut = { ...child, residentFrom: "2010-01-01", residentUntil: "2026-09-01" };
    expect(assessEligibility(movedOut, autumn2026, birthYear, "2026-08-31").eligible).toBe(true);
    expect(assessEligibility(movedOut, autumn2026, birthYear, "2026-09-01")).toMatchObject({ reason: "NOT_RESIDENT" });
  });

  it("a date outside the period is held to the period's bounds", () => {
    // Asking in November about next spring judges residence on 1 January.
    const movingOut = { ...child, residentFrom: "2010-01-01", residentUntil: "2026-12-20" };
    expect(assessEligibility(movingOut, parsePeriodCode("2027-spring", rules), birthYear, "2026-11-27")).toMatchObject({ reason: "NOT_RESIDENT" });
  });

  it("without a birth date nothing can be decided", () => {
    expect(assessEligibility({ birthDate: null, ...resident }, autumn2026, birthYear, "2026-09-01")).toMatchObject({ reason: "NO_BIRTH_DATE" });
  });
});
