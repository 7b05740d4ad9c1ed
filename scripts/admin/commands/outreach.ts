import { parseArgs } from "node:util";
import { noticeText } from "../../../dialogs/notices.ts";
import { createI18n } from "../../../locales/i18n.ts";
import { isAppError } from "../../../services/errors.ts";
import type { Language } from "../../../services/languages.ts";
import { sendOutreach, type OutreachKind } from "../../../services/outreach/send-outreach.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { UsageError, type AdminCommand, type AdminContext, type AdminProgress } from "../command.ts";

/** node:util parseArgs' complaint (an unknown flag, a missing value) as a usage error. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function outreach(kind: OutreachKind, name: string, args: string[], ctx: AdminContext): Promise<void> {
  const { positionals, values } = parsed(() => parseArgs({ args, allowPositionals: true, strict: true, options: { limit: { type: "string" } } }));
  if (positionals.length !== 1) throw new UsageError(`usage: ${name} <period> [--limit <n>]`);
  let code: string;
  try {
    code = parsePeriodCode(positionals[0]!, ctx.config.scheme).code;
  } catch (error) {
    throw new UsageError(isAppError(error) ? error.message : String(error));
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit must be a positive whole number (got "${values.limit}")`);
  const i18n = await createI18n(ctx.config.scheme.defaultLanguage as Language);
  let bar: AdminProgress | undefined;
  try {
    const result = await sendOutreach(ctx.db, {
      municipalityId: ctx.municipalityId,
      periodCode: code,
      kind,
      now: ctx.clock.now(),
      text: noticeText(i18n),
      publicBaseUrl: ctx.config.publicBaseUrl,
      ...(limit === undefined ? {} : { limit }),
      onProgress: (done, total) => {
        bar ??= ctx.out.progress(`${name} ${code}`, total);
        bar.tick();
      },
    });
    const summary = `${name} ${code}: ${result.reached} families written to (the outbox sends them at SMS_SENDS_PER_SECOND), ${result.notReached} without a contact that may be written to${result.remaining ? `, ${result.remaining} left for a later run` : ""}`;
    if (bar) bar.done(summary);
    else ctx.out.line(`${name} ${code}: nobody left to write to`);
  } catch (error) {
    // A period that does not exist or is closed is the operator's input, not a failure of ours.
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "PERIOD_CLOSED")) throw new UsageError(error.message);
    throw error;
  }
}

const periodStart: AdminCommand = {
  path: ["outreach"],
  usage: "<period> [--limit <n>]",
  summary: "Writes once to each family with money on a child's card this period: the amount, how to find an activity, how to stop messages (safe to re-run: nobody is written to twice).",
  run: (args, ctx) => outreach("PERIOD_START", "outreach", args, ctx),
};

const remindExpiring: AdminCommand = {
  path: ["remind", "expiring"],
  usage: "<period> [--limit <n>]",
  summary: "Reminds families with unused money on a child's card that the period ends (once per child; the calendar does it REMIND_EXPIRING_DAYS before the end).",
  run: (args, ctx) => outreach("EXPIRING", "remind expiring", args, ctx),
};

export const commands: AdminCommand[] = [periodStart, remindExpiring];
