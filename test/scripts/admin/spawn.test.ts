import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "fk-admin-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm run admin -- …args` as a real process on its own embedded database folder. */
function admin(args: string[], env: Record<string, string> = {}, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TMPDIR: process.env.TMPDIR ?? tmpdir(), DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      onStdout?.(stdout, child);
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run admin (the real process)", () => {
  it("prints the commands without touching a database", async () => {
    const run = await admin([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: npm run admin -- <command>");
    expect(run.stdout).toMatch(/ {2}settle <year>-spring\|<year>-autumn --format pain001\|csv --out <file>/);
  }, 60_000);

  it("stops on a bad setting with one line and exit code 1", async () => {
    const run = await admin(["activities", "pending"], { AGE_RULE: "x" });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('Configuration error: AGE_RULE must be one of birth-year, exact-age (got "x")');
  }, 60_000);

  it("on a fresh folder migrates and seeds the demo as npm start does, once; bad input exits 2 with one line; an import exits 0", async () => {
    const first = await admin(["activities", "pending"]);
    expect(first.stderr).toContain("database migrated");
    expect(first.stderr).toContain("demo municipality seeded");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Stjerneskudd Turn og Cheer");
    expect(first.stdout).toMatch(/\d+ activities pending: \d+ can be approved, \d+ would be refused\n$/);

    const bad = await admin(["period", "allocate", "2026-summer"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: period: must be <year>-spring or <year>-autumn (got "2026-summer") (usage: period allocate <year>-spring|<year>-autumn [--force] [--batch-size <n>])\n');
    expect(bad.stdout).toBe("");

    const imported = await admin(["providers", "import", "prisma/seed/examples/providers.csv"]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain("providers import: 3 created, 0 updated, 0 unchanged, 0 refused");
  }, 180_000);

  it("stops an allocation on Ctrl-C (SIGINT) with exit code 130, and a re-run credits the rest, each child once", async () => {
    // A period far ahead (--force), one child per batch: the run is long enough to interrupt.
    let interrupted = false;
    const first = await admin(["period", "allocate", "2030-autumn", "--force", "--batch-size", "1"], {}, (text, child) => {
      if (!interrupted && /allocate 2030-autumn: \d+\/\d+/.test(text)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain("stopping after the current step");
    expect(first.stderr).toContain('interrupted: what was done is kept; run "period allocate" again to finish');
    const before = /(\d+) eligible: (\d+) credited now .*, interrupted before the rest/.exec(first.stdout);
    expect(before, first.stdout).not.toBeNull();
    const [eligible, creditedFirst] = [Number(before![1]), Number(before![2])];
    expect(creditedFirst).toBeGreaterThan(0);
    expect(creditedFirst).toBeLessThan(eligible);

    const rerun = await admin(["period", "allocate", "2030-autumn", "--force"]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${eligible} eligible: ${eligible - creditedFirst} credited now`);
    expect(rerun.stdout).toContain(`${creditedFirst} had theirs already`);
    const check = await admin(["ledger", "check"]);
    expect(check).toMatchObject({ code: 0, stdout: expect.stringContaining("the books balance") });
  }, 180_000);
});
