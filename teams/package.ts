import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";

/**
 * Builds the Teams app package a municipality uploads (Teams admin center → Manage apps → Upload):
 * manifest.json with its placeholders filled, the icons and the English localization, zipped.
 *
 *   MICROSOFT_APP_ID=<bot's app id> PUBLIC_BASE_URL=https://… MUNICIPALITY_NAME=Drammen npx tsx teams/package.ts
 *
 * writes teams/build/fritidskort-teams.zip.
 */
const DIR = path.dirname(fileURLToPath(import.meta.url));
const FILES = ["manifest.json", "en-us.json", "color.png", "outline.png"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsPackageOptions {
  appId: string;
  publicBaseUrl: string;
  municipalityName: string;
}

export function fillManifest(template: string, options: TeamsPackageOptions): string {
  if (!GUID.test(options.appId)) throw new Error(`MICROSOFT_APP_ID must be the bot's Azure app id, a GUID (got "${options.appId}")`);
  const base = new URL(options.publicBaseUrl);
  if (base.protocol !== "https:") throw new Error("PUBLIC_BASE_URL must be https for a Teams app");
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: options.appId,
    PUBLIC_BASE_URL: base.toString().replace(/\/$/, ""),
    PUBLIC_HOSTNAME: base.hostname,
    MUNICIPALITY_NAME: options.municipalityName,
  };
  const filled = template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
  const left = /\{\{\w+\}\}/.exec(filled);
  if (left) throw new Error(`manifest placeholder ${left[0]} has no value`);
  return filled;
}

/** A zip archive of stored (uncompressed) files: PNGs are compressed already, the JSON is small. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, "utf8");
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.data.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, file.data);
    centrals.push(central, name);
    offset += local.length + name.length + file.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function buildTeamsPackage(options: TeamsPackageOptions): Buffer {
  return zip(
    FILES.map((name) => {
      const data = readFileSync(path.join(DIR, name));
      return { name, data: name === "manifest.json" ? Buffer.from(fillManifest(data.toString("utf8"), options)) : data };
    }),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const archive = buildTeamsPackage({
    appId: process.env.MICROSOFT_APP_ID ?? "",
    publicBaseUrl: process.env.PUBLIC_BASE_URL ?? "",
    municipalityName: process.env.MUNICIPALITY_NAME ?? "Drammen",
  });
  mkdirSync(path.join(DIR, "build"), { recursive: true });
  writeFileSync(path.join(DIR, "build", "fritidskort-teams.zip"), archive);
  process.stdout.write("wrote teams/build/fritidskort-teams.zip\n");
}
