/** The job calendar's names and default schedules (services/jobs/calendar.ts); config.ts checks JOB_SCHEDULES against them. */
/** The calendar's jobs and when each runs by default (cron, the municipality's time zone); JOB_SCHEDULES overrides. */
export const DEFAULT_JOB_SCHEDULES = {
  /** The current period at its start, then daily for children who moved in (idempotent per child). */
  allocate: "15 0 * * *",
  /** Period-start messages to families, in batches through the day (the outbox sends at the SMS rate). */
  outreach: "*/10 9-19 * * *",
  /** Unused money, from REMIND_EXPIRING_DAYS before the period ends; once per child. */
  "remind-expiring": "*/10 9-19 * * *",
  /** Sign-up holds nobody answered lapse; their money goes back to the card. */
  "expire-holds": "*/5 * * * *",
  /** Clubs that have not answered a sign-up are reminded; families warned before a hold lapses. */
  "remind-clubs": "*/5 * * * *",
  /** Family payments whose callback has not come are looked up at the provider. */
  "poll-payments": "*/2 * * * *",
  /** Refunds booked by the ledger are sent to the payment provider. */
  "family-refunds": "*/5 * * * *",
  /** In staffed hours: hand-offs opened outside them are announced; unclaimed ones remind the duty list once. */
  "hand-offs": "* * * * *",
  /** Accommodation requests a club has not answered: the club reminded once, then a caseworker told. */
  "remind-accommodation": "10 * * * *",
  /** Accommodation threads nobody has written in for ACCOMMODATION_THREAD_QUIET_DAYS close. */
  "close-quiet-threads": "0 * * * *",
  /** A period that has ended is expired: unused money back to the fund. */
  "expire-periods": "30 0 * * *",
  /** The clubs are paid what is posted: a payout batch for the bank (pain.001 / CSV from the admin API). */
  settle: "0 6 * * 1",
  /** The population register: moves in and out, guardians (the configured register; the demo's on npm start). */
  "registry-sync": "30 2 * * *",
  /** Stored messages past RETENTION_DAYS are deleted (services/privacy/purge-expired-messages.ts). */
  retention: "30 3 * * *",
  /** The calendar's own history: runs older than 90 days are deleted. */
  "prune-job-runs": "45 3 * * *",
} as const;

export type JobName = keyof typeof DEFAULT_JOB_SCHEDULES;
export const JOB_NAMES = Object.keys(DEFAULT_JOB_SCHEDULES) as JobName[];

