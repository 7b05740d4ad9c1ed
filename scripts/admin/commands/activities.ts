import { z } from "zod";
import { decideActivity } from "../../../services/catalog/decide-activity.ts";
import { describeProblem } from "../../../services/catalog/approval-rules.ts";
import { findPendingActivities } from "../../../services/catalog/find-pending-activities.ts";
import { importActivity, planActivityImport } from "../../../services/catalog/import-activities.ts";
import { ACTIVITY_COLUMNS, REQUIRED_ACTIVITY_COLUMNS } from "../../../services/catalog/import-rows.ts";
import { argument, commandArgs, readCsvRecords } from "../args.ts";
import type { AdminCommand } from "../command.ts";
import { runImport } from "../import-file.ts";
import { approvalText } from "./providers.ts";

const activityId = z.string().trim().min(1, "is empty").max(64, "is too long");
const nok = (ore: number) => (ore % 100 === 0 ? String(ore / 100) : (ore / 100).toFixed(2));

function decision(decision: "approve" | "reject"): AdminCommand {
  return {
    path: ["activities", decision],
    usage: decision === "approve" ? "<activity-id> [--reason <text>]" : "<activity-id> --reason <text>",
    summary: decision === "approve"
      ? "Approve an activity under the scheme's rules (approved club, police certificate, sessions, category); the club is told."
      : "Reject an activity with a reason; the club is told why.",
    async run(args, ctx) {
      const { values, positionals } = commandArgs(args, { reason: { type: "string" } }, { min: 1, max: 1, names: "<activity-id>" });
      const id = argument(activityId, positionals[0], "activity-id");
      const result = await decideActivity(ctx.db, { municipalityId: ctx.municipalityId, activityId: id, decision, reason: values.reason, actorId: null, via: "admin-cli", now: ctx.clock.now(), text: await approvalText(ctx) });
      ctx.out.line(result.status === "unchanged"
        ? `${result.name} (${id}) was already ${decision === "approve" ? "approved" : "rejected"}: nothing changed, nobody told again`
        : `${result.name} (${id}) ${result.status}; ${result.told.length} club contact${result.told.length === 1 ? "" : "s"} told by SMS`);
    },
  };
}

export const commands: AdminCommand[] = [
  {
    path: ["activities", "import"],
    usage: "<file.csv> [--skip-invalid] [--dry-run]",
    summary: "Add or update activities from a CSV file (docs/admin.md: columns), keyed by club and title; a raised fee on an approved activity is refused.",
    async run(args, ctx) {
      const { values, positionals } = commandArgs(args, { "skip-invalid": { type: "boolean" }, "dry-run": { type: "boolean" } }, { min: 1, max: 1, names: "<file.csv>" });
      const file = positionals[0]!;
      const records = readCsvRecords(file, { known: ACTIVITY_COLUMNS, required: REQUIRED_ACTIVITY_COLUMNS });
      await runImport(ctx, {
        label: "activities",
        file,
        records: records.length,
        plan: await planActivityImport(ctx.db, { municipalityId: ctx.municipalityId, records }),
        skipInvalid: Boolean(values["skip-invalid"]),
        dryRun: Boolean(values["dry-run"]),
        apply: (activity) => importActivity(ctx.db, { municipalityId: ctx.municipalityId, activity, actorId: null, via: "admin-cli", now: ctx.clock.now() }),
      });
    },
  },
  {
    path: ["activities", "pending"],
    usage: "",
    summary: "List the activities waiting for a decision, with what would refuse each today.",
    async run(args, ctx) {
      commandArgs(args, {}, { min: 0, max: 0, names: "" });
      const pending = await findPendingActivities(ctx.db, { municipalityId: ctx.municipalityId });
      for (const activity of pending) {
        ctx.out.line(`${activity.id}  ${activity.title} — ${activity.provider.name} (${activity.provider.orgNumber}), ${activity.category}, ${activity.sessionsPerPeriod} sessions, NOK ${nok(activity.feeOre)}`);
        ctx.out.line(activity.problems.length === 0 ? "    can be approved" : `    would be refused: ${activity.problems.map(describeProblem).join("; ")}`);
      }
      const ready = pending.filter((activity) => activity.problems.length === 0).length;
      ctx.out.line(`${pending.length} activit${pending.length === 1 ? "y" : "ies"} pending: ${ready} can be approved, ${pending.length - ready} would be refused`);
    },
  },
  decision("approve"),
  decision("reject"),
];
