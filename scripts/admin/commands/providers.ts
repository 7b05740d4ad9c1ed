import { z } from "zod";
import { createI18n } from "../../../locales/i18n.ts";
import { noticeText } from "../../../dialogs/notices.ts";
import type { Language } from "../../../services/languages.ts";
import { decideProvider } from "../../../services/catalog/decide-provider.ts";
import { importProvider, planProviderImport } from "../../../services/catalog/import-providers.ts";
import { PROVIDER_COLUMNS, REQUIRED_PROVIDER_COLUMNS } from "../../../services/catalog/import-rows.ts";
import { argument, commandArgs, readCsvRecords } from "../args.ts";
import type { AdminCommand, AdminContext } from "../command.ts";
import { runImport } from "../import-file.ts";

const orgNumber = z.string().transform((value) => value.replace(/\s/g, "")).pipe(z.string().regex(/^\d{9}$/, "must be a 9-digit organisation number"));

/** The club notices (locales/<lang>/approvals.json), as the server writes them. */
export async function approvalText(ctx: AdminContext) {
  const i18n = await createI18n(ctx.config.scheme.defaultLanguage as Language);
  return noticeText(i18n);
}

function decision(decision: "approve" | "reject"): AdminCommand {
  return {
    path: ["providers", decision],
    usage: decision === "approve" ? "<org-number> [--reason <text>]" : "<org-number> --reason <text>",
    summary: decision === "approve"
      ? "Approve a club (police certificate and bank account on file); its contacts are told."
      : "Reject a club with a reason; its contacts are told why.",
    async run(args, ctx) {
      const { values, positionals } = commandArgs(args, { reason: { type: "string" } }, { min: 1, max: 1, names: "<org-number>" });
      const org = argument(orgNumber, positionals[0], "org-number");
      const result = await decideProvider(ctx.db, { municipalityId: ctx.municipalityId, orgNumber: org, decision, reason: values.reason, actorId: null, via: "admin-cli", now: ctx.clock.now(), text: await approvalText(ctx) });
      ctx.out.line(result.status === "unchanged"
        ? `${result.name} (${org}) was already ${decision === "approve" ? "approved" : "rejected"}: nothing changed, nobody told again`
        : `${result.name} (${org}) ${result.status}; ${result.told.length} contact${result.told.length === 1 ? "" : "s"} told by SMS`);
    },
  };
}

export const commands: AdminCommand[] = [
  {
    path: ["providers", "import"],
    usage: "<file.csv> [--skip-invalid] [--dry-run]",
    summary: "Add or update clubs from a CSV file (docs/admin.md: columns), keyed by organisation number.",
    async run(args, ctx) {
      const { values, positionals } = commandArgs(args, { "skip-invalid": { type: "boolean" }, "dry-run": { type: "boolean" } }, { min: 1, max: 1, names: "<file.csv>" });
      const file = positionals[0]!;
      const records = readCsvRecords(file, { known: PROVIDER_COLUMNS, required: REQUIRED_PROVIDER_COLUMNS });
      await runImport(ctx, {
        label: "providers",
        file,
        records: records.length,
        plan: planProviderImport(records),
        skipInvalid: Boolean(values["skip-invalid"]),
        dryRun: Boolean(values["dry-run"]),
        apply: (row) => importProvider(ctx.db, { municipalityId: ctx.municipalityId, row, actorId: null, via: "admin-cli", now: ctx.clock.now() }),
      });
    },
  },
  decision("approve"),
  decision("reject"),
];
