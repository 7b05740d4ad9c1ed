import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { useApp } from "../bot/channels/support/app.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };

const ctx = useApp({}, { prepare: seedDemoOnce });

/** Runs `npm run chat` (the script itself) with lines on stdin; resolves with what it printed. */
function chat(args: string[], lines: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/chat.ts", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  });
}

describe("npm run chat", () => {
  it("holds a whole sign-up conversation as the demo parent against the running service", async () => {
    const { code, stdout } = await chat(["--as", identities.parent.phone, "--url", ctx.app.url], ["hei", "fotball", "meld på 1", "ja", "nei", "hvor mye har jonas igjen"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Hei! Dette er Fritidskortet i Drammen.");
    expect(stdout).toContain("1. Fotball");
    expect(stdout).toMatch(/Jonas er meldt på Fotball/);
    expect(stdout).toMatch(/Jonas: \d[\d ]* kr igjen på Fritidskortet/);
    expect(stdout).toMatch(/er holdt av til påmeldinger/);
  }, 60_000);

  it("says to start the service first when nothing answers", async () => {
    const { code, stderr } = await chat(["--as", identities.parent.phone, "--url", "http://127.0.0.1:9"], []);
    expect(code).toBe(1);
    expect(stderr).toContain("npm start");
  }, 30_000);
});
