import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Server processes killed, doubled and cut off from PostgreSQL: `npm run test:resilience` (docs/resilience.md).
    exclude: ["test/resilience/**", "**/node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/node20.ts"],
    // Each test file opens its own database copy (PGlite in memory, or a PostgreSQL database
    // cloned from a migrated template); two cores here, so two files at a time.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: "silent" },
  },
});
