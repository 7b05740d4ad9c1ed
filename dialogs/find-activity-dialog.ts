import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { getActivity, searchActivities, type ActivityFilters } from "../services/catalog/search-activities.ts";
import { isAppError } from "../services/errors.ts";
import type { Entities } from "../services/nlu/index.ts";
import { periodContaining } from "../services/periods.ts";
import { words } from "../services/text.ts";
import { isMore, numbersIn } from "./answers.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { FIND_ACTIVITY_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog, type JourneyOptions, type JourneyResult } from "./journey-dialog.ts";
import { activityDetails, activityLine } from "./leisure-activity-text.ts";
import type { TurnInfo } from "./turn-info.ts";
import { markdownText } from "./format.ts";
import { ageOn, type IsoDate } from "../services/dates.ts";
import { peopleInQuestion } from "./people.ts";
import type { PersonSummary } from "../services/identity.ts";

const SEARCH = `${FIND_ACTIVITY_DIALOG}.search`;
const LIST = `${FIND_ACTIVITY_DIALOG}.list`;
/** An SMS carries at most 3 activities; web chat shows 5 at a time. */
const pageSize = (info: TurnInfo) => (info.sms ? 3 : 5);
/** The list remembered for "MER" and "meld på 2". */
const LIST_LIMIT = 60;
/**
 * When nothing fits, the wishes given up one at a time, the least essential first, to offer the
 * nearest alternatives: another day, another district, a higher price, then another kind of
 * activity (the child's age is never given up).
 */
const RELAXATIONS = ["weekday", "district", "maxFeeOre", "category"] as const satisfies readonly (keyof ActivityFilters)[];

/**
 * The child a list is for, when it is known: the child named, the only child of the scheme's ages
 * the person may act for, or the youth writing about themselves. Lists for them show only what
 * they can join.
 */
function childInQuestion(info: TurnInfo, childName: string | undefined, today: IsoDate, ages: { minAge: number; maxAge: number }): { child: PersonSummary; age: number } | undefined {
  const withAge = peopleInQuestion(info, childName).flatMap((person) => (person.birthDate ? [{ child: person, age: ageOn(person.birthDate, today) }] : []));
  const candidates = withAge.length > 1 ? withAge.filter(({ age }) => age >= ages.minAge && age <= ages.maxAge) : withAge;
  return candidates.length === 1 ? candidates[0] : undefined;
}

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
    // The list fits the child when the child is known and no age was asked for.
    const named = this.options(step).entities?.childName ?? info.understanding.entities.childName;
    const forChild = filters.age === undefined && !filters.text ? childInQuestion(info, named, this.time().today, this.deps.scheme) : undefined;
    const wanted: ActivityFilters = forChild ? { ...filters, age: forChild.age } : filters;
    const periodCode = this.currentPeriodCode();
    let result;
    let relaxed: (typeof RELAXATIONS)[number] | undefined;
    try {
      result = await this.search(step, wanted, periodCode);
      // Nothing fits: the nearest alternatives, with what was given up said first.
      for (const wish of RELAXATIONS) {
        if (result.items.length > 0 || wanted[wish] === undefined) continue;
        const nearer = await this.search(step, { ...wanted, [wish]: undefined }, periodCode);
        if (nearer.items.length > 0) [result, relaxed] = [nearer, wish];
      }
    } catch (error) {
      if (isAppError(error, "NOT_FOUND") && Array.isArray(error.details.known)) {
        await this.say(step, ["chat:find.unknown_district", { district: markdownText(filters.district ?? ""), known: (error.details.known as string[]).join(", ") }]);
        return step.endDialog();
      }
      throw error;
    }
    if (result.items.length === 0) {
      await this.say(step, forChild ? ["chat:find.none_child", { child: markdownText(forChild.child.givenName), age: forChild.age }] : "chat:find.none");
      return step.endDialog();
    }
    const shown = Math.min(pageSize(info), result.items.length);
    await this.deps.memory.set(step.context, { list: { ids: result.items.map((item) => item.id), shown } });
    const lines = [
      ...(relaxed ? [String(info.t(`chat:find.nearest_${relaxed}`))] : []),
      forChild
        ? String(info.t("chat:find.header_child", { count: result.items.length, child: markdownText(forChild.child.givenName), age: forChild.age }))
        : String(info.t("chat:find.header", { count: result.items.length })),
      ...result.items.slice(0, shown).map((item, i) => activityLine(info.t, info.language, i + 1, item)),
      String(info.t(shown < result.items.length ? "chat:find.more" : "chat:find.pick")),
    ];
    return step.replaceDialog(LIST, { text: lines.join("\n") });
  }

  private search(step: WaterfallStepContext, filters: ActivityFilters, periodCode?: string) {
    return searchActivities(this.deps.db, {
      municipalityId: this.deps.municipalityId,
      filters,
      language: this.info(step).language,
      excludedCategories: this.deps.scheme.excludedCategories,
      minSessionsPerPeriod: this.deps.scheme.minSessionsPerPeriod,
      limit: LIST_LIMIT,
      ...(periodCode ? { periodCode } : {}),
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

  /** The code of the period running today, for the places left in it (the search finds its row); undefined between periods. */
  private currentPeriodCode(): string | undefined {
    return periodContaining(this.time().today, this.deps.scheme)?.code;
  }

  private async details(step: WaterfallStepContext, activityId: string, n: number): Promise<string> {
    const info = this.info(step);
    const periodCode = this.currentPeriodCode();
    const activity = await getActivity(this.deps.db, { municipalityId: this.deps.municipalityId, activityId, language: info.language, ...(periodCode ? { periodCode } : {}) });
    return `${activityDetails(info.t, info.language, activity)}\n${String(info.t("chat:find.sign_up_hint", { n }))}`;
  }
}
