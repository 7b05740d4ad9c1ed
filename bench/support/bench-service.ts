/**
 * The service as the benchmarks run it: `runService` on the configured database (already seeded by
 * bench/support/service-process.ts), without the demo's local staff login provider.
 */
import { runService } from "../../bot/main.ts";

await runService();
