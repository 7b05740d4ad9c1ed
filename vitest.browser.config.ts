import { defineConfig } from "vitest/config";

// `npm run test:browser`: the web pages in Debian's Chromium through playwright-core (.ci/run
// installs chromium). Kept out of `npm test`, whose pattern is test/**/*.test.ts.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: "silent" },
  },
});
