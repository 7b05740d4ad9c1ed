import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useApp } from "./channels/support/app.ts";

const ctx = useApp();

/** Upload files (formidable's `upload_*`) in the temporary folder that hold this marker. */
function uploadsHolding(marker: string): string[] {
  const folder = tmpdir();
  return readdirSync(folder)
    .filter((name) => name.startsWith("upload_"))
    .map((name) => path.join(folder, name))
    .filter((file) => {
      try {
        return statSync(file).isFile() && readFileSync(file).includes(marker);
      } catch {
        return false; // deleted meanwhile
      }
    });
}

function multipart(marker: string): { body: Blob; contentType: string } {
  const boundary = `----fk${randomBytes(8).toString("hex")}`;
  const file = Buffer.alloc(1024 * 1024, marker);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body: new Blob([new Uint8Array(body)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe("request bodies", () => {
  it.each(["/api/sms", "/v3/directline/conversations", "/webchat/token", "/api/messages"])("a 1 MB multipart POST to %s is refused with 415 and nothing reaches the disk", async (route) => {
    const marker = `fk-marker-${randomBytes(6).toString("hex")}`;
    const { body, contentType } = multipart(marker);
    const response = await fetch(`${ctx.app.url}${route}`, { method: "POST", headers: { "content-type": contentType }, body });
    const answer = await response.text();
    expect(uploadsHolding(marker)).toEqual([]);
    expect(response.status).toBe(415);
    expect(answer).toMatch(/multipart\/form-data is not accepted here; expected application\/(json|x-www-form-urlencoded)/);
  });

  it("refuses a JSON body on the form-only SMS webhook, and a form on a JSON route, saying what it expects", async () => {
    const sms = await fetch(`${ctx.app.url}/api/sms`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(sms.status).toBe(415);
    expect(await sms.json()).toEqual({ error: "UNSUPPORTED_MEDIA_TYPE", message: "application/json is not accepted here; expected application/x-www-form-urlencoded" });
    const directLine = await fetch(`${ctx.app.url}/v3/directline/tokens/generate`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    expect(directLine.status).toBe(415);
    expect(await directLine.json()).toEqual({ error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "text/plain is not accepted here; expected application/json" } });
  });

  it("refuses a body over 256 kB with 413 and bad JSON with 400", async () => {
    const big = await fetch(`${ctx.app.url}/v3/directline/tokens/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(300 * 1024) }) });
    expect(big.status).toBe(413);
    const bad = await fetch(`${ctx.app.url}/v3/directline/tokens/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(bad.status).toBe(400);
  });
});
