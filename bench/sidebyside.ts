/**
 * `npm run bench -- sidebyside <ref> [<ref>…] [--cycles 8] [--seconds 3]`
 *
 * Two or more versions of the service, measured side by side: each git ref (a commit, a branch,
 * "WORKTREE" for this tree as it is, uncommitted changes included) is built and started on ONE
 * PostgreSQL database (the turns suite's demo municipality), and the turns benchmark's closed loop
 * of 50 conversations is switched between them every few seconds, round after round. On this
 * machine the same commit measured 4.1 and 6.4 ms of CPU a turn an hour apart (docs/performance.md),
 * so a change is compared with its parent in the same minutes, not across runs. Reported per
 * version: the service's CPU per turn, the database's (this machine's postgres processes, during
 * that version's turns) and turns per second. Two warm-up rounds are not counted.
 *
 * With no ref (as `npm run bench` runs every suite) it compares HEAD with the working tree.
 * Each ref other than WORKTREE is checked out in a temporary git worktree sharing node_modules.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../scripts/build.ts";
import { benchDatabase, localPostgresCpuMs, optionsOf, startService, type RunningProcess } from "./support/service-process.ts";
import { conversations, nextDelivery, type Conversation } from "./support/sms-load.ts";
import { load } from "./turns.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const WORKTREE = "WORKTREE";

/** Builds `ref` into a folder of its own; returns it and how to remove it. */
function buildRef(ref: string): { dist: string; remove(): void } {
  const folder = mkdtempSync(path.join(tmpdir(), "fk-sidebyside-"));
  const dist = path.join(folder, "dist");
  if (ref === WORKTREE) {
    build(dist);
    return { dist, remove: () => rmSync(folder, { recursive: true, force: true }) };
  }
  const tree = path.join(folder, "tree");
  execFileSync("git", ["worktree", "add", "--detach", "--quiet", tree, ref], { cwd: root, stdio: "inherit" });
  if (!existsSync(path.join(tree, "node_modules"))) symlinkSync(path.join(root, "node_modules"), path.join(tree, "node_modules"), "dir");
  // The generated Prisma client is not in git: this tree's, so refs with another schema need `prisma generate` in their tree.
  cpSync(path.join(root, "prisma/generated"), path.join(tree, "prisma/generated"), { recursive: true });
  // The ref's own build script, so the ref is built as it builds itself.
  execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `const { build } = await import(${JSON.stringify(path.join(tree, "scripts/build.ts"))}); build(${JSON.stringify(dist)});`], { cwd: tree, stdio: "inherit" });
  return {
    dist,
    remove: () => {
      execFileSync("git", ["worktree", "remove", "--force", tree], { cwd: root, stdio: "ignore" });
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export async function run(args: string[]): Promise<void> {
  const option = optionsOf(args);
  const cycles = Number(option("cycles", "8"));
  const seconds = Number(option("seconds", "3"));
  const refs = args.filter((arg, index) => !arg.startsWith("--") && !args[index - 1]?.startsWith("--"));
  const versions = refs.length > 0 ? refs : ["HEAD", WORKTREE];
  const builds = versions.map((ref) => ({ ref, ...buildRef(ref) }));
  const database = await benchDatabase("postgresql");
  const services: { ref: string; service: RunningProcess; cpuMs: number; databaseCpuMs: number; turns: number }[] = [];
  try {
    for (const { ref, dist } of builds) services.push({ ref, service: await startService(database, { dist }), cpuMs: 0, databaseCpuMs: 0, turns: 0 });
    // The same 50 phones for every version: the conversations go on from one version to the next.
    const phones = conversations(database.families, 50);
    for (let round = -2; round < cycles; round++) {
      for (const entry of services) {
        const { service } = entry;
        const cpu = service.cpuMs();
        const databaseCpu = localPostgresCpuMs();
        const closed = await load(service.url, "/api/sms", (conversation: Conversation) => nextDelivery(service.url, conversation), () => phones, { connections: 50, seconds });
        if (round < 0) continue;
        entry.cpuMs += service.cpuMs() - cpu;
        entry.databaseCpuMs += localPostgresCpuMs() - databaseCpu;
        entry.turns += closed.turnsPerSec * seconds;
      }
    }
    for (const { ref, cpuMs, databaseCpuMs, turns } of services) {
      const figures = { suite: "sidebyside", ref, turnsPerSec: Math.round(turns / (cycles * seconds)), cpuMsPerTurn: Math.round((cpuMs / turns) * 1000) / 1000, databaseCpuMsPerTurn: Math.round((databaseCpuMs / turns) * 1000) / 1000 };
      console.log(`${ref}: ${figures.turnsPerSec} turns/s, CPU per turn: service ${figures.cpuMsPerTurn} ms, database ${figures.databaseCpuMsPerTurn} ms`);
      console.log(JSON.stringify(figures));
    }
  } finally {
    for (const { service } of services) await service.stop();
    await database.drop();
    for (const { remove } of builds) remove();
  }
}
