/**
 * Activity categories. The card pays the participation fee of organised, instructor-led activities;
 * the scheme excludes holiday offers, camps, tournaments, cinema, bowling and other one-off or
 * self-organised offers (domain.md). Which categories are excluded is municipality configuration:
 * DEFAULT_EXCLUDED_CATEGORIES is only the default.
 */
export const ACTIVITY_CATEGORIES = [
  "football",
  "handball",
  "basketball",
  "volleyball",
  "floorball",
  "ice_hockey",
  "skiing",
  "athletics",
  "gymnastics",
  "swimming",
  "cycling",
  "orienteering",
  "tennis",
  "table_tennis",
  "badminton",
  "riding",
  "paddling",
  "climbing",
  "martial_arts",
  "dance",
  "chess",
  "scouts",
  "music",
  "choir",
  "theatre",
  "art",
  "coding",
  "esport",
  // Offers the scheme does not pay for (default configuration excludes them):
  "camp",
  "tournament",
  "holiday_offer",
  "cinema",
  "bowling",
] as const;

export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export const DEFAULT_EXCLUDED_CATEGORIES: readonly ActivityCategory[] = [
  "camp",
  "tournament",
  "holiday_offer",
  "cinema",
  "bowling",
];

export function isActivityCategory(value: string): value is ActivityCategory {
  return (ACTIVITY_CATEGORIES as readonly string[]).includes(value);
}
