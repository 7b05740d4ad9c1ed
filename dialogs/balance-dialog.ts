import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { findCardStatements } from "../services/family/find-card-statement.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { formatDate, formatNok, markdownText } from "./format.ts";
import { BALANCE_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";
import { eligibilityLine } from "./eligibility-dialog.ts";
import { peopleInQuestion } from "./people.ts";

/**
 * Balance and history, per child for the current period: what is left, what is set aside for
 * sign-ups the club has not confirmed, what was paid to whom, and when the money expires.
 */
export class BalanceDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(BALANCE_DIALOG, deps);
    this.steps(this.answerStep);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const { intent, entities } = this.options(step);
    const { t, language } = info;
    const { today } = this.time();
    const blocks: string[] = [];
    const children = peopleInQuestion(info, entities.childName);
    // Every child's card in one statement.
    const statements = await findCardStatements(this.deps.db, { municipalityId: this.deps.municipalityId, childIds: children.map((child) => child.id), today, rules: this.deps.scheme });
    for (const child of children) {
      const statement = statements.get(child.id);
      if (!statement || statement.movements.length === 0) {
        // No card: say why when the child is not eligible (too young: from when).
        const why = eligibilityLine(info, this.deps, child, today);
        const eligible = why === String(t("chat:eligibility.eligible", { name: child.givenName }));
        blocks.push(eligible ? String(t("chat:balance.no_card", { child: child.givenName })) : `${String(t("chat:balance.no_card", { child: child.givenName }))} ${why}`);
        continue;
      }
      const lines = [String(t("chat:balance.line", { child: markdownText(child.givenName), available: formatNok(statement.availableNok, language), date: formatDate(statement.expiresAfter, language) }))];
      if (statement.reservedNok > 0) lines.push(String(t("chat:balance.reserved", { amount: formatNok(statement.reservedNok, language) })));
      if (intent === "history") {
        const spent = statement.movements.filter((m) => m.kind !== "allocation" && m.kind !== "topup");
        lines.push(String(t("chat:history.header", { child: markdownText(child.givenName) })));
        for (const m of statement.movements) {
          lines.push(String(t(`chat:history.${m.kind}`, { date: formatDate(m.date, language), amount: formatNok(Math.abs(m.amountNok), language), activity: markdownText(m.activity ?? ""), provider: markdownText(m.provider ?? "") })));
        }
        if (spent.length === 0) lines.push(String(t("chat:history.empty")));
      }
      blocks.push(lines.join("\n"));
    }
    await step.context.sendActivity(blocks.join("\n\n"));
    return step.endDialog();
  }
}
