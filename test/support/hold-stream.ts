// A stream of ledger holds (and posts for every other one) run in its own process, so a test can
// kill it with SIGKILL mid-stream. Prints "done <i>" after each step commits.
import { z } from "zod";
import { openDatabase } from "../../services/db/database.ts";
import { hold, resolveHold } from "../../services/ledger/transfers.ts";

const env = z
  .object({
    STREAM_DATABASE: z.string().transform((value) => JSON.parse(value) as { kind: "pglite"; dataDir: string } | { kind: "postgresql"; url: string }),
    STREAM_MUNICIPALITY: z.string(),
    STREAM_CARD: z.string(),
    STREAM_PROVIDER: z.string(),
    STREAM_PERIOD: z.string(),
    STREAM_COUNT: z.coerce.number().int().positive(),
  })
  .parse(process.env);

const db = await openDatabase(env.STREAM_DATABASE);
const later = new Date("2100-01-01T00:00:00Z");
// The crash test's fixed day (one clock: no test reads the wall clock).
const STREAM_NOW = new Date("2026-09-15T12:00:00Z");
for (let i = 0; i < env.STREAM_COUNT; i++) {
  await streamStep(i);
  process.stdout.write(`done ${i}\n`);
}
await db.close();

async function streamStep(i: number) {
  await hold(db, {
    id: `crash-hold-${i}`,
    municipalityId: env.STREAM_MUNICIPALITY,
    cardAccountId: env.STREAM_CARD,
    providerAccountId: env.STREAM_PROVIDER,
    maxOre: 100,
    timeoutAt: later,
    enrollmentId: `crash-e-${i}`,
    periodId: env.STREAM_PERIOD,
    now: STREAM_NOW,
    audit: { actorId: null },
  });
  if (i % 2 === 0) await resolveHold(db, { id: `crash-post-${i}`, holdId: `crash-hold-${i}`, kind: "POST", now: STREAM_NOW, audit: { actorId: null } });
}

