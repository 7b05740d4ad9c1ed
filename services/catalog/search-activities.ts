import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query.ts";
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
  /**
   * With a period's code (`2026-autumn`, periodContaining in services/periods.ts), each result says
   * how many places are left in it (all of them while the period has no row yet).
   */
  periodCode?: string;
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

/** An activity as the statements below return it: its own columns, its club's and district's names, the translation asked for and the places taken. */
interface ActivityRow {
  id: string;
  category: string;
  title: string;
  description: string;
  minAge: number;
  maxAge: number;
  weekdays: number[];
  startTime: string;
  durationMinutes: number;
  districtId: string | null;
  address: string;
  sessionsPerPeriod: number;
  feeOre: number;
  capacity: number;
  accessibility: string | null;
  providerName: string;
  districtName: string | null;
  /** The ActivityTranslation in the asked language, if the club has one. */
  localTitle: string | null;
  localDescription: string | null;
  /** Active (PENDING/CONFIRMED) enrollments in the asked period; null when no period was asked. */
  taken: number | null;
}

/** A row of SEARCH_SQL: an activity with its district, or (id null) a district none of the candidates is in. */
type SearchRow = Omit<ActivityRow, "id"> & { id: string | null; districtAliases: string[] | null };

/**
 * The columns of an ActivityRow, from `a` (Activity, or the search's candidates), `d` (District) and
 * `t` (ActivityTranslation); the placeholders and the provider's name column are the statement's.
 * `taken` counts the active enrollments in the period of that code in the municipality (found in
 * the same statement: a period without its row yet has none); without a code it is null.
 */
const activityColumns = (municipality: string, period: string, providerName: string) => `
  a.id, a.category, a.title, a.description, a."minAge", a."maxAge", a.weekdays, a."startTime", a."durationMinutes",
  d.id AS "districtId", a.address, a."sessionsPerPeriod", a."feeOre", a.capacity, a.accessibility,
  ${providerName} AS "providerName", d.name AS "districtName", t.title AS "localTitle", t.description AS "localDescription",
  CASE WHEN ${period}::text IS NULL THEN NULL ELSE (
    SELECT count(*)::int FROM "Enrollment" e
    WHERE e."activityId" = a.id AND e.status IN ('PENDING', 'CONFIRMED')
      AND e."periodId" = (SELECT id FROM "Period" WHERE "municipalityId" = ${municipality} AND code = ${period})
  ) END AS taken`;

/**
 * The candidates of a search, ordered by title and id, FULL JOINed with the municipality's districts:
 * every district comes back, on the rows of its activities or (when a district was asked, $10) on
 * a row of its own with a null id, so the district typed is resolved over the rows without another
 * round trip. Its filter runs over the rows too: folding what people type (`foldText`) is not the
 * same in SQL on PGlite and PostgreSQL.
 */
const SEARCH_SQL = `
  WITH candidates AS (
    SELECT a.*, p.name AS "providerName"
    FROM "Activity" a JOIN "Provider" p ON p.id = a."providerId"
    WHERE p."municipalityId" = $1 AND p."approvalState" = 'APPROVED' AND a."approvalState" = 'APPROVED'
      AND a."sessionsPerPeriod" >= $2
      AND NOT (a.category = ANY($3::text[]))
      AND ($4::text IS NULL OR a.category = $4)
      AND ($5::int IS NULL OR (a."minAge" <= $5 AND a."maxAge" >= $5))
      AND ($6::int IS NULL OR $6 = ANY(a.weekdays))
      AND ($7::int IS NULL OR a."feeOre" <= $7)
  ), districts AS (
    SELECT id, name, aliases FROM "District" WHERE "municipalityId" = $1
  )
  SELECT ${activityColumns("$1", "$9", 'a."providerName"')},
    CASE WHEN $10::boolean THEN d.aliases END AS "districtAliases"
  FROM candidates a
  FULL JOIN districts d ON d.id = a."districtId"
  LEFT JOIN "ActivityTranslation" t ON t."activityId" = a.id AND t.language = $8
  WHERE a.id IS NOT NULL OR $10::boolean
  ORDER BY a.title, a.id`;

const ACTIVITY_SQL = `
  SELECT ${activityColumns("$2", "$4", "p.name")}
  FROM "Activity" a
  JOIN "Provider" p ON p.id = a."providerId"
  LEFT JOIN "District" d ON d.id = a."districtId"
  LEFT JOIN "ActivityTranslation" t ON t."activityId" = a.id AND t.language = $3
  WHERE a.id = $1 AND p."municipalityId" = $2`;

/**
 * Use case: find activities the card pays for, in one statement. Structured filters run in SQL; the
 * district and free text are matched here over the (small: hundreds per municipality) candidate set,
 * so typo-tolerant folding (æøå-less spelling) and the user's language work the same on PGlite and
 * PostgreSQL.
 */
export async function searchActivities(db: Database, options: SearchActivitiesOptions): Promise<ActivitySearchResult> {
  const { filters } = options;
  if (filters.category !== undefined && !isActivityCategory(filters.category)) {
    throw new AppError("INVALID_REQUEST", `unknown category "${filters.category}"`, { category: filters.category });
  }
  if (filters.weekday !== undefined && !(Number.isInteger(filters.weekday) && filters.weekday >= 1 && filters.weekday <= 7)) {
    throw new AppError("INVALID_REQUEST", "weekday must be 1 (Monday) to 7 (Sunday)");
  }
  const rows = await queryRows<SearchRow>(db, SEARCH_SQL, [
    options.municipalityId,
    options.minSessionsPerPeriod,
    [...options.excludedCategories],
    filters.category ?? null,
    filters.age ?? null,
    filters.weekday ?? null,
    filters.maxFeeOre ?? null,
    options.language,
    options.periodCode ?? null,
    filters.district !== undefined,
  ]);
  const activities = rows.filter((row): row is SearchRow & ActivityRow => row.id !== null);
  const candidates = filters.district === undefined ? activities : inDistrict(activities, rows, filters.district);

  const queryWords = filters.text ? words(filters.text, 3) : [];
  const ranked = queryWords.length === 0
    ? candidates
    : candidates
        .map((row) => ({ row, score: textScore(row, queryWords) }))
        .filter((entry) => entry.score > 0)
        .sort((a, b) => b.score - a.score)
        .map((entry) => entry.row);

  const offset = options.offset ?? 0;
  const page = ranked.slice(offset, offset + (options.limit ?? 10));
  return { total: ranked.length, items: page.map((row) => toSummary(row)) };
}

/** Use case (reads only): one activity in full, in the user's language; with a period, the places left in it. One statement. */
export async function getActivity(db: Database, options: { municipalityId: string; activityId: string; language: Language; periodCode?: string }): Promise<ActivitySummary> {
  const [row] = await queryRows<ActivityRow>(db, ACTIVITY_SQL, [options.activityId, options.municipalityId, options.language, options.periodCode ?? null]);
  if (!row) throw new AppError("NOT_FOUND", "no such activity", { activityId: options.activityId });
  return toSummary(row);
}

/** The activities in the district typed (by name or alias, folded); NOT_FOUND naming the districts there are. */
function inDistrict<Row extends ActivityRow>(activities: Row[], rows: SearchRow[], typed: string): Row[] {
  const wanted = foldText(typed.trim());
  const districts = new Map<string, { name: string; aliases: string[] }>();
  for (const row of rows) {
    if (row.districtId !== null) districts.set(row.districtId, { name: row.districtName!, aliases: row.districtAliases ?? [] });
  }
  const match = [...districts].find(([, d]) => foldText(d.name) === wanted || d.aliases.some((alias) => foldText(alias) === wanted));
  if (!match) {
    const known = [...districts.values()].map((d) => d.name).sort((a, b) => a.localeCompare(b, "nb"));
    throw new AppError("NOT_FOUND", `unknown district "${typed}"`, { district: typed, known });
  }
  return activities.filter((row) => row.districtId === match[0]);
}

function localized(row: ActivityRow): { title: string; description: string } {
  return row.localTitle !== null && row.localDescription !== null ? { title: row.localTitle, description: row.localDescription } : { title: row.title, description: row.description };
}

/** Whole-word hits count double; a word of 4+ letters also matches as a prefix ("svøm" → "svømming"). */
function textScore(row: ActivityRow, queryWords: string[]): number {
  const { title, description } = localized(row);
  const titleWords = new Set([...words(title), ...words(row.title), ...words(row.category.replace(/_/g, " ")), ...words(row.providerName)]);
  const bodyWords = new Set([...words(description), ...words(row.description)]);
  let score = 0;
  for (const query of queryWords) {
    const hits = (set: Set<string>) => [...set].some((word) => word === query || (query.length >= 4 && word.startsWith(query)));
    if (hits(titleWords)) score += 2;
    else if (hits(bodyWords)) score += 1;
  }
  return score;
}

function toSummary(row: ActivityRow): ActivitySummary {
  const { title, description } = localized(row);
  return {
    id: row.id,
    title,
    clubTitle: row.title,
    description,
    category: row.category,
    providerName: row.providerName,
    district: row.districtName,
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
    placesLeft: row.taken === null ? null : Math.max(0, row.capacity - row.taken),
  };
}
