import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../../services/config.ts";
import { configureMunicipality } from "../../../services/municipality.ts";
import { isValidBankAccount, isValidOrgNumber } from "../../../services/org-number.ts";
import { memoryOutput } from "../../../scripts/admin/output.ts";
import { runAdmin } from "../../../scripts/admin/run-admin.ts";
import type { AdminOutput } from "../../../scripts/admin/command.ts";
import { testClock } from "../../support/clock.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createDistrict, districtNames } from "../../support/fixtures.ts";

export interface AdminRun {
  code: number;
  /** What the command printed (its lines and progress), one string. */
  out: string;
  /** The runner's error line(s). */
  err: string;
}

/**
 * The admin command line in-process (runAdmin, as scripts/admin.ts calls it) on this file's own
 * database: the municipality configured as the server's start does, with four districts.
 */
export function useAdmin() {
  const database = useTestDatabase();
  const clock = testClock();
  const config = loadConfig({});
  const state = { municipalityId: "" };
  const dir = mkdtempSync(path.join(tmpdir(), "fk-admin-"));
  beforeAll(async () => {
    const { municipality } = await configureMunicipality(database.db, config.scheme, clock.now());
    state.municipalityId = municipality.id;
    for (const district of districtNames) await createDistrict(database.db.prisma, municipality.id, district.name, district.aliases);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  return {
    get db() {
      return database.db;
    },
    get municipalityId() {
      return state.municipalityId;
    },
    clock,
    config,
    dir,
    /** `npm run admin -- …argv`, in-process. */
    async admin(argv: string[], options: { signal?: AbortSignal; out?: (base: AdminOutput) => AdminOutput } = {}): Promise<AdminRun> {
      const memory = memoryOutput();
      const out = options.out ? { ...memory, ...options.out(memory) } : memory;
      const code = await runAdmin(argv, { db: database.db, municipalityId: state.municipalityId, clock, config, out, ...(options.signal ? { signal: options.signal } : {}) });
      return { code, out: memory.lines.join("\n"), err: memory.errors.join("\n") };
    },
    /** Writes a CSV file in this file's temporary folder and returns its path. */
    csv(name: string, lines: string[]): string {
      const file = path.join(dir, name);
      writeFileSync(file, `${lines.join("\n")}\n`);
      return file;
    },
  };
}

/** The n-th valid organisation number (mod-11) after a prefix: test clubs that cannot collide with the demo's. */
export function orgNumber(n: number, prefix = "91"): string {
  return withCheckDigit(prefix, 8, n, isValidOrgNumber);
}

export function bankAccount(n: number): string {
  return withCheckDigit("1234", 10, n, isValidBankAccount);
}

function withCheckDigit(prefix: string, length: number, n: number, valid: (value: string) => boolean): string {
  let found = 0;
  for (let counter = 1; ; counter++) {
    const body = prefix + String(counter).padStart(length - prefix.length, "0");
    for (let check = 0; check <= 9; check++) {
      if (valid(body + check) && ++found === n) return body + check;
    }
  }
}

/** An organisation number with a wrong check digit. */
export function badCheckDigit(valid: string): string {
  return valid.slice(0, -1) + String((Number(valid.at(-1)) + 1) % 10);
}
