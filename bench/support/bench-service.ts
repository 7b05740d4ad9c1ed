/**
 * The service as the benchmarks run it: `runService` on the configured database (already seeded by
 * bench/support/service-process.ts), without the demo's local staff login provider.
 * With BENCH_PROFILE_FILE set, SIGUSR2 starts the CPU profiler and the next SIGUSR2 writes the
 * profile there: the steady state under load, without start-up (open it in Chrome's DevTools).
 * A file ending in .heapprofile gets the sampling heap profiler instead, counting what the garbage
 * collector has already freed too: where a turn allocates, not what stays.
 * With BENCH_MEMORY_FILE set, `process.memoryUsage()` is sampled every 100 ms and the sample with
 * the highest RSS so far is written there (JSON, MB): whether a peak is V8's heap (used, or
 * allocated and not yet collected), Buffers and WebAssembly memory (external), or neither (code,
 * native libraries).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import v8 from "node:v8";
import { runService } from "../../bot/main.ts";

const profileFile = process.env.BENCH_PROFILE_FILE;
if (profileFile) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on("SIGUSR2", () => {
    void (async () => {
      const allocations = profileFile.endsWith(".heapprofile");
      if (!profiling) {
        profiling = true;
        if (allocations) {
          await session.post("HeapProfiler.enable");
          await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        } else {
          await session.post("Profiler.enable");
          await session.post("Profiler.start");
        }
        return;
      }
      const { profile } = allocations ? await session.post("HeapProfiler.stopSampling") : await session.post("Profiler.stop");
      writeFileSync(profileFile, JSON.stringify(profile));
      profiling = false;
    })();
  });
}

const memoryFile = process.env.BENCH_MEMORY_FILE;
if (memoryFile) {
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  let peak = 0;
  setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss <= peak) return;
    peak = usage.rss;
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, { size: mb(space.space_size), used: mb(space.space_used_size) }]));
    const sample = { rss: mb(usage.rss), heapTotal: mb(usage.heapTotal), heapUsed: mb(usage.heapUsed), external: mb(usage.external), arrayBuffers: mb(usage.arrayBuffers), spaces };
    writeFileSync(memoryFile, JSON.stringify(sample));
  }, 100).unref();
}

await runService();
