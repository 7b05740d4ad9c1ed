import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { colorIcon, outlineIcon } from "../../teams/icons.ts";
import { encodePng } from "../../teams/png.ts";
import { buildTeamsPackage, fillManifest } from "../../teams/package.ts";

const manifest = JSON.parse(readFileSync("teams/manifest.json", "utf8"));
const english = JSON.parse(readFileSync("teams/en-us.json", "utf8"));

/** Decodes an 8-bit RGBA, non-interlaced PNG (all five row filters), checking every chunk's CRC. */
function decodePng(file: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString("ascii", offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    expect(file.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(crc32(file.subarray(offset + 4, offset + 8 + length)));
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9], body[12]], "8-bit RGBA, not interlaced").toEqual([8, 6, 0]);
    }
    if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const paeth = () => {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = [0, a, b, (a + b) >> 1, paeth()][filter]!;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe("the Teams app", () => {
  it("has a manifest of schema 1.17 or later with the bot, for personal, team and group chats", () => {
    const version = Number(manifest.manifestVersion);
    expect(version).toBeGreaterThanOrEqual(1.17);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(manifest.id).toBe("{{MICROSOFT_APP_ID}}");
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: "{{MICROSOFT_APP_ID}}", scopes: ["personal", "team", "groupChat"], isNotificationOnly: false })]);
    expect(manifest.icons).toEqual({ color: "color.png", outline: "outline.png" });
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
  });

  it("keeps to the manifest's length limits, in both languages", () => {
    for (const [short, full, descriptionShort, developer] of [
      [manifest.name.short, manifest.name.full, manifest.description.short, manifest.developer.name.replace("{{MUNICIPALITY_NAME}}", "Nord-Aurdal")],
      [english["name.short"], english["name.full"], english["description.short"], ""],
    ]) {
      expect(short.length).toBeLessThanOrEqual(30);
      expect(full.length).toBeLessThanOrEqual(100);
      expect(descriptionShort.length).toBeLessThanOrEqual(80);
      expect(developer.length).toBeLessThanOrEqual(32);
    }
    for (const command of manifest.bots[0].commandLists[0].commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    // Every localized key points at something the manifest has.
    for (const key of Object.keys(english).filter((key) => key !== "$schema")) {
      const value = key.split(/\.|\[(\d+)\]\.?/).filter(Boolean).reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], manifest);
      expect(value, key).toEqual(expect.any(String));
    }
  });

  it("ships real icons: color 192×192 opaque, outline 32×32 white on transparent", () => {
    const color = decodePng(readFileSync("teams/color.png"));
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.pixels.length; i += 4) expect(color.pixels[i]).toBe(255);

    const outline = decodePng(readFileSync("teams/outline.png"));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) transparent += 1;
      else expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(transparent).toBeLessThan(32 * 32);
  });

  it("has the icons the drawing code makes (run npx tsx teams/icons.ts after changing it)", () => {
    expect(readFileSync("teams/color.png").equals(encodePng(colorIcon()))).toBe(true);
    expect(readFileSync("teams/outline.png").equals(encodePng(outlineIcon()))).toBe(true);
  });

  it("packages with the placeholders filled, and refuses what Teams would refuse", () => {
    const options = { appId: "0f8fad5b-d9cb-469f-a165-70867728950e", publicBaseUrl: "https://fritidskort.drammen.example/", municipalityName: "Drammen" };
    const filled = JSON.parse(fillManifest(readFileSync("teams/manifest.json", "utf8"), options));
    expect(filled).toMatchObject({ id: options.appId, bots: [{ botId: options.appId }], validDomains: ["fritidskort.drammen.example"], developer: { name: "Drammen kommune", websiteUrl: "https://fritidskort.drammen.example/" } });
    expect(() => fillManifest("{}", { ...options, appId: "my-bot" })).toThrow(/GUID/);
    expect(() => fillManifest("{}", { ...options, publicBaseUrl: "http://localhost:3978" })).toThrow(/https/);

    const archive = buildTeamsPackage(options);
    const names: string[] = [];
    for (let offset = 0; archive.readUInt32LE(offset) === 0x04034b50; ) {
      const size = archive.readUInt32LE(offset + 18);
      const nameLength = archive.readUInt16LE(offset + 26);
      const name = archive.toString("utf8", offset + 30, offset + 30 + nameLength);
      const data = archive.subarray(offset + 30 + nameLength, offset + 30 + nameLength + size);
      expect(crc32(data), name).toBe(archive.readUInt32LE(offset + 14));
      names.push(name);
      offset += 30 + nameLength + size;
    }
    expect(names).toEqual(["manifest.json", "en-us.json", "color.png", "outline.png"]);
  });
});
