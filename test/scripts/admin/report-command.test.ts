import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import { UsageError } from "../../../scripts/admin/command.ts";
import { reportCommands } from "../../../scripts/admin/commands/report.ts";

const commands = reportCommands();
import { loadConfig } from "../../../services/config.ts";
import type { Database } from "../../../services/db/database.ts";
import { configureMunicipality } from "../../../services/municipality.ts";
import { TEST_DAY, testClock } from "../../support/clock.ts";
import { openTestDatabase } from "../../support/database.ts";
import { adminContext } from "./registry-report-context.ts";

const report = commands.find((c) => c.path.join(" ") === "report")!;
const clock = testClock();
const config = loadConfig({});
const dir = mkdtempSync(path.join(tmpdir(), "fk-report-"));
let db: Database;
let municipalityId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  municipalityId = (await configureMunicipality(db, config.scheme, clock.now())).municipality.id;
  await seedDemoOnce(db, municipalityId, TEST_DAY);
}, 180_000);

afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run admin -- report <period>", () => {
  it("writes the demo period's report: well-formed HTML with SVG charts, no scripts, small cells hidden", async () => {
    const ctx = adminContext(db, municipalityId, clock, config);
    const file = path.join(dir, "report.html");
    await report.run(["2026-autumn", "--out", file], ctx);
    const html = readFileSync(file, "utf8");
    expect(html.startsWith("<!DOCTYPE html>\n<html lang=\"nb\">")).toBe(true);
    expect(XMLValidator.validate(html.replace(/^<!DOCTYPE html>\n/, ""))).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(html.replace(/^<!DOCTYPE html>\n/, ""));
    const sections = doc.html.body.section as { h2: string; svg?: unknown }[];
    expect(sections.map((s) => s.h2)).toEqual(["Hovedtall", "Etter alder", "Etter bydel", "Etter aktivitetstype", "Påmeldinger over tid", "Utsending: nådde og ikke nådde familier"]);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script|<link|<img/);
    expect(html).toContain("Husholdninger med lavinntekt");
    expect(html).toContain("Ingen utsendingsdata for perioden.");
    // Every number of children shown in a table is 0 or at least 5.
    const counts = [...html.matchAll(/<tr><th scope="row">[^<]*<\/th><td>(\d+|:)<\/td><td>(\d+|:)<\/td>/g)].flatMap((m) => [m[1], m[2]]).filter((v) => v !== ":").map(Number);
    expect(counts.length).toBeGreaterThan(5);
    expect(counts.filter((n) => n > 0 && n < 5)).toEqual([]);
    expect(ctx.out.lines.at(-1)).toMatch(/^2026-autumn: \d+ children with a card, .* used it.*; no outreach data$/);
    expect(ctx.out.bars[0]).toMatchObject({ ticked: 2, total: 2, summary: `wrote ${file}` });
  }, 60_000);

  it("writes CSV with --format csv", async () => {
    const ctx = adminContext(db, municipalityId, clock, config);
    const file = path.join(dir, "report.csv");
    await report.run(["2026-autumn", "--format", "csv", "--out", file], ctx);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines[0]).toBe("section,group,eligible,users,share_pct,allocated_nok,used_nok,expired_nok,low_income_share_pct");
    expect(lines.filter((l) => l.startsWith("district,")).length).toBeGreaterThanOrEqual(14);
    expect(lines.every((l) => l.split(",").length === 9)).toBe(true);
  });

  it.each([
    [["autumn-2026", "--out", "x.html"], /period must be named <year>-spring or <year>-autumn/],
    [["2026-autumn"], /--out <file> is required/],
    [["2026-autumn", "--out", "x", "--format", "pdf"], /format/],
    [["2026-autumn", "2026-spring", "--out", "x"], /exactly one period/],
    [["2024-spring", "--out", "x"], /2024-spring has no cards yet: allocate it first/],
  ])("refuses %j", async (args, reason) => {
    const ctx = adminContext(db, municipalityId, clock, config);
    const error = await report.run(args, ctx).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(reason);
  });
});
