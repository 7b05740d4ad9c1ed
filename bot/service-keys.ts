import { hkdfSync, randomBytes } from "node:crypto";

/**
 * A key of its own for each thing the service signs or seals (the ID-porten login cookie, the web
 * chat's user proof), derived with HKDF from TOKEN_SECRET, else DIRECT_LINE_SECRET (required in
 * production, so every process derives the same key); in development without either, random per
 * process. One purpose's key never verifies another's.
 */
export function serviceKey(secrets: { tokenSecret?: string; secret?: string }, purpose: string): { key: Buffer; ephemeral: boolean } {
  const master = secrets.tokenSecret ?? secrets.secret;
  if (!master) return { key: randomBytes(32), ephemeral: true };
  return { key: Buffer.from(hkdfSync("sha256", master, "fritidskort", purpose, 32)), ephemeral: false };
}
