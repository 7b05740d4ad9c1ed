/**
 * `npm run bench -- <suite> [args]`: runs bench/<suite>.ts. Each suite prints what it measured and
 * ends with one JSON line, so CI and people read the same numbers.
 */
import { readdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const suites = (await readdir(dir)).filter((file) => file.endsWith(".ts") && file !== "index.ts").map((file) => file.slice(0, -3));
const [suite, ...args] = process.argv.slice(2);
if (!suite || !suites.includes(suite)) {
  console.error(`usage: npm run bench -- <suite> [args]   (suites: ${suites.join(", ")})`);
  process.exit(2);
}
const module = (await import(pathToFileURL(`${dir}${suite}.ts`).href)) as { run(args: string[]): Promise<void> };
await module.run(args);
