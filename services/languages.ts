/** The languages the service speaks; nb is the default. Arabic and Urdu are written right to left. */
export const LANGUAGES = ["nb", "en", "pl", "lt", "uk", "ar", "so", "ur", "tr", "ti"] as const;
export type Language = (typeof LANGUAGES)[number];
export const RTL_LANGUAGES: readonly Language[] = ["ar", "ur"];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
