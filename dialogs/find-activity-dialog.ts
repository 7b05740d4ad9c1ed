import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { getActivity, searchActivities, type ActivityFilters } from "../services/catalog/search-activities.ts";
import { isAppError } from "../services/errors.ts";
import type { Entities } from "../services/nlu/index.ts";
import { findCurrentPeriod } from "../services/periods.ts";
import { words } from "../services/text.ts";
import { isMore, numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { FIND_ACTIVITY_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog, type JourneyOptions, type JourneyResult } from "./journey-dialog.ts";
import { activityDetails, activityLine } from "./leisure-activity-text.ts";
import type { TurnInfo } from "./turn-info.ts";
import { markdownText } from "./format.ts";

const SEARCH = `${FIND_ACTIVITY_DIALOG}.search`;
const LIST = `${FIND_ACTIVITY_DIALOG}.list`;
/** An SMS carries at most 3 activities; web chat shows 5 at a time. */
const pageSize = (info: TurnInfo) => (info.sms ? 3 : 5);
/** The list remembered for "MER" and "meld på 2". */
const LIST_LIMIT = 60;

export function filtersOf(entities: Entities): ActivityFilters {
  return {
    ...(entities.category ? { category: entities.category } : {}),
    ...(entities.weekday ? { weekday: entities.weekday } : {}),
    ...(entities.district ? { district: entities.district } : {}),
    ...(entities.age !== undefined ? { age: entities.age } : {}),
    ...(entities.maxFeeNok !== undefined ? { maxFeeOre: entities.maxFeeNok * 100 } : {}),
  };
}

/**
 * Find activities: by category, age, weekday, district, price or free text; a short numbered list
 * ("MER" for more), and one activity in full on its number.
 */
export class FindActivityDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(FIND_ACTIVITY_DIALOG, deps);
    this.addDialog(new WaterfallDialog(SEARCH, [this.askStep.bind(this), this.searchStep.bind(this)]));
    this.addDialog(new WaterfallDialog(LIST, [this.showStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = SEARCH;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { entities } = this.options(step);
    if (Object.keys(filtersOf(entities)).length > 0) return step.next({ filters: filtersOf(entities) });
    // No category, day or place recognised: the message's own words may still name an activity
    // ("rideskole"); if they find nothing, ask what the person is looking for.
    const info = this.info(step);
    const text = step.context.activity.text ?? "";
    if (info.understanding.intent === "find_activity" && words(text, 3).length > 0) {
      const found = await this.search(step, { text }).catch(() => null);
      if (found && found.items.length > 0) return step.next({ filters: { text } });
    }
    return this.ask(step, String(info.t("chat:find.ask")));
  }

  private async searchStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    let filters = (step.result as { filters?: ActivityFilters } | undefined)?.filters;
    if (!filters) {
      // The answer to "what are you looking for?": its entities, else its words as free text.
      filters = filtersOf(info.understanding.entities);
      if (Object.keys(filters).length === 0) filters = { text: String(step.result ?? "") };
    }
    const period = await this.currentPeriod();
    let result;
    try {
      result = await this.search(step, filters, period?.id);
    } catch (error) {
      if (isAppError(error, "NOT_FOUND") && Array.isArray(error.details.known)) {
        await this.say(step, ["chat:find.unknown_district", { district: markdownText(filters.district ?? ""), known: (error.details.known as string[]).join(", ") }]);
        return step.endDialog();
      }
      throw error;
    }
    if (result.items.length === 0) {
      await this.say(step, "chat:find.none");
      return step.endDialog();
    }
    const shown = Math.min(pageSize(info), result.items.length);
    await this.deps.memory.set(step.context, { list: { ids: result.items.map((item) => item.id), shown } });
    const lines = [
      String(info.t("chat:find.header", { count: result.items.length })),
      ...result.items.slice(0, shown).map((item, i) => activityLine(info.t, info.language, i + 1, item)),
      String(info.t(shown < result.items.length ? "chat:find.more" : "chat:find.pick")),
    ];
    return step.replaceDialog(LIST, { text: lines.join("\n") });
  }

  private search(step: WaterfallStepContext, filters: ActivityFilters, periodId?: string) {
    return searchActivities(this.deps.db, {
      municipalityId: this.deps.municipalityId,
      filters,
      language: this.info(step).language,
      excludedCategories: this.deps.scheme.excludedCategories,
      minSessionsPerPeriod: this.deps.scheme.minSessionsPerPeriod,
      limit: LIST_LIMIT,
      ...(periodId ? { periodId } : {}),
    });
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return this.ask(step, (step.options as { text: string }).text);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const answer = String(step.result ?? "");
    const memory = await this.deps.memory.get(step.context, {});
    const list = memory.list;
    if (!list) return step.endDialog();
    if (isMore(answer, info)) {
      if (list.shown >= list.ids.length) return step.replaceDialog(LIST, { text: String(info.t("chat:find.no_more")) });
      const ids = list.ids.slice(list.shown, list.shown + pageSize(info));
      const items = await Promise.all(ids.map((activityId) => getActivity(this.deps.db, { municipalityId: this.deps.municipalityId, activityId, language: info.language })));
      const lines = items.map((item, i) => activityLine(info.t, info.language, list.shown + i + 1, item));
      const shown = list.shown + items.length;
      await this.deps.memory.set(step.context, { ...memory, list: { ...list, shown } });
      lines.push(String(info.t(shown < list.ids.length ? "chat:find.more" : "chat:find.pick")));
      return step.replaceDialog(LIST, { text: lines.join("\n") });
    }
    const [n] = numbersIn(answer);
    if (n !== undefined && info.understanding.intent !== "find_activity") {
      if (n < 1 || n > list.shown) return step.replaceDialog(LIST, { text: String(info.t("chat:find.unknown_number", { number: n, max: list.shown })) });
      return step.replaceDialog(LIST, { text: await this.details(step, list.ids[n - 1]!, n) });
    }
    const { intent, entities } = info.understanding;
    if (intent === "find_activity" || Object.keys(filtersOf(entities)).length > 0) {
      return step.replaceDialog(SEARCH, { intent: "find_activity", entities } satisfies JourneyOptions);
    }
    return step.endDialog({ next: { intent, entities } } satisfies JourneyResult);
  }

  /** The period running today, for the places left in it (none yet without its row). */
  private currentPeriod() {
    return findCurrentPeriod(this.deps.db, { municipalityId: this.deps.municipalityId, today: this.time().today, rules: this.deps.scheme });
  }

  private async details(step: WaterfallStepContext, activityId: string, n: number): Promise<string> {
    const info = this.info(step);
    const period = await this.currentPeriod();
    const activity = await getActivity(this.deps.db, { municipalityId: this.deps.municipalityId, activityId, language: info.language, ...(period ? { periodId: period.id } : {}) });
    return `${activityDetails(info.t, info.language, activity)}\n${String(info.t("chat:find.sign_up_hint", { n }))}`;
  }
}
