import { createHash } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { today } from "../../../services/clock.ts";
import { addDays, fromIsoDate, isIsoDate, toIsoDate } from "../../../services/dates.ts";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { expirePeriod } from "../../../services/ledger/expire-period.ts";
import { checkLedger } from "../../../services/ledger/invariants.ts";
import { loadPayoutBatch, toCsv, toPain001 } from "../../../services/ledger/payout-export.ts";
import { settle } from "../../../services/ledger/settle.ts";
import { topUp } from "../../../services/ledger/top-up.ts";
import { processFamilyRefunds } from "../../../services/payments/family-payments.ts";
import type { PaymentProvider } from "../../../services/payments/payment-provider.ts";
import { PaymentSimulator } from "../../../services/payments/payment-simulator.ts";
import { VippsEPaymentClient } from "../../../services/payments/vipps-epayment.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { argument, commandArgs, periodCode } from "../args.ts";
import { CommandFailed, yieldToEventLoop, type AdminCommand, type AdminContext, type AdminProgress } from "../command.ts";

// Thin commands over the ledger's use cases (services/ledger/), the same the admin API calls
// (bot/ledger-routes.ts): the rules, the idempotency and the audit rows are theirs.

const nok = (ore: number) => new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 2 }).format(ore / 100).replace(/\u00a0/g, " ");
const isoDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const todayHere = (ctx: AdminContext) => today(ctx.clock, ctx.config.scheme.timeZone);

/** Writes a file whole or not at all: an interrupted export never leaves half a payment file for the bank. */
function writeWhole(file: string, content: string): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

export const commands: AdminCommand[] = [
  {
    path: ["period", "allocate"],
    usage: "<year>-spring|<year>-autumn [--force] [--batch-size <n>]",
    summary: "Credit every eligible child's card for the period; idempotent (re-run after people move in, or after an interruption).",
    async run(args, ctx) {
      const { values, positionals } = commandArgs(args, { force: { type: "boolean" }, "batch-size": { type: "string" } }, { min: 1, max: 1, names: "<period>" });
      const code = argument(periodCode, positionals[0], "period");
      const batchSize = values["batch-size"] === undefined ? undefined : argument(z.coerce.number().int().min(1).max(10_000), values["batch-size"], "--batch-size");
      let bar: AdminProgress | undefined;
      let shown = 0;
      const result = await allocatePeriod(ctx.db, {
        municipalityId: ctx.municipalityId,
        period: parsePeriodCode(code, ctx.config.scheme),
        scheme: ctx.config.scheme,
        today: todayHere(ctx),
        now: ctx.clock.now(),
        force: Boolean(values.force),
        ...(batchSize ? { batchSize } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onBatch: async ({ done, eligible }) => {
          bar ??= ctx.out.progress(`allocate ${code}`, eligible);
          bar.tick(done - shown);
          shown = done;
          await yieldToEventLoop(); // so that Ctrl-C can reach ctx.signal before the next batch
        },
      });
      const already = result.eligible - result.allocated;
      const summary = `${result.eligible} eligible: ${result.allocated} credited now (NOK ${nok(result.allocatedOre)})${result.interrupted ? ", interrupted before the rest" : `, ${already} had theirs already`}`;
      if (bar) bar.done(summary);
      else ctx.out.line(`allocate ${code}: ${summary}`);
    },
  },
  {
    path: ["period", "expire"],
    usage: "<year>-spring|<year>-autumn",
    summary: "After the period: close it, lapse waiting sign-ups, return unused card money to the fund; idempotent.",
    async run(args, ctx) {
      const { positionals } = commandArgs(args, {}, { min: 1, max: 1, names: "<period>" });
      const code = argument(periodCode, positionals[0], "period");
      const result = await expirePeriod(ctx.db, { municipalityId: ctx.municipalityId, periodCode: code, today: todayHere(ctx), now: ctx.clock.now() });
      ctx.out.line(`expire ${code}: ${result.cardsExpired} cards returned NOK ${nok(result.returnedOre)} to the fund; ${result.voidedHolds} waiting sign-ups lapsed`);
    },
  },
  {
    path: ["settle"],
    usage: "<year>-spring|<year>-autumn --format pain001|csv --out <file> [--batch <id>] [--execution-date YYYY-MM-DD]",
    summary: "Pay the clubs what is posted since the period began (each movement once) and write the payout file for the bank (pain.001) or accounting (CSV).",
    async run(args, ctx) {
      const { values, positionals } = commandArgs(
        args,
        { format: { type: "string" }, out: { type: "string" }, batch: { type: "string" }, "execution-date": { type: "string" } },
        { min: 1, max: 1, names: "<period>" },
      );
      const code = argument(periodCode, positionals[0], "period");
      const format = argument(z.enum(["pain001", "csv"], { message: "must be pain001 or csv" }), values.format, "--format");
      const out = argument(z.string().min(1, "is required"), values.out, "--out");
      const day = todayHere(ctx);
      // One batch per period and day by default: a re-run the same day re-exports the same batch.
      const batchId = argument(z.string().regex(/^[A-Za-z0-9-]{1,24}$/, "must be 1–24 letters, digits or '-'"), values.batch ?? `${code}-${day.replace(/-/g, "")}`, "--batch");
      const executionDate = argument(isoDate, values["execution-date"] ?? day, "--execution-date");
      const span = parsePeriodCode(code, ctx.config.scheme);
      const result = await settle(ctx.db, { municipalityId: ctx.municipalityId, batchId, from: fromIsoDate(span.startsOn), to: fromIsoDate(addDays(day, 1)), now: ctx.clock.now() });
      if (result.status === "empty") {
        ctx.out.line(`settle ${code}: nothing posted and unsettled since ${span.startsOn}; no batch made, no file written`);
        return;
      }
      const batch = await loadPayoutBatch(ctx.db, batchId);
      const content = format === "pain001"
        ? toPain001(batch, { name: `${ctx.config.scheme.municipalityName} kommune`, orgNumber: ctx.config.payments.municipalityOrgNumber, account: ctx.config.payments.municipalityAccount }, executionDate)
        : toCsv(batch);
      writeWhole(out, content);
      ctx.out.line(`settle ${code}: batch ${batchId} ${result.status === "created" ? "created" : "exists (same as before)"}: ${result.payments.length} clubs, NOK ${nok(result.totalOre)}; ${format} written to ${out}`);
    },
  },
  {
    path: ["topup"],
    usage: "<child-id> <period> <amount-nok> --reason <text> --caseworker <person-id> [--request-id <id>]",
    summary: "Fritidskortet+: grant one child extra money for a period, with a confidential reason; the same request twice tops up once.",
    async run(args, ctx) {
      const { values, positionals } = commandArgs(args, { reason: { type: "string" }, caseworker: { type: "string" }, "request-id": { type: "string" } }, { min: 3, max: 3, names: "<child-id> <period> <amount-nok>" });
      const childId = argument(z.string().min(1), positionals[0], "child-id");
      const code = argument(periodCode, positionals[1], "period");
      const amountNok = argument(z.coerce.number().int("must be whole NOK").positive("must be more than 0").max(100_000, "must be at most 100000"), positionals[2], "amount-nok");
      const reason = argument(z.string().trim().min(3, "is required (3–500 characters)").max(500), values.reason ?? "", "--reason");
      const caseworkerId = argument(z.string().min(1, "is required (the caseworker's person id)"), values.caseworker ?? "", "--caseworker");
      // Without --request-id the request is named by what it asks: repeating the command tops up once.
      const requestId = values["request-id"] ?? `cli-${createHash("sha256").update(JSON.stringify([childId, code, amountNok, reason, caseworkerId])).digest("hex").slice(0, 32)}`;
      const outcome = await topUp(ctx.db, {
        requestId,
        municipalityId: ctx.municipalityId,
        childId,
        period: parsePeriodCode(code, ctx.config.scheme),
        amountPerPeriodOre: ctx.config.scheme.amountPerPeriodOre,
        now: ctx.clock.now(),
        amountOre: amountNok * 100,
        reason,
        caseworkerId,
        ageRules: ctx.config.scheme,
        maxPerChildPerPeriodOre: ctx.config.topUps.maxPerChildPerPeriodOre,
        today: today(ctx.clock, ctx.config.scheme.timeZone),
      });
      ctx.out.line(outcome.status === "created" ? `topped up NOK ${nok(outcome.transfer.amountOre)} for ${code} (transfer ${outcome.transfer.id})` : `already done: this top-up exists (transfer ${outcome.transfer.id}); nothing changed`);
    },
  },
  {
    path: ["refund"],
    usage: "",
    summary: "Send the refunds the ledger owes families (cancellations after they paid) to the payment provider; the server's job does the same each minute.",
    async run(args, ctx) {
      commandArgs(args, {}, { min: 0, max: 0, names: "" });
      const provider: PaymentProvider = ctx.config.payments.provider === "vipps" ? new VippsEPaymentClient(ctx.config.payments.vipps, ctx.clock) : new PaymentSimulator(ctx.config.publicBaseUrl);
      const result = await processFamilyRefunds(ctx.db, provider, ctx.clock.now());
      ctx.out.line(`refund: ${result.refunded} refunded, ${result.failed} failed (a failed one is tried again on the next run)`);
      if (result.failed > 0) throw new CommandFailed(`${result.failed} refund${result.failed > 1 ? "s" : ""} failed at the payment provider`);
    },
  },
  {
    path: ["ledger", "check"],
    usage: "",
    summary: "Recompute every balance from its transfers and check the books balance.",
    async run(args, ctx) {
      commandArgs(args, {}, { min: 0, max: 0, names: "" });
      const check = await checkLedger(ctx.db, ctx.municipalityId);
      ctx.out.line(check.ok ? `ledger check: the books balance (${toIsoDate(ctx.clock.now())})` : `ledger check: PROBLEMS ${JSON.stringify(check, (_, value) => (typeof value === "bigint" ? value.toString() : value))}`);
      if (!check.ok) throw new CommandFailed("the books do not balance");
    },
  },
];
