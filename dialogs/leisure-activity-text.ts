import type { TFunction } from "i18next";
import type { ActivitySummary } from "../services/catalog/search-activities.ts";
import type { Language } from "../services/languages.ts";
import { formatOre, markdownText } from "./format.ts";

/**
 * The title in the family's language with the club's own beside it where they differ ("Football
 * 2015 (Fotball 2015)"), so the family can recognise it at the club; else the one title.
 */
export function activityTitle(activity: Pick<ActivitySummary, "title" | "clubTitle">): string {
  const own = activity.clubTitle ?? activity.title;
  return own && own !== activity.title ? `${markdownText(activity.title)} (${markdownText(own)})` : markdownText(activity.title);
}

const days = (t: TFunction, weekdays: number[]) => weekdays.map((day) => String(t(`chat:weekday.${day}`))).join(", ");

/** One line of a numbered list of leisure activities from the catalog. */
export function activityLine(t: TFunction, language: Language, n: number, activity: ActivitySummary): string {
  return String(
    t("chat:find.item", {
      n,
      title: activityTitle(activity),
      provider: markdownText(activity.providerName),
      place: markdownText(activity.district ?? activity.address),
      days: days(t, activity.weekdays),
      time: activity.startTime,
      fee: formatOre(activity.feeOre, language),
    }),
  );
}

/** A leisure activity from the catalog in full. */
export function activityDetails(t: TFunction, language: Language, activity: ActivitySummary): string {
  const lines = [
    String(
      t("chat:find.details", {
        title: activityTitle(activity),
        provider: markdownText(activity.providerName),
        description: markdownText(activity.description),
        place: markdownText([activity.address, activity.district].filter(Boolean).join(", ")),
        days: days(t, activity.weekdays),
        time: activity.startTime,
        minutes: activity.durationMinutes,
        minAge: activity.minAge,
        maxAge: activity.maxAge,
        fee: formatOre(activity.feeOre, language),
        sessions: activity.sessionsPerPeriod,
        left: activity.placesLeft ?? activity.capacity,
      }),
    ),
  ];
  if (activity.accessibility) lines.push(String(t("chat:find.accessibility", { accessibility: markdownText(activity.accessibility) })));
  return lines.join("\n");
}
