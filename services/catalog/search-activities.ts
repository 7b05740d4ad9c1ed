import type { Prisma } from "../../prisma/generated/client.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { foldText, words } from "../text.ts";
import type { Language } from "../languages.ts";
import { isActivityCategory } from "./categories.ts";

export interface ActivityFilters {
  category?: string;
  /** The child's age: the activity's age span must include it. */
  age?: number;
  /** ISO weekday, 1 = Monday. */
  weekday?: number;
  /** A district's name or a spelling people type ("stromso"). */
  district?: string;
  maxFeeOre?: number;
  /** Free words: matched against title, description, category and club, in the user's language and the default one. */
  text?: string;
}

export interface SearchActivitiesOptions {
  municipalityId: string;
  filters: ActivityFilters;
  language: Language;
  /** Scheme rules: activities the card does not pay for are left out of the catalog. */
  excludedCategories: readonly string[];
  minSessionsPerPeriod: number;
  /** With a period, each result says how many places are left in it. */
  periodId?: string;
  limit?: number;
  offset?: number;
}

export interface ActivitySummary {
  id: string;
  /** In the asked language where the club's activity has a translation (ActivityTranslation), else the club's own. */
  title: string;
  /** The club's own title, as the club and its notices call it. */
  clubTitle: string;
  description: string;
  category: string;
  providerName: string;
  district: string | null;
  address: string;
  weekdays: number[];
  startTime: string;
  durationMinutes: number;
  minAge: number;
  maxAge: number;
  feeOre: number;
  sessionsPerPeriod: number;
  accessibility: string | null;
  capacity: number;
  placesLeft: number | null;
}

export interface ActivitySearchResult {
  total: number;
  items: ActivitySummary[];
}

const activityInclude = {
  provider: { select: { name: true } },
  district: { select: { name: true } },
  translations: true,
} satisfies Prisma.ActivityInclude;

type ActivityRow = Prisma.ActivityGetPayload<{ include: typeof activityInclude }>;

/**
 * Use case: find activities the card pays for. Structured filters run in SQL; free text is scored
 * here over the (small: hundreds per municipality) candidate set, so typo-tolerant folding
 * (æøå-less spelling) and the user's language work the same on PGlite and PostgreSQL.
 */
export async function searchActivities(db: Database, options: SearchActivitiesOptions): Promise<ActivitySearchResult> {
  const prisma = db.prisma;
  const { filters } = options;
  if (filters.category !== undefined && !isActivityCategory(filters.category)) {
    throw new AppError("INVALID_REQUEST", `unknown category "${filters.category}"`, { category: filters.category });
  }
  if (filters.weekday !== undefined && !(Number.isInteger(filters.weekday) && filters.weekday >= 1 && filters.weekday <= 7)) {
    throw new AppError("INVALID_REQUEST", "weekday must be 1 (Monday) to 7 (Sunday)");
  }
  const districtId = filters.district === undefined ? undefined : await resolveDistrict(db, options.municipalityId, filters.district);

  const where: Prisma.ActivityWhereInput = {
    approvalState: "APPROVED",
    provider: { municipalityId: options.municipalityId, approvalState: "APPROVED" },
    sessionsPerPeriod: { gte: options.minSessionsPerPeriod },
    category: filters.category !== undefined ? { equals: filters.category, notIn: [...options.excludedCategories] } : { notIn: [...options.excludedCategories] },
    ...(filters.age !== undefined ? { minAge: { lte: filters.age }, maxAge: { gte: filters.age } } : {}),
    ...(filters.weekday !== undefined ? { weekdays: { has: filters.weekday } } : {}),
    ...(districtId !== undefined ? { districtId } : {}),
    ...(filters.maxFeeOre !== undefined ? { feeOre: { lte: filters.maxFeeOre } } : {}),
  };
  const rows = await prisma.activity.findMany({ where, include: activityInclude, orderBy: [{ title: "asc" }, { id: "asc" }] });

  const queryWords = filters.text ? words(filters.text, 3) : [];
  const ranked = queryWords.length === 0
    ? rows
    : rows
        .map((row) => ({ row, score: textScore(row, queryWords, options.language) }))
        .filter((entry) => entry.score > 0)
        .sort((a, b) => b.score - a.score)
        .map((entry) => entry.row);

  const offset = options.offset ?? 0;
  const page = ranked.slice(offset, offset + (options.limit ?? 10));
  const taken = options.periodId ? await activeEnrollmentCounts(db, page.map((row) => row.id), options.periodId) : null;
  return { total: ranked.length, items: page.map((row) => toSummary(row, options.language, taken)) };
}

/** Use case (reads only): one activity in full, in the user's language; with a period, the places left in it. */
export async function getActivity(db: Database, options: { municipalityId: string; activityId: string; language: Language; periodId?: string }): Promise<ActivitySummary> {
  const row = await db.prisma.activity.findFirst({
    where: { id: options.activityId, provider: { municipalityId: options.municipalityId } },
    include: activityInclude,
  });
  if (!row) throw new AppError("NOT_FOUND", "no such activity", { activityId: options.activityId });
  const taken = options.periodId ? await activeEnrollmentCounts(db, [row.id], options.periodId) : null;
  return toSummary(row, options.language, taken);
}

async function resolveDistrict(db: Database, municipalityId: string, typed: string): Promise<string> {
  const wanted = foldText(typed.trim());
  const districts = await db.prisma.district.findMany({ where: { municipalityId }, select: { id: true, name: true, aliases: true } });
  const match = districts.find((d) => foldText(d.name) === wanted || d.aliases.some((alias) => foldText(alias) === wanted));
  if (!match) throw new AppError("NOT_FOUND", `unknown district "${typed}"`, { district: typed, known: districts.map((d) => d.name) });
  return match.id;
}

async function activeEnrollmentCounts(db: Database, activityIds: string[], periodId: string): Promise<Map<string, number>> {
  if (activityIds.length === 0) return new Map();
  const groups = await db.prisma.enrollment.groupBy({
    by: ["activityId"],
    where: { activityId: { in: activityIds }, periodId, status: { in: ["PENDING", "CONFIRMED"] } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.activityId, group._count._all]));
}

function localized(row: ActivityRow, language: Language): { title: string; description: string } {
  return row.translations.find((t) => t.language === language) ?? { title: row.title, description: row.description };
}

/** Whole-word hits count double; a word of 4+ letters also matches as a prefix ("svøm" → "svømming"). */
function textScore(row: ActivityRow, queryWords: string[], language: Language): number {
  const { title, description } = localized(row, language);
  const titleWords = new Set([...words(title), ...words(row.title), ...words(row.category.replace(/_/g, " ")), ...words(row.provider.name)]);
  const bodyWords = new Set([...words(description), ...words(row.description)]);
  let score = 0;
  for (const query of queryWords) {
    const hits = (set: Set<string>) => [...set].some((word) => word === query || (query.length >= 4 && word.startsWith(query)));
    if (hits(titleWords)) score += 2;
    else if (hits(bodyWords)) score += 1;
  }
  return score;
}

function toSummary(row: ActivityRow, language: Language, taken: Map<string, number> | null): ActivitySummary {
  const { title, description } = localized(row, language);
  return {
    id: row.id,
    title,
    clubTitle: row.title,
    description,
    category: row.category,
    providerName: row.provider.name,
    district: row.district?.name ?? null,
    address: row.address,
    weekdays: row.weekdays,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    minAge: row.minAge,
    maxAge: row.maxAge,
    feeOre: row.feeOre,
    sessionsPerPeriod: row.sessionsPerPeriod,
    accessibility: row.accessibility,
    capacity: row.capacity,
    placesLeft: taken ? Math.max(0, row.capacity - (taken.get(row.id) ?? 0)) : null,
  };
}
