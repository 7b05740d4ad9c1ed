import type { AdminContext, AdminOutput } from "../../../scripts/admin/command.ts";
import type { Clock } from "../../../services/clock.ts";
import type { AppConfig } from "../../../services/config.ts";
import type { Database } from "../../../services/db/database.ts";

/** What a command printed: its lines, and each progress bar's label, ticks and closing summary. */
export interface RecordedOutput extends AdminOutput {
  lines: string[];
  bars: { label: string; total: number; ticked: number; summary: string | undefined }[];
}

export function recordingOutput(): RecordedOutput {
  const lines: string[] = [];
  const bars: RecordedOutput["bars"] = [];
  return {
    lines,
    bars,
    line: (text) => void lines.push(text),
    progress(label, total) {
      const bar = { label, total, ticked: 0, summary: undefined as string | undefined };
      bars.push(bar);
      return { tick: (steps = 1) => void (bar.ticked += steps), done: (summary) => void (bar.summary = summary) };
    },
  };
}

export function adminContext(db: Database, municipalityId: string, clock: Clock, config: AppConfig): AdminContext & { out: RecordedOutput } {
  return { db, municipalityId, clock, config, out: recordingOutput() };
}
