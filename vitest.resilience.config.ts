import { defineConfig } from "vitest/config";

/**
 * The resilience suite (docs/resilience.md): servers as real child processes on the machine's
 * PostgreSQL (TEST_DATABASE_URL), killed, doubled and cut off from their database. One file at a
 * time: each runs two server processes of its own on two cores.
 */
export default defineConfig({
  test: {
    include: ["test/resilience/**/*.test.ts"],
    setupFiles: ["test/support/node20.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    env: { LOG_LEVEL: "silent" },
  },
});
