/**
 * `npm run bench` runs every suite, one after another; `npm run bench -- <suite> [args]` runs
 * bench/<suite>.ts. Each suite prints what it measured and ends with one JSON line per result, so CI
 * and people read the same numbers.
 */
import { readdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const suites = (await readdir(dir)).filter((file) => file.endsWith(".ts") && file !== "index.ts").map((file) => file.slice(0, -3)).sort();
const [suite, ...args] = process.argv.slice(2);
if (suite !== undefined && !suites.includes(suite)) {
  console.error(`usage: npm run bench [-- <suite> [args]]   (suites: ${suites.join(", ")}; none: all of them)`);
  process.exit(2);
}
for (const name of suite === undefined ? suites : [suite]) {
  if (suite === undefined) console.log(`\n== ${name} ==`);
  const module = (await import(pathToFileURL(`${dir}${name}.ts`).href)) as { run(args: string[]): Promise<void> };
  await module.run(suite === undefined ? [] : args);
}
