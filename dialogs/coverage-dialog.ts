import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import type { TFunction } from "i18next";
import type { DialogDependencies } from "./dependencies.ts";
import { COVERAGE_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";

/** A category's name in the user's language (the code, readable, where no name is written yet). */
export function categoryName(t: TFunction, category: string): string {
  return String(t(`chat:category.${category}`, { defaultValue: category.replace(/_/g, " ") }));
}

/**
 * What the card covers, from the municipality's configuration: the minimum number of sessions and
 * the excluded categories; equipment and instruments are never covered (the scheme pays fees).
 */
export class CoverageDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(COVERAGE_DIALOG, deps);
    this.steps(this.answerStep);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = this.info(step);
    const { scheme } = this.deps;
    const { entities } = this.options(step);
    const named = entities.categories ?? (entities.category ? [entities.category] : []);
    // A question that names a sport and an excluded kind of offer ("håndballcamp") is about the
    // offer: the excluded kind wins and is answered first.
    const excludedNamed = named.find((code) => scheme.excludedCategories.includes(code));
    const category = excludedNamed ?? named[0];
    const excluded = scheme.excludedCategories.map((code) => categoryName(t, code)).join(", ");
    const lines: string[] = [];
    if (category && excludedNamed) {
      lines.push(String(t("chat:coverage.category_no", { category: categoryName(t, category) })));
    } else if (category) {
      lines.push(String(t("chat:coverage.category_yes", { category: categoryName(t, category), minSessions: scheme.minSessionsPerPeriod })));
    }
    lines.push(String(t("chat:coverage.covered", { minSessions: scheme.minSessionsPerPeriod })), String(t("chat:coverage.not_covered", { excluded })));
    await step.context.sendActivity(lines.join("\n"));
    return step.endDialog();
  }
}
