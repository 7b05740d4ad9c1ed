import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../scripts/build.ts";

// `npm run serve` runs what `npm run build` made (dist/) with plain node and the options of package.json.
const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
const serveOptions = /^node((?:\s+--\S+)*)\s+dist\/bot\/index\.js$/.exec(scripts.serve!)![1]!.trim().split(/\s+/);

let out: string;

function node(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...serveOptions, ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(path.join(tmpdir(), "fk-built-")), PORT: "0", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, lines: result.stderr.trim().split("\n").filter(Boolean) };
}

beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), "fk-build-"));
  build(out);
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the built service (npm run build, then npm run serve)", () => {
  it("loads its whole module graph with plain node: a wrong setting stops it with the one line tsx gives", () => {
    const { status, lines } = node([path.join(out, "bot/index.js")], { AGE_RULE: "by-height" });
    expect(status).not.toBe(0);
    expect(lines).toEqual(['Configuration error: AGE_RULE must be one of birth-year, exact-age (got "by-height")']);
  });

  it("finds what it reads beside its code: the NLU's corpus and sources, tinyld's n-grams, migrations, locales, pages", () => {
    const script = `
      import { existsSync, readdirSync } from "node:fs";
      import { createNlu } from "${out}/services/nlu/index.js";
      import { MIGRATIONS_DIR } from "${out}/services/db/migrate.js";
      import { loadCatalogs } from "${out}/locales/i18n.js";
      import { WEB_DIR } from "${out}/bot/channels/web/pages.js";
      const nlu = await createNlu();
      const understood = await nlu.understand("how much is left on the card");
      console.log(JSON.stringify({ language: understood.language, intent: understood.intent, migrations: readdirSync(MIGRATIONS_DIR).length, locales: Object.keys(loadCatalogs()).length, web: existsSync(WEB_DIR + "/index.html") }));
    `;
    const { status, stdout, lines } = node(["--input-type=module", "-e", script]);
    expect(lines).toEqual([]);
    expect(status).toBe(0);
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(result).toMatchObject({ language: "en", intent: "balance", locales: 10, web: true });
    expect(result.migrations).toBeGreaterThan(0);
  });
});
