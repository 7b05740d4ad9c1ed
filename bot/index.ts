import { runService } from "./main.ts";

// The production entry: the service as configured, with no demo data (`npm run serve`).
// `npm start` runs scripts/demo.ts, which adds the demo municipality.
await runService();
