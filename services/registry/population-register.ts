import { z } from "zod";
import { isIsoDate, type IsoDate } from "../dates.ts";

/**
 * The population register (folkeregisteret, as the municipality reaches it), as the login needs it:
 * a national identity number in, the register's opaque reference out — the reference our Person
 * rows carry (`registryRef`). The number is used for this one question and kept nowhere.
 */
export interface PopulationRegister {
  /** The register's reference of the person with this national identity number; null if it has none. */
  registryRefOf(pid: string): Promise<string | null>;
}

/** The register could not answer (down, slow, refused our credentials): the login can be tried again later. */
export class PopulationRegisterUnavailable extends Error {
  constructor(
    readonly status: number | undefined,
    detail?: string,
  ) {
    // The message never carries the number asked about.
    super(detail ?? (status === undefined ? "the population register did not answer" : `the population register answered HTTP ${status}`));
    this.name = "PopulationRegisterUnavailable";
  }
}

const NationalIdentityNumber = z.string().regex(/^\d{11}$/);
const LookupAnswer = z.object({ registryRef: z.string().min(1).max(200) });

/**
 * The production adapter: `POST {baseUrl}/v1/persons/lookup` with `{"pid": "…"}` and the API key as
 * a bearer token; 200 `{"registryRef": "…"}`, or 404 when the register has no such person. The
 * number goes in the body, never in the URL, which proxies and access logs record.
 */
export class HttpPopulationRegister implements PopulationRegister {
  constructor(private readonly options: { baseUrl: string; apiKey: string; timeoutMs?: number }) {}

  async registryRefOf(pid: string): Promise<string | null> {
    if (!NationalIdentityNumber.safeParse(pid).success) return null;
    let status: number | undefined;
    let body: unknown;
    try {
      const response = await fetch(`${this.options.baseUrl}/v1/persons/lookup`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.options.apiKey}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ pid }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      status = response.status;
      if (status === 404) return null;
      if (!response.ok) throw new PopulationRegisterUnavailable(status);
      body = await response.json();
    } catch (error) {
      // Network failures, time-outs and unreadable bodies alike; the cause is not kept, as it may quote the request.
      throw error instanceof PopulationRegisterUnavailable ? error : new PopulationRegisterUnavailable(status);
    }
    const answer = LookupAnswer.safeParse(body);
    if (!answer.success) throw new PopulationRegisterUnavailable(status);
    return answer.data.registryRef;
  }
}

// ───────────────────────────── The municipality's persons, for the register sync ─────────────────────────────

/**
 * One person as the register lists them for the municipality (docs/registry.md): children with their
 * guardians' references, and the guardians themselves (a guardian living elsewhere has no
 * `residentFrom`). Names are the register's; dates are YYYY-MM-DD; `residentUntil` is exclusive.
 */
export interface RegisterPerson {
  registryRef: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  /** The district (bydel) of the registered address, by the municipality's name for it; null if none. */
  district: string | null;
  residentFrom: IsoDate | null;
  residentUntil: IsoDate | null;
  /** The register references of the person's guardians (children only; empty for adults). */
  guardians: string[];
  /** Reservation against contact: the person must not be approached (no outreach). */
  contactReservation: boolean;
}

/** A record the register sent that we could not read: skipped and reported, never stored. */
export interface SkippedRecord {
  /** The record's reference when it had a readable one (it is opaque, never a national identity number). */
  registryRef: string | null;
  /** Where it came: page number (from 1) and index on the page (from 0). */
  page: number;
  index: number;
  reason: string;
}

export interface RegisterPage {
  persons: RegisterPerson[];
  skipped: SkippedRecord[];
}

/** Everything the register lists for a municipality, page by page. */
export interface RegisterListing {
  pages(municipalityNumber: string): AsyncIterable<RegisterPage>;
}

const isoDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const RegisterRef = z.string().min(1).max(200);

/** One record of the bulk answer: unknown fields are ignored, a wrong one makes the record skipped. */
export const RegisterPersonSchema = z
  .object({
    registryRef: RegisterRef,
    givenName: z.string().trim().min(1).max(200),
    familyName: z.string().trim().min(1).max(200),
    birthDate: isoDate,
    district: z.string().trim().min(1).max(100).nullable().default(null),
    residentFrom: isoDate.nullable().default(null),
    residentUntil: isoDate.nullable().default(null),
    guardians: z.array(RegisterRef).max(10).default([]),
    contactReservation: z.boolean().default(false),
  })
  .refine((p) => p.residentFrom === null || p.residentUntil === null || p.residentFrom < p.residentUntil, { message: "residentUntil must be after residentFrom", path: ["residentUntil"] })
  .refine((p) => p.residentUntil === null || p.residentFrom !== null, { message: "residentUntil without residentFrom", path: ["residentUntil"] })
  .refine((p) => !p.guardians.includes(p.registryRef), { message: "a person cannot be their own guardian", path: ["guardians"] });

const PageEnvelope = z.object({ persons: z.array(z.unknown()), nextCursor: z.string().min(1).max(2000).nullable().optional() });

/** Reads one page's records: the valid ones, and a reason for each one skipped. */
export function parseRegisterRecords(records: unknown[], page: number): RegisterPage {
  const persons: RegisterPerson[] = [];
  const skipped: SkippedRecord[] = [];
  records.forEach((record, index) => {
    const parsed = RegisterPersonSchema.safeParse(record);
    if (parsed.success) {
      persons.push(parsed.data);
      return;
    }
    const ref = RegisterRef.safeParse((record as { registryRef?: unknown } | null)?.registryRef);
    const issue = parsed.error.issues[0]!;
    // The reason names the field, never its value (a name or a date of birth is personal data).
    skipped.push({ registryRef: ref.success ? ref.data : null, page, index, reason: `${issue.path.join(".") || "record"}: ${issue.message}` });
  });
  return { persons, skipped };
}

export interface RetryPolicy {
  /** Tries of one page in all, the first included. */
  attempts: number;
  /** The first back-off after a 5xx or a lost connection; doubled each time, with jitter. */
  baseDelayMs: number;
  /** No single wait is longer, whatever the back-off or Retry-After says. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The production adapter of the bulk listing: `GET {baseUrl}/v1/municipalities/{number}/persons
 * ?limit=…&cursor=…` with the same bearer key as the login look-up (one register configuration:
 * POPULATION_REGISTER_URL and _API_KEY). Each page is retried on 429 (after Retry-After, bounded)
 * and on 5xx or a lost connection (exponential back-off, bounded), up to `retry.attempts` tries;
 * a 4xx other than 429, or a page whose envelope is unreadable, stops the listing at once.
 */
export class HttpRegisterListing implements RegisterListing {
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly options: {
      baseUrl: string;
      apiKey: string;
      timeoutMs?: number;
      pageSize?: number;
      retry?: Partial<RetryPolicy>;
      /** Waiting between tries (tests record the waits instead). */
      sleep?: (ms: number) => Promise<void>;
      /** Told of each retry: status (undefined: no answer) and the wait. */
      onRetry?: (info: { page: number; attempt: number; status: number | undefined; waitMs: number }) => void;
    },
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async *pages(municipalityNumber: string): AsyncIterable<RegisterPage> {
    let cursor: string | null = null;
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const body = await this.fetchPage(municipalityNumber, cursor, page);
      yield parseRegisterRecords(body.persons, page);
      cursor = body.nextCursor ?? null;
      if (cursor === null) return;
      // A register that hands back a cursor it gave before would page for ever.
      if (seen.has(cursor)) throw new PopulationRegisterUnavailable(undefined, "the register repeated a page cursor");
      seen.add(cursor);
    }
  }

  private async fetchPage(municipalityNumber: string, cursor: string | null, page: number): Promise<z.infer<typeof PageEnvelope>> {
    const url = new URL(`${this.options.baseUrl}/v1/municipalities/${encodeURIComponent(municipalityNumber)}/persons`);
    url.searchParams.set("limit", String(this.options.pageSize ?? 500));
    if (cursor !== null) url.searchParams.set("cursor", cursor);
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      let retryAfterMs: number | null = null;
      try {
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${this.options.apiKey}`, accept: "application/json" },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
        status = response.status;
        if (response.ok) {
          const envelope = PageEnvelope.safeParse(await response.json().catch(() => null));
          if (!envelope.success) throw new PopulationRegisterUnavailable(status, `page ${page} of the register's answer is not a list of persons`);
          return envelope.data;
        }
        await response.arrayBuffer().catch(() => undefined);
        if (status !== 429 && status < 500) throw new PopulationRegisterUnavailable(status);
        if (status === 429) retryAfterMs = retryAfterSeconds(response.headers.get("retry-after"));
      } catch (error) {
        if (error instanceof PopulationRegisterUnavailable) throw error;
        // A lost connection or a time-out: retried like a 5xx. The cause is not kept (it may quote the request).
      }
      if (attempt >= this.retry.attempts) throw new PopulationRegisterUnavailable(status, `page ${page}: the register did not answer after ${attempt} tries${status === undefined ? "" : ` (last: HTTP ${status})`}`);
      const backoff = this.retry.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
      const waitMs = Math.min(this.retry.maxDelayMs, retryAfterMs ?? backoff);
      this.options.onRetry?.({ page, attempt, status, waitMs });
      await this.sleep(waitMs);
    }
  }
}

/** Retry-After in seconds (the form registers and gateways send); a date or nonsense: null (back off instead). */
function retryAfterSeconds(header: string | null): number | null {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return null;
  return Number(header.trim()) * 1000;
}

/** A listing held in memory, given the people it lists: tests, and the demo register the development tools build from it. */
export class InMemoryRegisterListing implements RegisterListing {
  constructor(
    private readonly records: unknown[],
    private readonly pageSize = 500,
  ) {}

  async *pages(): AsyncIterable<RegisterPage> {
    for (let start = 0, page = 1; start < this.records.length || page === 1; start += this.pageSize, page++) {
      yield parseRegisterRecords(this.records.slice(start, start + this.pageSize), page);
      if (start + this.pageSize >= this.records.length) return;
    }
  }
}
