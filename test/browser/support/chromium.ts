import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

// Debian's Chromium, driven by playwright-core; flags that work as root on these machines
// (docs: platform notes). `npx playwright install` cannot download browsers here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A fresh Chromium (new empty profile) for this test file. */
export function useChromium(): { context: BrowserContext; newPage(): Promise<Page>; pageErrors: string[] } {
  const holder = { pageErrors: [] as string[] } as { context: BrowserContext; newPage(): Promise<Page>; pageErrors: string[] };
  let profile: string;
  beforeAll(async () => {
    profile = mkdtempSync(path.join(tmpdir(), "fk-chromium-"));
    holder.context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, locale: "nb-NO", viewport: { width: 1280, height: 900 } });
    holder.newPage = async () => {
      const page = await holder.context.newPage();
      // Script errors on our pages are failures; the tests assert this list stays empty.
      page.on("pageerror", (error) => holder.pageErrors.push(error.message));
      return page;
    };
  });
  afterAll(async () => {
    // A route handler still fetching when the pages close would reject after the test: let go of it.
    await holder.context?.unrouteAll({ behavior: "ignoreErrors" });
    await holder.context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  return holder;
}

/** axe-core's findings of serious or critical impact (what the tests refuse). */
export async function seriousAccessibilityProblems(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact!, help: violation.help, targets: violation.nodes.map((node) => node.target.join(" ")) }));
}
