/**
 * `npm run build`: the service as JavaScript in dist/, which `npm run serve` runs with plain node —
 * without tsx's loader (its own thread, esbuild and a source map per module: about 80 MB resident;
 * docs/performance.md, Memory).
 *
 * dist/ mirrors the project's runtime folders: every file is copied as it is, because the code reads
 * files relative to itself (the NLU's corpus and even its own sources for its cache key, migrations,
 * locales, the web pages), and beside each .ts goes its .js — TypeScript's per-file transpile with
 * tsconfig.json's options: types erased, `./x.ts` imports rewritten to `./x.js`
 * (`rewriteRelativeImportExtensions`). No type check here; that is `npm run typecheck`. The build
 * takes seconds, so the benchmarks run it before they start the service. dist/node_modules points
 * at node_modules, so the packages and the NLU's model cache (node_modules/.cache) are the same.
 */
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DIST = path.join(ROOT, "dist");
/** What the service, the demo, the admin command line and the benchmarks' service load at run time. */
const FOLDERS = ["bot", "dialogs", "services", "locales", "prisma", "scripts", "web", "bench"];

function compilerOptions(): ts.CompilerOptions {
  const file = path.join(ROOT, "tsconfig.json");
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT, file);
  if (errors.length > 0) throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n")).join("\n"));
  return { ...options, noEmit: false, allowImportingTsExtensions: false, rewriteRelativeImportExtensions: true, sourceMap: true, declaration: false };
}

function* typescriptFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(file);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) yield file;
  }
}

/** Builds into `outDir` (dist/, or a test's folder) anew. */
export function build(outDir = DIST): { files: number } {
  const options = compilerOptions();
  rmSync(outDir, { recursive: true, force: true });
  for (const folder of FOLDERS) cpSync(path.join(ROOT, folder), path.join(outDir, folder), { recursive: true });
  const nodeModules = path.join(ROOT, "node_modules");
  if (process.platform === "win32") symlinkSync(nodeModules, path.join(outDir, "node_modules"), "junction");
  else symlinkSync(path.relative(outDir, nodeModules), path.join(outDir, "node_modules"), "dir");
  let files = 0;
  const problems: string[] = [];
  for (const folder of FOLDERS) {
    for (const file of typescriptFiles(path.join(outDir, folder))) {
      const output = ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions: options, fileName: file, reportDiagnostics: true });
      for (const diagnostic of output.diagnostics ?? []) problems.push(`${path.relative(outDir, file)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
      const js = file.replace(/\.ts$/, ".js");
      writeFileSync(js, output.outputText);
      if (output.sourceMapText) writeFileSync(`${js}.map`, output.sourceMapText);
      files++;
    }
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return { files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { files } = build();
  console.log(`dist/: ${files} modules in ${Math.round(performance.now() - started)} ms`);
}
