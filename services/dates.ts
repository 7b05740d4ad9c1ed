/**
 * Calendar dates as ISO strings (YYYY-MM-DD). The scheme's rules are about days in Norway, not
 * instants: comparing strings avoids the midnight drift of JS Dates in Europe/Oslo.
 */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** A @db.Date column comes back as UTC midnight. */
export function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function fromIsoDate(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Today's date in a time zone ("today" for a family in Drammen, whatever the server's zone). */
export function todayIn(timeZone: string, now: Date): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return intlFormatter(Intl.DateTimeFormat, "en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const formatters = new Map<string, { format(value: never): string; formatToParts?(value: never): unknown }>();

/**
 * An Intl formatter, built once per locale and options: building one costs tens of microseconds,
 * and a turn formats many dates and amounts (docs/performance.md). Formatters are immutable.
 */
export function intlFormatter<F extends Intl.DateTimeFormat | Intl.NumberFormat, O>(kind: new (locale: string, options: O) => F, locale: string, options: O): F {
  const key = `${kind.name}|${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) formatters.set(key, (formatter = new kind(locale, options)) as never);
  return formatter;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/**
 * The day a person born on `birthDate` turns `years`. Someone born 29 February has the birthday
 * on 1 March in a non-leap year (the full number of years has then passed).
 */
export function birthdayAt(birthDate: IsoDate, years: number): IsoDate {
  const year = yearOf(birthDate) + years;
  const monthDay = birthDate.slice(5);
  const candidate = `${String(year).padStart(4, "0")}-${monthDay}`;
  return isIsoDate(candidate) ? candidate : `${String(year).padStart(4, "0")}-03-01`;
}

/** Whole years of age on `on`. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const years = yearOf(on) - yearOf(birthDate);
  return birthdayAt(birthDate, years) <= on ? years : years - 1;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = fromIsoDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}
