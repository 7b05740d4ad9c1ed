import cliProgress from "cli-progress";
import type { AdminOutput, AdminProgress } from "./command.ts";

/** What the runner writes besides a command's lines: the one line of an error. */
export interface RunnerOutput extends AdminOutput {
  error(text: string): void;
}

/**
 * The operator's terminal: lines on stdout; on a TTY a progress bar (cli-progress) on stderr, so
 * that a command's output piped to a file stays clean; without a TTY (CI, cron, a pipe) the bar
 * becomes a plain line at every tenth of the way and one at the end.
 */
export function terminalOutput(streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process): RunnerOutput {
  const { stdout, stderr } = streams;
  const tty = Boolean(stderr.isTTY);
  return {
    line: (text) => void stdout.write(`${text}\n`),
    error: (text) => void stderr.write(`${text}\n`),
    progress(label, total) {
      if (tty && total > 0) {
        const bar = new cliProgress.SingleBar(
          { stream: stderr, format: `${label} [{bar}] {value}/{total} {percentage}% {eta_formatted}`, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
        let finished = false;
        return {
          tick: (steps = 1) => bar.increment(steps),
          done(summary) {
            if (finished) return;
            finished = true;
            bar.stop();
            stdout.write(`${label}: ${summary ?? "done"}\n`);
          },
        };
      }
      return plainProgress(label, total, (text) => void stdout.write(`${text}\n`));
    },
  };
}

/** A progress report as plain lines: the start, every tenth of the way, and the summary. */
export function plainProgress(label: string, total: number, write: (text: string) => void): AdminProgress {
  let count = 0;
  let lastTenth = 0;
  let finished = false;
  write(`${label}: 0/${total}`);
  return {
    tick(steps = 1) {
      count += steps;
      const tenth = total > 0 ? Math.floor((count / total) * 10) : 10;
      if (tenth > lastTenth && count < total) {
        lastTenth = tenth;
        write(`${label}: ${count}/${total}`);
      }
    },
    done(summary) {
      if (finished) return;
      finished = true;
      write(`${label}: ${summary ?? `${count}/${total}`}`);
    },
  };
}

/** An output that keeps what a command said (tests, and a caller that prints it itself). */
export function memoryOutput(): RunnerOutput & { lines: string[]; errors: string[]; text(): string } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    line: (text) => void lines.push(text),
    error: (text) => void errors.push(text),
    progress: (label, total) => plainProgress(label, total, (text) => lines.push(text)),
    text: () => [...lines, ...errors].join("\n"),
  };
}
