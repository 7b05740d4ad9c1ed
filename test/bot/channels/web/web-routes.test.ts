import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { useApp } from "../support/app.ts";
import { webChatBundlePath } from "../../../../bot/channels/web/pages.ts";
import { LANGUAGES } from "../../../../services/languages.ts";

const ctx = useApp();

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${ctx.app.url}${path}`, { headers });
  const html = await response.text();
  const config = JSON.parse(/<script id="fk-config" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!);
  return { response, html, config };
}

describe("GET /", () => {
  it("serves the chat page in the browser's language, with the official Web Chat bundle", async () => {
    const { response, html, config } = await page("/", { "accept-language": "nb-NO,nb;q=0.9,en;q=0.5" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(html).toMatch(/<html lang="nb" dir="ltr">/);
    expect(html).toContain('<script src="/webchat/webchat.js" defer></script>');
    expect(html).toContain("<h1 data-text=\"heading\">Fritidskortet i Drammen</h1>");
    expect(config.languages.map((language: { code: string }) => language.code)).toEqual([...LANGUAGES]);
    expect(config.languages.find((language: { code: string }) => language.code === "ur")).toMatchObject({ dir: "rtl", name: "اردو" });
    expect(Object.keys(config.strings)).toEqual([...LANGUAGES]);
  });

  it.each([
    ["?lang=ar", {}, "ar", "rtl"],
    ["?lang=ur", {}, "ur", "rtl"],
    ["", { "accept-language": "no" }, "nb", "ltr"],
    ["", { "accept-language": "pl-PL,pl;q=0.9" }, "pl", "ltr"],
    ["?lang=xx", { "accept-language": "de-DE" }, "nb", "ltr"],
  ])("%s %o opens in %s, %s", async (query, headers, lang, dir) => {
    const { html } = await page(`/${query}`, headers);
    expect(html).toContain(`<html lang="${lang}" dir="${dir}">`);
  });

  it("serves the bundle of the installed botframework-webchat, gzipped when asked", async () => {
    const bundle = readFileSync(webChatBundlePath());
    const plain = await fetch(`${ctx.app.url}/webchat/webchat.js`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(Buffer.from(await plain.arrayBuffer()).equals(bundle)).toBe(true);
    const zipped = await new Promise<Buffer>((resolve, reject) => {
      // fetch would decompress on its own; read the raw bytes.
      import("node:http").then(({ get }) =>
        get(`${ctx.app.url}/webchat/webchat.js`, { headers: { "accept-encoding": "gzip" } }, (res) => {
          expect(res.headers["content-encoding"]).toBe("gzip");
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve(Buffer.concat(chunks)));
        }).on("error", reject),
      );
    });
    expect(zipped.length).toBeLessThan(bundle.length / 2);
    expect(gunzipSync(zipped).equals(bundle)).toBe(true);
  });
});

describe("POST /webchat/token (the page's token server)", () => {
  const token = (headers: Record<string, string>) => fetch(`${ctx.app.url}/webchat/token`, { method: "POST", headers });

  it("gives our own page a Direct Line token for a new conversation", async () => {
    const response = await token({ "sec-fetch-site": "same-origin", origin: ctx.app.url });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800, user: { id: expect.stringMatching(/^dl_/), proof: expect.any(String) } });
  });

  it.each([
    ["another site, as the browser marks it", { "sec-fetch-site": "cross-site" }],
    ["another origin", { origin: "https://evil.example.com" }],
    ["a sandboxed frame", { origin: "null" }],
  ])("refuses %s", async (_case, headers) => {
    expect((await token(headers)).status).toBe(403);
  });
});
