import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { useApp } from "../bot/channels/support/app.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };

// A service that checks Twilio's signature (TWILIO_AUTH_TOKEN set) refuses unsigned webhooks.
const SIGNED = { TWILIO_AUTH_TOKEN: "chat-test-auth-token-0123456789", PUBLIC_BASE_URL: "https://fritidskort.test" };
const ctx = useApp(SIGNED, { prepare: seedDemoOnce });

function chat(env: Record<string, string>, lines: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/chat.ts", "--as", identities.parent.phone, "--url", ctx.app.url], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  });
}

describe("npm run chat against a service that checks Twilio's signature", () => {
  it("signs each message with the same configuration as the service", async () => {
    const { code, stdout, stderr } = await chat(SIGNED, ["hei"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("Hei! Dette er Fritidskortet i Drammen.");
  }, 60_000);

  it("is refused without the auth token, and says so", async () => {
    const { stderr } = await chat({ PUBLIC_BASE_URL: SIGNED.PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN: "" }, ["hei"]);
    expect(stderr).toContain("403");
  }, 60_000);
});
