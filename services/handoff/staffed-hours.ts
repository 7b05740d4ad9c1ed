import { addDays, intlFormatter, todayIn } from "../dates.ts";

/**
 * When caseworkers answer hand-offs (STAFFED_HOURS): comma-separated windows of weekdays and local
 * times in the scheme's time zone, e.g. "mon-fri 08:00-15:30" or "mon-thu 08:00-15:30, fri 08:00-14:00";
 * "always" for a service staffed round the clock.
 */
export interface StaffedWindow {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Minutes after local midnight: from (inclusive) to (exclusive). */
  from: number;
  to: number;
}

export type StaffedHours = StaffedWindow[] | "always";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WINDOW = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** The windows of a STAFFED_HOURS value; throws an Error with a reason the configuration shows. */
export function parseStaffedHours(value: string): StaffedHours {
  const text = value.trim().toLowerCase();
  if (text === "always") return "always";
  return text.split(",").map((part) => {
    const match = WINDOW.exec(part.trim().replace(/\s+/g, " "));
    if (!match) throw new Error(`"${part.trim()}" is not "<day>[-<day>] HH:MM-HH:MM" (e.g. mon-fri 08:00-15:30)`);
    const [, first, last, h1, m1, h2, m2] = match;
    const start = DAYS.indexOf(first!);
    const end = DAYS.indexOf(last ?? first!);
    if (start < 0 || end < 0) throw new Error(`days are ${DAYS.join(", ")} (got "${part.trim()}")`);
    if (end < start) throw new Error(`"${first}-${last}" runs backwards; write it as two windows`);
    const from = Number(h1) * 60 + Number(m1);
    const to = Number(h2) * 60 + Number(m2);
    if (Number(h1) > 23 || Number(h2) > 24 || Number(m1) > 59 || Number(m2) > 59 || to > 24 * 60) throw new Error(`"${part.trim()}" has a time that is no time of day`);
    if (to <= from) throw new Error(`"${part.trim()}" ends before it begins`);
    return { days: Array.from({ length: end - start + 1 }, (_, i) => start + i + 1), from, to };
  });
}

/** The local weekday (1–7) and minute of the day of an instant in a time zone. */
function localTime(now: Date, timeZone: string): { weekday: number; minute: number } {
  const parts = intlFormatter(Intl.DateTimeFormat, "en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: DAYS.indexOf(part("weekday").toLowerCase().slice(0, 3)) + 1, minute: Number(part("hour")) * 60 + Number(part("minute")) };
}

/** Whether a caseworker is at work at this instant. */
export function isStaffed(hours: StaffedHours, now: Date, timeZone: string): boolean {
  if (hours === "always") return true;
  const { weekday, minute } = localTime(now, timeZone);
  return hours.some((window) => window.days.includes(weekday) && minute >= window.from && minute < window.to);
}

/** The instant a local date and minute of the day is in a time zone (daylight saving included). */
function instantOf(date: string, minute: number, timeZone: string): Date {
  const wanted = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const local = todayIn(timeZone, new Date(guess));
    const { minute: localMinute } = localTime(new Date(guess), timeZone);
    const shownAs = Date.parse(`${local}T00:00:00Z`) + localMinute * 60_000;
    guess += wanted - shownAs;
  }
  return new Date(guess);
}

/** When staffed hours next begin after `now` (now itself if staffed); null if never (no windows). */
export function nextStaffedStart(hours: StaffedHours, now: Date, timeZone: string): Date | null {
  if (isStaffed(hours, now, timeZone)) return now;
  if (hours === "always" || hours.length === 0) return null;
  const today = todayIn(timeZone, now);
  for (let day = 0; day <= 7; day++) {
    const date = addDays(today, day);
    const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const starts = hours.filter((window) => window.days.includes(weekday)).map((window) => instantOf(date, window.from, timeZone)).filter((start) => start > now);
    if (starts.length > 0) return starts.sort((a, b) => a.getTime() - b.getTime())[0]!;
  }
  return null;
}
