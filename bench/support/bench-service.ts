/**
 * The service as the benchmarks run it: `runService` on the configured database (already seeded by
 * bench/support/service-process.ts), without the demo's local staff login provider.
 * With BENCH_PROFILE_FILE set, SIGUSR2 starts the CPU profiler and the next SIGUSR2 writes the
 * profile there: the steady state under load, without start-up (open it in Chrome's DevTools).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { runService } from "../../bot/main.ts";

const profileFile = process.env.BENCH_PROFILE_FILE;
if (profileFile) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on("SIGUSR2", () => {
    void (async () => {
      if (!profiling) {
        profiling = true;
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        return;
      }
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(profileFile, JSON.stringify(profile));
      profiling = false;
    })();
  });
}

await runService();
