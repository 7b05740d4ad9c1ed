import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { isAppError } from "../../services/errors.ts";
import { topUp } from "../../services/ledger/top-up.ts";
import { periodContaining, type PeriodSpan } from "../../services/periods.ts";
import { findCaseworkerChildren, type CaseworkerChild } from "../../services/staff/find-caseworker-children.ts";
import { isNo, isYes } from "../answers.ts";
import { formatNok } from "../format.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog } from "../journey-dialog.ts";
import type { TopUpCommand } from "./staff-commands.ts";

export const STAFF_TOP_UP_DIALOG = "staff.topUp";

interface Pending {
  command: TopUpCommand;
  child: CaseworkerChild;
  period: PeriodSpan;
}

/**
 * A caseworker tops up a child's card from chat (Fritidskortet+): `PÅFYLL Jonas 500 <reason>`,
 * the child found among their families by name, then one yes/no, then the same use case as the
 * admin API (services/ledger/top-up.ts), whose refusals are said as they are. The reason goes to
 * the audit log only, and is not repeated back.
 */
export class StaffTopUpDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(STAFF_TOP_UP_DIALOG, deps);
    this.steps(this.findStep, this.answerStep);
  }

  private async findStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const command = step.options as TopUpCommand;
    const info = this.info(step);
    const children = await findCaseworkerChildren(this.deps.db, { caseworkerId: info.identity.person!.id, name: command.name });
    if (children.length === 0) {
      await this.say(step, ["staff_actions:top_up.no_child", { name: command.name }]);
      return step.endDialog();
    }
    if (children.length > 1) {
      await this.say(step, ["staff_actions:top_up.ambiguous", { names: children.map((child) => `${child.givenName} ${child.familyName}`).join(", ") }]);
      return step.endDialog();
    }
    const period = periodContaining(this.time().today, this.deps.scheme);
    if (!period) {
      await this.say(step, "staff_actions:top_up.no_period");
      return step.endDialog();
    }
    const child = children[0]!;
    (step.values as { pending?: Pending }).pending = { command, child, period };
    return this.askYesNo(step, String(info.t("staff_actions:top_up.confirm", { amount: formatNok(command.amountNok, info.language), child: `${child.givenName} ${child.familyName}`, period: period.code })));
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const answer = String(step.result ?? "");
    const { command, child, period } = (step.values as { pending: Pending }).pending;
    if (isNo(answer, info)) {
      await this.say(step, "staff_actions:top_up.kept");
      return step.endDialog();
    }
    if (!isYes(answer, info)) return this.unclearAnswer(step);
    const { now, today } = this.time();
    const name = `${child.givenName} ${child.familyName}`;
    try {
      await topUp(this.deps.db, {
        // The yes message's id (an SMS's MessageSid): a redelivered yes tops up once.
        requestId: `chat:${info.identity.identityId}:${step.context.activity.id ?? now.getTime()}`,
        municipalityId: this.deps.municipalityId,
        childId: child.id,
        period,
        amountPerPeriodOre: this.deps.scheme.amountPerPeriodOre,
        amountOre: command.amountNok * 100,
        reason: command.reason,
        caseworkerId: info.identity.person!.id,
        ageRules: this.deps.scheme,
        maxPerChildPerPeriodOre: this.deps.topUps!.maxPerChildPerPeriodOre,
        today,
        now,
      });
      await this.say(step, ["staff_actions:top_up.done", { amount: formatNok(command.amountNok, info.language), child: name, period: period.code }]);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const refusal: [string, Record<string, unknown>] | undefined =
        error.code === "FORBIDDEN"
          ? ["role" in error.details ? "staff_actions:top_up.not_caseworker" : "staff_actions:top_up.not_your_family", { child: name }]
          : error.code === "CHILD_NOT_ELIGIBLE"
            ? ["staff_actions:top_up.not_eligible", { child: name, period: period.code }]
            : error.code === "PERIOD_CLOSED"
              ? ["staff_actions:top_up.period_closed", { period: period.code }]
              : error.code === "OVER_TOP_UP_LIMIT"
                ? ["staff_actions:top_up.over_limit", { max: formatNok(Number(error.details.maxNok), info.language), given: formatNok(Number(error.details.givenNok), info.language), child: name }]
                : undefined;
      if (!refusal) throw error;
      await this.say(step, refusal);
    }
    return step.endDialog();
  }
}
