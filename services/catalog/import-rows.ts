import { z } from "zod";
import { isValidBankAccount, isValidOrgNumber } from "../org-number.ts";
import { ACTIVITY_CATEGORIES } from "./categories.ts";
import { LANGUAGES } from "../languages.ts";

/**
 * The rows of the catalogue imports (docs/admin.md lists the columns): one zod schema per file,
 * applied to each CSV record as strings. A field's message is what the operator reads next to the
 * line number, so each says what is wrong and what is expected.
 */

const text = (max: number) => z.string().trim().min(1, "is empty").max(max, `is longer than ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `is longer than ${max} characters`)
    .optional()
    .transform((value) => (value ? value : undefined));
const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const orgNumber = z
  .string()
  .transform((value) => value.replace(/\s/g, ""))
  .refine((value) => /^\d{9}$/.test(value), "must be 9 digits")
  .refine(isValidOrgNumber, "fails the mod-11 check (a typo?)");

const bankAccount = z
  .string()
  .transform((value) => value.replace(/[\s.]/g, ""))
  .refine((value) => value === "" || /^\d{11}$/.test(value), "must be 11 digits")
  .refine((value) => value === "" || isValidBankAccount(value), "fails the mod-11 check (a typo?)")
  .transform((value) => (value === "" ? undefined : value));

const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((value, ctx) => {
    if (!value || ["no", "nei", "false", "0"].includes(value)) return false;
    if (["yes", "ja", "true", "1"].includes(value)) return true;
    ctx.addIssue({ code: "custom", message: "must be yes or no" });
    return z.NEVER;
  });

const phone = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, ""))
  .refine((value) => /^\+\d{8,15}$/.test(value), "must be an international number, e.g. +4799991001");

export const ProviderRow = z
  .object({
    org_number: orgNumber,
    name: text(200),
    bank_account: bankAccount.optional().transform((value) => value ?? undefined),
    email: optionalText(200).pipe(z.email("is not an e-mail address").optional()),
    police_certificates: yesNo,
    contact_given_name: optionalText(100),
    contact_family_name: optionalText(100),
    contact_phone: optionalText(20).pipe(phone.optional()),
    contact_language: optionalText(5).pipe(z.enum(LANGUAGES, { message: `must be one of ${LANGUAGES.join(", ")}` }).optional()),
  })
  .superRefine((row, ctx) => {
    const contact = [row.contact_given_name, row.contact_family_name, row.contact_phone];
    if (contact.some(Boolean) && !contact.every(Boolean)) {
      ctx.addIssue({ code: "custom", path: ["contact_phone"], message: "a contact needs contact_given_name, contact_family_name and contact_phone together" });
    }
  });
export type ProviderRow = z.output<typeof ProviderRow>;

const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7, man: 1, tir: 2, ons: 3, tor: 4, fre: 5, lor: 6, "lør": 6, son: 7, "søn": 7 };

const weekdays = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value, ctx) => {
    const days = new Set<number>();
    for (const part of value.split(/[;\s/+]+/).filter(Boolean)) {
      const day = /^[1-7]$/.test(part) ? Number(part) : WEEKDAYS[part.slice(0, 3)];
      if (!day) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not a weekday (mon…sun or 1…7, separated by ";")` });
        return z.NEVER;
      }
      days.add(day);
    }
    if (days.size === 0) {
      ctx.addIssue({ code: "custom", message: "is empty (mon…sun or 1…7, separated by \";\")" });
      return z.NEVER;
    }
    return [...days].sort((a, b) => a - b);
  });

/** A fee in NOK with at most two decimals ("450", "450.50", "450,50"), as integer øre: money is never floating point. */
const feeNok = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const match = /^(-?)(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(value);
    if (!match) {
      ctx.addIssue({ code: "custom", message: "must be an amount in NOK, e.g. 450 or 450.50" });
      return z.NEVER;
    }
    const ore = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
    if (match[1] === "-" && ore > 0) {
      ctx.addIssue({ code: "custom", message: "must be 0 or more" });
      return z.NEVER;
    }
    return ore;
  });

export const ActivityRow = z
  .object({
    org_number: orgNumber,
    title: text(120),
    description: text(2000),
    category: z.string().trim().pipe(z.enum(ACTIVITY_CATEGORIES, { message: "is not a catalogue category (docs/admin.md lists them)" })),
    min_age: whole(0, 25),
    max_age: whole(0, 25),
    weekdays,
    start_time: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM"),
    duration_minutes: whole(1, 24 * 60),
    district: optionalText(100),
    address: text(300),
    sessions: whole(1, 366),
    fee_nok: feeNok,
    capacity: whole(1, 100_000),
    accessibility: optionalText(500),
    title_en: optionalText(120),
    description_en: optionalText(2000),
  })
  .superRefine((row, ctx) => {
    if (row.min_age > row.max_age) ctx.addIssue({ code: "custom", path: ["max_age"], message: `is below min_age (${row.min_age})` });
    if (Boolean(row.title_en) !== Boolean(row.description_en)) ctx.addIssue({ code: "custom", path: ["title_en"], message: "title_en and description_en go together" });
  });
export type ActivityRow = z.output<typeof ActivityRow>;

/** A row's problems as one line: "org_number: fails the mod-11 check (a typo?); fee_nok: must be 0 or more". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`).join("; ");
}

export const PROVIDER_COLUMNS = ["org_number", "name", "bank_account", "email", "police_certificates", "contact_given_name", "contact_family_name", "contact_phone", "contact_language"] as const;
export const ACTIVITY_COLUMNS = ["org_number", "title", "description", "category", "min_age", "max_age", "weekdays", "start_time", "duration_minutes", "district", "address", "sessions", "fee_nok", "capacity", "accessibility", "title_en", "description_en"] as const;
export const REQUIRED_PROVIDER_COLUMNS = ["org_number", "name"] as const;
export const REQUIRED_ACTIVITY_COLUMNS = ["org_number", "title", "description", "category", "min_age", "max_age", "weekdays", "start_time", "duration_minutes", "address", "sessions", "fee_nok", "capacity"] as const;
