/**
 * `npm run bench -- allocate [--children N]`
 *
 * Allocation of a period over a generated register: N children (default 15,000, Drammen's size)
 * and their guardians are loaded into a fresh embedded database through the register sync
 * (services/registry/sync-registry.ts, the same path as `npm run admin -- registry sync`), then the
 * period is allocated as `npm run admin -- period allocate` does (services/ledger/allocate.ts), and
 * the books are checked. The last line is the JSON result; childrenPerSec times the allocation only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ManualClock } from "../services/clock.ts";
import { loadConfig, type SchemeConfig } from "../services/config.ts";
import { openDatabase } from "../services/db/database.ts";
import { migrate } from "../services/db/migrate.ts";
import { checkLedger } from "../services/ledger/invariants.ts";
import { allocatePeriod } from "../services/ledger/allocate.ts";
import { configureMunicipality } from "../services/municipality.ts";
import { periodContaining } from "../services/periods.ts";
import { InMemoryRegisterListing, type RegisterPerson } from "../services/registry/population-register.ts";
import { syncRegistry } from "../services/registry/sync-registry.ts";

const scheme: SchemeConfig = { ...loadConfig({}).scheme, municipalityNumber: "9998", municipalityName: "Benchmark", excludedCategories: [] };
const DISTRICTS = ["Nord", "Sør", "Øst", "Vest", "Sentrum", "Elvebakken", "Åsen", "Haugen", "Bakke", "Strand"];
// A fixed day inside the autumn period: the benchmark does not depend on the day it runs.
const clock = new ManualClock("2026-08-17T08:00:00Z");
const TODAY = "2026-08-17";

/** Families of one to three children (born 2009–2020, all eligible in 2026) and two guardians. */
export function generateRegister(children: number): RegisterPerson[] {
  const records: RegisterPerson[] = [];
  let made = 0;
  for (let family = 1; made < children; family++) {
    const district = DISTRICTS[family % DISTRICTS.length]!;
    const guardians = [`bench-g${family}-1`, `bench-g${family}-2`];
    for (const [i, ref] of guardians.entries()) {
      records.push({ registryRef: ref, givenName: i === 0 ? "Kari" : "Ola", familyName: `Familie${family}`, birthDate: "1985-05-05", district, residentFrom: "2008-01-01", residentUntil: null, guardians: [], contactReservation: family % 50 === 0 });
    }
    for (let c = 0; c < 1 + (family % 3) && made < children; c++, made++) {
      const year = 2009 + ((family + c * 5) % 12);
      records.push({ registryRef: `bench-c${family}-${c}`, givenName: `Barn${c}`, familyName: `Familie${family}`, birthDate: `${year}-0${1 + (c % 9)}-15`, district, residentFrom: `${year}-0${1 + (c % 9)}-15`, residentUntil: null, guardians, contactReservation: false });
    }
  }
  return records;
}

export async function run(args: string[]): Promise<void> {
  const index = args.indexOf("--children");
  const children = index >= 0 ? Number(args[index + 1]) : 15_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), "fk-bench-allocate-"));
  try {
    const db = await openDatabase({ kind: "pglite", dataDir });
    await migrate(db);
    const { municipality } = await configureMunicipality(db, scheme, clock.now());
    await db.prisma.district.createMany({ data: DISTRICTS.map((name) => ({ municipalityId: municipality.id, name, aliases: [name.toLowerCase()] })) });

    const records = generateRegister(children);
    let started = performance.now();
    const sync = await syncRegistry(db, { municipalityId: municipality.id, register: new InMemoryRegisterListing(records, 1000), now: clock.now(), batchSize: 1000 });
    const syncSeconds = (performance.now() - started) / 1000;
    console.log(`register sync: ${sync.created} persons, ${sync.guardianshipsAdded} guardianships in ${syncSeconds.toFixed(1)} s`);

    const period = periodContaining(TODAY, scheme)!;
    started = performance.now();
    const first = await allocatePeriod(db, { municipalityId: municipality.id, period, scheme, today: TODAY, now: clock.now() });
    const seconds = (performance.now() - started) / 1000;
    console.log(`period allocate ${period.code}: ${first.allocated} of ${first.eligible} eligible children in ${seconds.toFixed(2)} s`);
    const books = await checkLedger(db);
    console.log(`books: ${books.ok ? "balanced" : `NOT balanced (${books.mismatches.length} accounts)`}`);
    await db.close();
    if (!books.ok || first.eligible !== children || first.allocated !== children) throw new Error(`allocate bench: expected ${children} children allocated, got ${first.allocated} of ${first.eligible}`);
    console.log(JSON.stringify({ suite: "allocate", children: first.allocated, childrenPerSec: Math.round(first.allocated / seconds), seconds: Number(seconds.toFixed(2)), syncSeconds: Number(syncSeconds.toFixed(1)) }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
