import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { memoryOutput, terminalOutput } from "../../../scripts/admin/output.ts";

function stream(tty: boolean) {
  const written: string[] = [];
  const out = Object.assign(new PassThrough(), { isTTY: tty, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  out.on("data", (chunk: Buffer) => written.push(chunk.toString()));
  return { out: out as unknown as NodeJS.WriteStream, text: () => written.join("") };
}

describe("the admin command line's output", () => {
  it("without a terminal: plain lines at the start, every tenth of the way, and the summary", () => {
    const output = memoryOutput();
    const bar = output.progress("import", 20);
    for (let i = 0; i < 20; i++) bar.tick();
    bar.done("20 created");
    expect(output.lines).toEqual(["import: 0/20", ...[2, 4, 6, 8, 10, 12, 14, 16, 18].map((n) => `import: ${n}/20`), "import: 20 created"]);
  });

  it("on a terminal: a progress bar on stderr, and the summary as one line on stdout", async () => {
    const stdout = stream(true);
    const stderr = stream(true);
    const output = terminalOutput({ stdout: stdout.out, stderr: stderr.out });
    const bar = output.progress("allocate 2026-autumn", 4);
    bar.tick(4);
    bar.done("4 eligible: 4 credited now");
    await new Promise((resolve) => setImmediate(resolve));
    expect(stderr.text()).toContain("allocate 2026-autumn [");
    expect(stdout.text()).toBe("allocate 2026-autumn: 4 eligible: 4 credited now\n");
  });
});
