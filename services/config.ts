import { z } from "zod";
import { ACTIVITY_CATEGORIES, DEFAULT_EXCLUDED_CATEGORIES } from "./catalog/categories.ts";
import { LANGUAGES } from "./languages.ts";
import { isValidBankAccount, isValidOrgNumber } from "./org-number.ts";
import { JOB_NAMES, type JobName } from "./jobs/job-names.ts";
import { parseSchedule } from "./jobs/scheduler.ts";
import { parseStaffedHours, type StaffedHours } from "./handoff/staffed-hours.ts";

/**
 * Every setting the service reads, parsed once at start from the environment (.env.example lists
 * them). The scheme's numbers (amount, ages, periods, sessions, exclusions) are municipality
 * configuration: other municipalities run the same scheme with other numbers.
 */
/**
 * What the admin API's machine token may be allowed (ADMIN_API_TOKEN_SCOPES): the scheme's
 * scheduled jobs. A person's actions (top-ups, requests for a family) have no scope: a token never does them.
 */
export const MACHINE_SCOPES = ["periods:allocate", "periods:expire", "settlements:create", "settlements:read", "ledger:check"] as const;
export type MachineScope = (typeof MACHINE_SCOPES)[number];

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be MM-DD, e.g. 08-01")
  .refine((value) => !Number.isNaN(Date.parse(`2024-${value}T00:00:00Z`)) && new Date(`2024-${value}T00:00:00Z`).toISOString().slice(5, 10) === value, "is not a day of the year");

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(", ")}` });

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgresql:" || url.protocol === "postgres:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a postgresql://user@host:port/database URL");

const EnvShape = z.object({
  NODE_ENV: oneOf(["development", "test", "production"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Development mode is an open server (unsigned webhooks, the login stand-in): loopback only, unless this says otherwise. */
  ALLOW_DEVELOPMENT_ON_NETWORK: flag.default(false),
  PORT: integer(0, 65535).default(3978),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** pretty: readable lines for a person at a terminal; json: one object a line. Unset: pretty only for `npm start` on a terminal (docs/observability.md). */
  LOG_FORMAT: oneOf(["pretty", "json"]).optional(),
  /** Bearer token that lets a scraper on another machine read GET /metrics (loopback may read it without one). */
  METRICS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),

  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  SEED_DEMO: flag.default(false),

  MUNICIPALITY_NUMBER: z.string().regex(/^\d{4}$/, "must be a 4-digit municipality number (kommunenummer)").default("3301"),
  MUNICIPALITY_NAME: z.string().min(1).default("Drammen"),
  AGE_RULE: oneOf(["birth-year", "exact-age"]).default("birth-year"),
  MIN_AGE: integer(0, 30).default(6),
  MAX_AGE: integer(0, 30).default(18),
  AMOUNT_PER_PERIOD_NOK: integer(1, 1_000_000).default(1000),
  SPRING_START: monthDay.default("01-01"),
  AUTUMN_START: monthDay.default("08-01"),
  MIN_SESSIONS_PER_PERIOD: integer(1, 200).default(8),
  EXCLUDED_CATEGORIES: z
    .string()
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ACTIVITY_CATEGORIES, { message: `each must be one of ${ACTIVITY_CATEGORIES.join(", ")}` })))
    .default([...DEFAULT_EXCLUDED_CATEGORIES]),
  DEFAULT_LANGUAGE: oneOf(LANGUAGES).default("nb"),
  HOLD_TIMEOUT_DAYS: integer(1, 180).default(14),
  /** Hours after a sign-up the club, if it has not answered, is reminded (once). */
  CLUB_REMINDER_HOURS: integer(1, 24 * 180).default(48),
  /** Hours before an unanswered sign-up's hold lapses that the family and a caseworker are told (once). */
  CLUB_LAPSE_WARNING_HOURS: integer(1, 24 * 180).default(24),
  ACCOMMODATION_THREAD_QUIET_DAYS: integer(1, 365).default(30),
  /** When caseworkers answer hand-offs, in TIME_ZONE (services/handoff/staffed-hours.ts). */
  STAFFED_HOURS: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseStaffedHours(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `must be like "mon-fri 08:00-15:30": ${(error as Error).message}` });
        return z.NEVER;
      }
    })
    .default(() => parseStaffedHours("mon-fri 08:00-15:30")),
  /** Minutes after a hand-off was announced that the caseworkers on duty are reminded of it (once), if nobody took it. */
  HANDOFF_REMINDER_MINUTES: integer(1, 24 * 60 * 7).default(60),
  /** Stored messages (SMS replies, outbox messages, web chat transcripts) are deleted after this many days (docs/privacy.md). */
  RETENTION_DAYS: integer(1, 3650).default(90),
  /** An accommodation request the club has not answered reminds the club after this many hours… */
  ACCOMMODATION_REMINDER_HOURS: integer(1, 8760).default(48),
  /** …and is escalated to a caseworker after this many (counted from the request). */
  ACCOMMODATION_ESCALATION_HOURS: integer(1, 8760).default(120),
  ADMIN_API_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  /** What the machine token may do (comma-separated); a person's action (a top-up) is never among them. */
  ADMIN_API_TOKEN_SCOPES: z
    .string()
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.enum(MACHINE_SCOPES, { message: `each must be one of ${MACHINE_SCOPES.join(", ")}` })).min(1, "must name at least one scope"))
    .optional(),
  /** Fritidskortet+: all top-ups of one child in one period together, at most. */
  TOPUP_MAX_NOK: integer(1, 1_000_000).default(3000),
  MUNICIPALITY_ORG_NUMBER: z.string().refine(isValidOrgNumber, "must be a 9-digit organisation number with a valid mod-11 check digit").default("999999999"),
  MUNICIPALITY_ACCOUNT: z.string().refine(isValidBankAccount, "must be an 11-digit Norwegian bank account number with a valid mod-11 check digit").default("99980000016"),
  PAYMENT_PROVIDER: oneOf(["simulator", "vipps"]).default("simulator"),
  VIPPS_BASE_URL: z.url({ protocol: /^https$/, message: "must be an https URL" }).optional(),
  VIPPS_CLIENT_ID: z.string().default(""),
  VIPPS_CLIENT_SECRET: z.string().default(""),
  VIPPS_SUBSCRIPTION_KEY: z.string().default(""),
  VIPPS_MERCHANT_SERIAL_NUMBER: z.string().default(""),
  /** The secret Vipps returned when our webhook (POST /webhooks/vipps) was registered: signatures are checked with it. */
  VIPPS_WEBHOOK_SECRET: z.string().min(16, "must be the secret Vipps returned when the webhook was registered").optional(),
  /** A family payment whose callback has not come is looked up at the provider after this many minutes (and again as often). */
  VIPPS_POLL_AFTER_MINUTES: integer(1, 24 * 60).default(10),
  /** Run the job calendar in this process (default true; false under NODE_ENV=test, where tests drive it). */
  JOBS_ENABLED: flag.optional(),
  /** Schedule overrides: "job=cron expression;job=off", e.g. "settle=0 6 * * 1,4;registry-sync=off" (docs/jobs.md). */
  JOB_SCHEDULES: z
    .string()
    .transform((value, ctx) => {
      const schedules: Partial<Record<JobName, string>> = {};
      for (const entry of value.split(";").map((item) => item.trim()).filter(Boolean)) {
        const [name, ...rest] = entry.split("=");
        const schedule = rest.join("=").trim();
        if (!JOB_NAMES.includes(name!.trim() as JobName)) {
          ctx.addIssue({ code: "custom", message: `names an unknown job "${name!.trim()}" (jobs: ${JOB_NAMES.join(", ")})` });
          continue;
        }
        try {
          parseSchedule(schedule, "UTC");
        } catch {
          ctx.addIssue({ code: "custom", message: `has a bad schedule for ${name!.trim()}: "${schedule}" is neither a cron expression nor off` });
          continue;
        }
        schedules[name!.trim() as JobName] = schedule;
      }
      return schedules;
    })
    .default({}),
  /** Outreach messages queued per run of the calendar's outreach jobs (the outbox then sends at SMS_SENDS_PER_SECOND). */
  OUTREACH_BATCH_SIZE: integer(1, 100_000).default(300),
  /** Families with unused money are reminded this many days before the period ends. */
  REMIND_EXPIRING_DAYS: integer(1, 120).default(14),
  TIME_ZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Europe/Oslo")
    .default("Europe/Oslo"),

  MICROSOFT_APP_ID: z.string().default(""),
  MICROSOFT_APP_PASSWORD: z.string().default(""),
  MICROSOFT_APP_TENANT_ID: z.string().default(""),
  MICROSOFT_APP_TYPE: oneOf(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
  /** The club's tab in Teams: the Application ID URI its single sign-on tokens are issued for (api://<host>/<app id>). */
  TEAMS_SSO_APP_ID_URI: z.string().regex(/^api:\/\/\S+$/, "must be the Entra ID app's Application ID URI, such as api://fritidskort.example.no/<app id>").optional(),
  /** Where Entra ID publishes its signing keys (changed only in tests). */
  TEAMS_SSO_JWKS_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL of a JSON Web Key Set" }).default("https://login.microsoftonline.com/common/discovery/v2.0/keys"),

  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio account SID (AC followed by 32 hex digits)").optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, "must be the account's auth token (at least 16 characters)").optional(),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 phone number such as +4759440000").optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must be a Twilio messaging service SID (MG followed by 32 hex digits)").optional(),
  /** The phone numbers of the messaging service's sender pool: inbound SMS to them are ours too. */
  TWILIO_MESSAGING_SERVICE_NUMBERS: z
    .string()
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164 phone numbers separated by commas, such as +4759440000,+4759440001")))
    .default([]),
  SMS_SENDS_PER_SECOND: integer(1, 1000).default(1),
  /**
   * How long a worker's claim on an outbox message holds before another worker may take it over
   * (its worker died). At least three of Twilio's 10 s timeouts: a send and the look-up before a
   * repeated one must end inside it.
   */
  OUTBOX_LEASE_SECONDS: integer(30, 3600).default(60),
  /** Twilio waits 15 s for the webhook's answer; the turn gets this much of it (12 s: the rest is our margin). */
  SMS_REPLY_DEADLINE_MS: integer(1000, 14_000).default(12_000),
  SMS_SENDER_MAX_MESSAGES: integer(1, 10_000).default(20),
  SMS_SENDER_WINDOW_SECONDS: integer(10, 86_400).default(600),
  DIRECT_LINE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  TOKEN_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Behind a reverse proxy: a client's address is the last X-Forwarded-For entry (the one our proxy added). */
  TRUST_PROXY: flag.default(false),
  WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: integer(1, 100_000).default(20),
  DIRECT_LINE_MAX_ACTIVITY_BYTES: integer(1024, 256 * 1024).default(32 * 1024),
  DIRECT_LINE_MAX_RESPONSE_BYTES: integer(16 * 1024, 16 * 1024 * 1024).default(256 * 1024),
  DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION: integer(1, 100).default(4),
  DIRECT_LINE_IDLE_MINUTES: integer(30, 525_600).default(1440),
  READYZ_DATABASE_TIMEOUT_MS: integer(100, 30_000).default(2000),

  IDPORTEN_ISSUER: z.url({ protocol: /^https?$/, message: "must be ID-porten's issuer URL, e.g. https://idporten.no" }).optional(),
  IDPORTEN_CLIENT_ID: z.string().min(1).optional(),
  IDPORTEN_CLIENT_SECRET: z.string().min(16, "must be the client secret from ID-porten's self-service (at least 16 characters)").optional(),
  POPULATION_REGISTER_URL: z.url({ protocol: /^https?$/, message: "must be the population register API's http(s) base URL" }).optional(),
  POPULATION_REGISTER_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),

  STAFF_OIDC_ISSUER: z.url({ protocol: /^https?$/, message: "must be the Entra ID issuer URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0" }).optional(),
  STAFF_OIDC_CLIENT_ID: z.string().min(1).optional(),
  STAFF_OIDC_CLIENT_SECRET: z.string().min(16, "must be the app registration's client secret (at least 16 characters)").optional(),
});

/** Every variable the service reads (docs/deployment.md and .env.example name each). */
export const CONFIG_VARIABLES = Object.keys(EnvShape.shape);

const EnvSchema = EnvShape.superRefine((env, ctx) => {
  if (env.MIN_AGE > env.MAX_AGE) ctx.addIssue({ code: "custom", path: ["MAX_AGE"], message: `must not be below MIN_AGE (${env.MIN_AGE})` });
  if (env.SPRING_START >= env.AUTUMN_START) ctx.addIssue({ code: "custom", path: ["AUTUMN_START"], message: `must come after SPRING_START (${env.SPRING_START})` });
  if (env.PAYMENT_PROVIDER === "vipps") {
    for (const key of ["VIPPS_CLIENT_ID", "VIPPS_CLIENT_SECRET", "VIPPS_SUBSCRIPTION_KEY", "VIPPS_MERCHANT_SERIAL_NUMBER"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when PAYMENT_PROVIDER is vipps" });
    }
  }
  if (env.ADMIN_API_TOKEN_SCOPES && !env.ADMIN_API_TOKEN) {
    ctx.addIssue({ code: "custom", path: ["ADMIN_API_TOKEN_SCOPES"], message: "needs ADMIN_API_TOKEN (the scopes are that token's)" });
  }
  if (env.NODE_ENV === "production" && env.LOG_FORMAT === "pretty") {
    ctx.addIssue({ code: "custom", path: ["LOG_FORMAT"], message: "must be json in production (log collectors read one JSON object a line)" });
  }
  if (env.NODE_ENV === "production" && env.PAYMENT_PROVIDER === "simulator") {
    ctx.addIssue({ code: "custom", path: ["PAYMENT_PROVIDER"], message: "must be vipps in production (the simulator marks payments paid without money)" });
  }
  if (env.NODE_ENV === "production" && (!env.MICROSOFT_APP_ID || !env.MICROSOFT_APP_PASSWORD)) {
    // With an empty app id botbuilder accepts any request unauthenticated.
    ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_ID"], message: "and MICROSOFT_APP_PASSWORD are required in production (Bot Framework authentication)" });
  }
  if (env.TEAMS_SSO_APP_ID_URI && !GUID.test(env.MICROSOFT_APP_TENANT_ID)) {
    ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_TENANT_ID"], message: "must be the Entra ID tenant id (a GUID) when TEAMS_SSO_APP_ID_URI is set: the club's tab accepts only its own tenant's users" });
  }
  if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE !== "MultiTenant" && !GUID.test(env.MICROSOFT_APP_TENANT_ID)) {
    // A single-tenant or managed-identity bot validates tokens against its own Entra ID tenant.
    ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_TENANT_ID"], message: `must be the Entra ID tenant id (a GUID) when MICROSOFT_APP_TYPE is ${env.MICROSOFT_APP_TYPE}` });
  }
  if (env.NODE_ENV === "production") {
    // Twilio's signatures and the login links are built from it: a fallback to localhost is wrong.
    if (!env.PUBLIC_BASE_URL?.startsWith("https://")) ctx.addIssue({ code: "custom", path: ["PUBLIC_BASE_URL"], message: "must be set to the service's https:// address in production" });
    if (env.SEED_DEMO) ctx.addIssue({ code: "custom", path: ["SEED_DEMO"], message: "must not be true in production (220 fictional families and 48 clubs with bank accounts would enter payouts)" });
    // Families log in with ID-porten; the stand-in page is development only.
    for (const key of ["IDPORTEN_ISSUER", "IDPORTEN_CLIENT_ID", "IDPORTEN_CLIENT_SECRET", "POPULATION_REGISTER_URL", "POPULATION_REGISTER_API_KEY"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production (families log in with ID-porten)" });
    }
    for (const key of ["IDPORTEN_ISSUER", "POPULATION_REGISTER_URL"] as const) {
      if (env[key] && !env[key].startsWith("https://")) ctx.addIssue({ code: "custom", path: [key], message: "must be an https:// URL in production" });
    }
    if (env.PAYMENT_PROVIDER === "vipps" && !env.VIPPS_WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["VIPPS_WEBHOOK_SECRET"], message: "is required in production with vipps (the payment callback's signature is checked with it)" });
    if (env.PAYMENT_PROVIDER === "vipps" && !env.VIPPS_BASE_URL) ctx.addIssue({ code: "custom", path: ["VIPPS_BASE_URL"], message: "is required in production (https://api.vipps.no; the test API takes no real money)" });
  } else if (env.IDPORTEN_ISSUER || env.IDPORTEN_CLIENT_ID || env.IDPORTEN_CLIENT_SECRET) {
    // Outside production ID-porten is optional, but a half-configured login is a mistake.
    for (const key of ["IDPORTEN_ISSUER", "IDPORTEN_CLIENT_ID", "IDPORTEN_CLIENT_SECRET", "POPULATION_REGISTER_URL", "POPULATION_REGISTER_API_KEY"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when IDPORTEN_ISSUER, IDPORTEN_CLIENT_ID or IDPORTEN_CLIENT_SECRET is set" });
    }
  }
  const loginChecksRegister = env.NODE_ENV === "production" || Boolean(env.IDPORTEN_ISSUER || env.IDPORTEN_CLIENT_ID || env.IDPORTEN_CLIENT_SECRET);
  if (!loginChecksRegister && Boolean(env.POPULATION_REGISTER_URL) !== Boolean(env.POPULATION_REGISTER_API_KEY)) {
    // Half a register configuration would make the sync fall back to the demo register silently.
    const missing = env.POPULATION_REGISTER_URL ? "POPULATION_REGISTER_API_KEY" : "POPULATION_REGISTER_URL";
    ctx.addIssue({ code: "custom", path: [missing], message: "is required when the other POPULATION_REGISTER_* variable is set (one register configuration: login and register sync)" });
  }
  if (env.NODE_ENV === "production") {
    // Staff (the staff pages, the admin API) log in with the municipality's Entra ID.
    for (const key of ["STAFF_OIDC_ISSUER", "STAFF_OIDC_CLIENT_ID", "STAFF_OIDC_CLIENT_SECRET"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production (staff log in with the municipality's Entra ID)" });
    }
    if (env.STAFF_OIDC_ISSUER && !env.STAFF_OIDC_ISSUER.startsWith("https://")) ctx.addIssue({ code: "custom", path: ["STAFF_OIDC_ISSUER"], message: "must be an https:// URL in production" });
  } else if (env.STAFF_OIDC_ISSUER || env.STAFF_OIDC_CLIENT_ID || env.STAFF_OIDC_CLIENT_SECRET) {
    for (const key of ["STAFF_OIDC_ISSUER", "STAFF_OIDC_CLIENT_ID", "STAFF_OIDC_CLIENT_SECRET"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when STAFF_OIDC_ISSUER, STAFF_OIDC_CLIENT_ID or STAFF_OIDC_CLIENT_SECRET is set" });
    }
  }
  if (env.NODE_ENV !== "production" && !env.ALLOW_DEVELOPMENT_ON_NETWORK && !isLoopback(env.HOST)) {
    ctx.addIssue({ code: "custom", path: ["HOST"], message: `must be a loopback address outside production (development accepts unsigned webhooks and has a login stand-in); set NODE_ENV=production, or ALLOW_DEVELOPMENT_ON_NETWORK=true on a closed network` });
  }
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Variables whose values never appear in an error line. */
const SECRETS = new Set(["DATABASE_URL", "ADMIN_API_TOKEN", "METRICS_TOKEN", "VIPPS_CLIENT_ID", "VIPPS_CLIENT_SECRET", "VIPPS_SUBSCRIPTION_KEY", "VIPPS_WEBHOOK_SECRET", "MICROSOFT_APP_PASSWORD", "TWILIO_AUTH_TOKEN", "DIRECT_LINE_SECRET", "TOKEN_SECRET", "IDPORTEN_CLIENT_SECRET", "POPULATION_REGISTER_API_KEY", "STAFF_OIDC_CLIENT_SECRET"]);

export type Env = z.infer<typeof EnvSchema>;

export interface SchemeConfig {
  municipalityNumber: string;
  municipalityName: string;
  ageRule: "BIRTH_YEAR" | "EXACT_AGE";
  minAge: number;
  maxAge: number;
  amountPerPeriodOre: number;
  springStart: string;
  autumnStart: string;
  minSessionsPerPeriod: number;
  excludedCategories: string[];
  defaultLanguage: string;
  timeZone: string;
  /** A sign-up's hold on the card lapses if the club has not confirmed within this many days. */
  holdTimeoutDays: number;
}

/** Unanswered sign-ups (services/clubs/remind-unanswered.ts). */
export interface RemindersConfig {
  clubReminderHours: number;
  lapseWarningHours: number;
}

export interface PaymentsConfig {
  /** The municipality as payer in settlement files (pain.001). */
  municipalityOrgNumber: string;
  municipalityAccount: string;
  provider: "simulator" | "vipps";
  vipps: { baseUrl: string; clientId: string; clientSecret: string; subscriptionKey: string; merchantSerialNumber: string };
  /** Checks the signature of POST /webhooks/vipps; unset, the webhook is not served (polling alone completes payments). */
  vippsWebhookSecret?: string;
  /** Minutes after which a payment without a callback is looked up at the provider. */
  pollAfterMinutes: number;
}

export interface AppConfig {
  env: Env["NODE_ENV"];
  host: string;
  port: number;
  publicBaseUrl: string;
  logLevel: Env["LOG_LEVEL"];
  /** Unset: the entry point decides (`npm start`: pretty on a terminal; `npm run serve`: json). */
  logFormat?: "pretty" | "json";
  /** Who may read GET /metrics besides this machine: a scraper presenting this bearer token (bot/metrics-route.ts). */
  metricsToken?: string;
  database: { kind: "postgresql"; url: string } | { kind: "pglite"; dataDir: string };
  seedDemo: boolean;
  scheme: SchemeConfig;
  payments: PaymentsConfig;
  reminders: RemindersConfig;
  /** The job calendar (services/jobs/, docs/jobs.md): whether this process runs it, and schedule overrides. */
  jobs: { enabled: boolean; schedules: Partial<Record<JobName, string>> };
  /** Outreach to families (services/outreach/): messages per calendar run, and days before a period ends to remind of unused money. */
  outreach: { batchSize: number; remindExpiringDays: number };
  /** Bearer token of the admin API's machine-to-machine jobs; empty in development, where only loopback may call it without a login. */
  adminApiToken: string;
  /** What that token may do (docs/staff.md): never a person's action. */
  adminApiTokenScopes: MachineScope[];
  /** Fritidskortet+ limits (services/ledger/top-up.ts). */
  topUps: { maxPerChildPerPeriodOre: number };
  /** Staff login (OpenID Connect with the municipality's Entra ID); unset outside production unless configured (npm start runs a local provider). */
  staffOidc?: StaffOidcConfig;
  /** Talk to a person (services/handoff/): staffed hours and the reminder of an unclaimed hand-off. */
  handOff: { staffedHours: StaffedHours; reminderMinutes: number };
  /** An accommodation thread nobody has written in for this many days closes (the job calendar, services/jobs/calendar.ts). */
  accommodation: { threadQuietDays: number; reminderHours: number; escalationHours: number };
  /** Stored messages older than this many days are deleted daily (the job calendar's `retention`). */
  retention: { days: number };
  bot: { appId: string; appPassword: string; tenantId: string; appType: Env["MICROSOFT_APP_TYPE"] };
  /** The club's tab's Teams single sign-on; absent: the tab takes only the web chat's login. */
  teamsSso?: { appIdUri: string; tenantId: string; jwksUrl: string };
  sms: SmsConfig;
  /** The outbox worker (services/outbox/outbox-worker.ts): how long its claim on a message holds. */
  outbox: { leaseMs: number };
  directLine: { secret?: string; tokenSecret?: string; limits: DirectLineLimits };
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (its last entry). */
  trustProxy: boolean;
  readiness: { databaseTimeoutMs: number };
  /** Families' login (OpenID Connect with ID-porten); unset in development, where the stand-in page serves. */
  idporten?: IdPortenConfig;
  /**
   * The population register (one configuration for both uses: the login's look-up and the register
   * sync's listing, services/registry/); unset in development, where the sync reads the demo register.
   */
  populationRegister?: { baseUrl: string; apiKey: string };
}

export interface StaffOidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface IdPortenConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where ID-porten's `pid` is turned into the register's opaque reference (services/registry/). */
  populationRegister: { baseUrl: string; apiKey: string };
}

/** What one anonymous web chat client may take (the page is public): .env.example explains each. */
export interface DirectLineLimits {
  /** Tokens and conversations one client address may create per minute (then 429). */
  newConversationsPerMinute: number;
  /** A posted activity's JSON (then 413). */
  maxActivityBytes: number;
  /** A GET of activities (and a stream push) stops adding activities at this size; the watermark pages on. */
  maxResponseBytes: number;
  /** Open WebSocket streams on one conversation (then the upgrade is refused with 429). */
  maxStreamsPerConversation: number;
  /** A conversation without activity for this long is deleted with its activities and bot state. */
  idleMinutes: number;
}

export interface SmsConfig {
  /** Both set: outbound SMS through Twilio's REST API; else the local SMS simulator (development). */
  accountSid?: string;
  /** Verifies X-Twilio-Signature on webhooks; unset only in development (unsigned accepted). */
  authToken?: string;
  /** Our sender: a phone number, or a messaging service SID (MG…). */
  sender?: string;
  sendsPerSecond: number;
  /**
   * The numbers inbound SMS may be addressed to (`To`): TWILIO_FROM_NUMBER and
   * TWILIO_MESSAGING_SERVICE_NUMBERS; without either outside production, the SMS simulator's.
   */
  ownNumbers: string[];
  replyDeadlineMs: number;
  /** Per sender: this many messages per window are answered, then one notice, then silence. */
  senderThrottle: { limit: number; windowSeconds: number };
}

/** The number the SMS simulator's phones text when no Twilio number is configured (development). */
export const DEVELOPMENT_SMS_NUMBER = "+4759440000";

/**
 * Channel secrets, checked once the rest of the configuration is valid: production must verify
 * Twilio's webhook signatures, send real SMS (the simulator is for development) and guard web chat
 * tokens with a secret.
 */
function channelProblems(env: Env): string[] {
  const problems: string[] = [];
  const sender = env.TWILIO_FROM_NUMBER ?? env.TWILIO_MESSAGING_SERVICE_SID;
  if (env.NODE_ENV === "production") {
    const missing = [!env.TWILIO_ACCOUNT_SID && "TWILIO_ACCOUNT_SID", !env.TWILIO_AUTH_TOKEN && "TWILIO_AUTH_TOKEN", !sender && "TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID)"].filter(Boolean);
    if (missing.length > 0) problems.push(`${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required in production (SMS through Twilio: signed webhooks and real sends)`);
    if (!env.DIRECT_LINE_SECRET) problems.push("DIRECT_LINE_SECRET is required in production (it guards web chat tokens: POST /v3/directline/tokens/generate)");
  } else if (env.TWILIO_ACCOUNT_SID && (!env.TWILIO_AUTH_TOKEN || !sender)) {
    problems.push("TWILIO_ACCOUNT_SID needs TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID) to send SMS");
  }
  if (env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_FROM_NUMBER && env.TWILIO_MESSAGING_SERVICE_NUMBERS.length === 0) {
    // The webhook answers only messages to our own numbers; a messaging service's are not in its SID.
    problems.push("TWILIO_MESSAGING_SERVICE_NUMBERS is required with TWILIO_MESSAGING_SERVICE_SID (the service's phone numbers: inbound SMS to any other number are refused)");
  }
  return problems;
}

/** Checked once each variable is valid (a bad HOLD_TIMEOUT_DAYS is one line, not two). */
function reminderProblems(env: Env): string[] {
  // Else the family would be warned of the lapse the moment the child is signed up.
  if (env.CLUB_LAPSE_WARNING_HOURS < env.HOLD_TIMEOUT_DAYS * 24) return [];
  return [`CLUB_LAPSE_WARNING_HOURS must be below HOLD_TIMEOUT_DAYS in hours (${env.HOLD_TIMEOUT_DAYS * 24})`];
}

function ownSmsNumbers(env: Env): string[] {
  const numbers = [...new Set([...(env.TWILIO_FROM_NUMBER ? [env.TWILIO_FROM_NUMBER] : []), ...env.TWILIO_MESSAGING_SERVICE_NUMBERS])];
  return numbers.length > 0 || env.NODE_ENV === "production" ? numbers : [DEVELOPMENT_SMS_NUMBER];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  // An empty variable counts as unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const got = typeof present[name] === "string" ? ` (got "${SECRETS.has(name) ? "…" : present[name]}")` : "";
        return `${name} ${issue.message}${got}`;
      }),
    );
  }
  const env = parsed.data;
  const problems = [...channelProblems(env), ...reminderProblems(env)];
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    logLevel: env.LOG_LEVEL,
    ...(env.LOG_FORMAT ? { logFormat: env.LOG_FORMAT } : {}),
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    database: env.DATABASE_URL ? { kind: "postgresql", url: env.DATABASE_URL } : { kind: "pglite", dataDir: env.DATA_DIR },
    seedDemo: env.SEED_DEMO,
    scheme: {
      municipalityNumber: env.MUNICIPALITY_NUMBER,
      municipalityName: env.MUNICIPALITY_NAME,
      ageRule: env.AGE_RULE === "birth-year" ? "BIRTH_YEAR" : "EXACT_AGE",
      minAge: env.MIN_AGE,
      maxAge: env.MAX_AGE,
      amountPerPeriodOre: env.AMOUNT_PER_PERIOD_NOK * 100,
      springStart: env.SPRING_START,
      autumnStart: env.AUTUMN_START,
      minSessionsPerPeriod: env.MIN_SESSIONS_PER_PERIOD,
      excludedCategories: env.EXCLUDED_CATEGORIES,
      defaultLanguage: env.DEFAULT_LANGUAGE,
      timeZone: env.TIME_ZONE,
      holdTimeoutDays: env.HOLD_TIMEOUT_DAYS,
    },
    reminders: { clubReminderHours: env.CLUB_REMINDER_HOURS, lapseWarningHours: env.CLUB_LAPSE_WARNING_HOURS },
    jobs: { enabled: env.JOBS_ENABLED ?? env.NODE_ENV !== "test", schedules: env.JOB_SCHEDULES },
    outreach: { batchSize: env.OUTREACH_BATCH_SIZE, remindExpiringDays: env.REMIND_EXPIRING_DAYS },
    adminApiToken: env.ADMIN_API_TOKEN ?? "",
    adminApiTokenScopes: env.ADMIN_API_TOKEN_SCOPES ?? [...MACHINE_SCOPES],
    topUps: { maxPerChildPerPeriodOre: env.TOPUP_MAX_NOK * 100 },
    accommodation: { threadQuietDays: env.ACCOMMODATION_THREAD_QUIET_DAYS, reminderHours: env.ACCOMMODATION_REMINDER_HOURS, escalationHours: env.ACCOMMODATION_ESCALATION_HOURS },
    handOff: { staffedHours: env.STAFFED_HOURS, reminderMinutes: env.HANDOFF_REMINDER_MINUTES },
    retention: { days: env.RETENTION_DAYS },
    payments: {
      municipalityOrgNumber: env.MUNICIPALITY_ORG_NUMBER,
      municipalityAccount: env.MUNICIPALITY_ACCOUNT,
      provider: env.PAYMENT_PROVIDER,
      vipps: {
        // Outside production the Vipps test API, unless told otherwise.
        baseUrl: (env.VIPPS_BASE_URL ?? "https://apitest.vipps.no").replace(/\/$/, ""),
        clientId: env.VIPPS_CLIENT_ID,
        clientSecret: env.VIPPS_CLIENT_SECRET,
        subscriptionKey: env.VIPPS_SUBSCRIPTION_KEY,
        merchantSerialNumber: env.VIPPS_MERCHANT_SERIAL_NUMBER,
      },
      ...(env.VIPPS_WEBHOOK_SECRET ? { vippsWebhookSecret: env.VIPPS_WEBHOOK_SECRET } : {}),
      pollAfterMinutes: env.VIPPS_POLL_AFTER_MINUTES,
    },
    bot: { appId: env.MICROSOFT_APP_ID, appPassword: env.MICROSOFT_APP_PASSWORD, tenantId: env.MICROSOFT_APP_TENANT_ID, appType: env.MICROSOFT_APP_TYPE },
    ...(env.TEAMS_SSO_APP_ID_URI ? { teamsSso: { appIdUri: env.TEAMS_SSO_APP_ID_URI, tenantId: env.MICROSOFT_APP_TENANT_ID, jwksUrl: env.TEAMS_SSO_JWKS_URL } } : {}),
    sms: {
      ...(env.TWILIO_ACCOUNT_SID ? { accountSid: env.TWILIO_ACCOUNT_SID } : {}),
      ...(env.TWILIO_AUTH_TOKEN ? { authToken: env.TWILIO_AUTH_TOKEN } : {}),
      ...((env.TWILIO_FROM_NUMBER ?? env.TWILIO_MESSAGING_SERVICE_SID) ? { sender: env.TWILIO_FROM_NUMBER ?? env.TWILIO_MESSAGING_SERVICE_SID } : {}),
      sendsPerSecond: env.SMS_SENDS_PER_SECOND,
      ownNumbers: ownSmsNumbers(env),
      replyDeadlineMs: env.SMS_REPLY_DEADLINE_MS,
      senderThrottle: { limit: env.SMS_SENDER_MAX_MESSAGES, windowSeconds: env.SMS_SENDER_WINDOW_SECONDS },
    },
    outbox: { leaseMs: env.OUTBOX_LEASE_SECONDS * 1000 },
    directLine: {
      ...(env.DIRECT_LINE_SECRET ? { secret: env.DIRECT_LINE_SECRET } : {}),
      ...(env.TOKEN_SECRET ? { tokenSecret: env.TOKEN_SECRET } : {}),
      limits: {
        newConversationsPerMinute: env.WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE,
        maxActivityBytes: env.DIRECT_LINE_MAX_ACTIVITY_BYTES,
        maxResponseBytes: env.DIRECT_LINE_MAX_RESPONSE_BYTES,
        maxStreamsPerConversation: env.DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION,
        idleMinutes: env.DIRECT_LINE_IDLE_MINUTES,
      },
    },
    trustProxy: env.TRUST_PROXY,
    readiness: { databaseTimeoutMs: env.READYZ_DATABASE_TIMEOUT_MS },
    ...(env.POPULATION_REGISTER_URL && env.POPULATION_REGISTER_API_KEY
      ? { populationRegister: { baseUrl: env.POPULATION_REGISTER_URL.replace(/\/$/, ""), apiKey: env.POPULATION_REGISTER_API_KEY } }
      : {}),
    ...(env.IDPORTEN_ISSUER && env.IDPORTEN_CLIENT_ID && env.IDPORTEN_CLIENT_SECRET && env.POPULATION_REGISTER_URL && env.POPULATION_REGISTER_API_KEY
      ? {
          idporten: {
            issuer: env.IDPORTEN_ISSUER,
            clientId: env.IDPORTEN_CLIENT_ID,
            clientSecret: env.IDPORTEN_CLIENT_SECRET,
            populationRegister: { baseUrl: env.POPULATION_REGISTER_URL.replace(/\/$/, ""), apiKey: env.POPULATION_REGISTER_API_KEY },
          },
        }
      : {}),
    ...(env.STAFF_OIDC_ISSUER && env.STAFF_OIDC_CLIENT_ID && env.STAFF_OIDC_CLIENT_SECRET
      ? { staffOidc: { issuer: env.STAFF_OIDC_ISSUER, clientId: env.STAFF_OIDC_CLIENT_ID, clientSecret: env.STAFF_OIDC_CLIENT_SECRET } }
      : {}),
  };
}
