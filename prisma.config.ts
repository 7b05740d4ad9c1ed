// The Prisma CLI is used here only to generate the client and to write migration SQL
// (`npm run db:migration`). The running service applies migrations itself (services/db/migrate.ts),
// because an embedded PGlite database lives inside our process and cannot be opened by a second one.
// Prisma 6.19 works offline only through its WASM engine and a driver adapter (docs/platform-notes).
import { defineConfig } from "prisma/config";

// The 6.19 CLI falls back to downloading a native engine when the schema's `url` env var is unset;
// any value keeps it on the offline WASM path (the adapter below is what connects).
process.env.DATABASE_URL ??= "postgresql://prisma-cli@localhost/unused";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    // Typed against an older driver-adapter-utils; the runtime interface is the one 6.19 uses.
    return new PrismaPGlite(new PGlite()) as unknown as never;
  },
});
