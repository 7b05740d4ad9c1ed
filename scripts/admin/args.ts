import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { UsageError } from "./command.ts";
import type { ImportRecord } from "../../services/catalog/import-providers.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** A command's flags and positional arguments (node:util parseArgs, strict): a mistake is a UsageError. */
export function commandArgs<O extends Options>(args: string[], options: O, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing ${positionals.names}`);
  if (count > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  return parsed;
}

/** zod on one argument: its message becomes the usage line's reason. */
export function argument<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${name}: ${parsed.error.issues[0]?.message ?? "invalid"}${value === undefined ? "" : ` (got "${String(value)}")`}`);
  return parsed.data;
}

export const periodCode = z.string().regex(/^\d{4}-(spring|autumn)$/, "must be <year>-spring or <year>-autumn");

/**
 * A CSV file as records keyed by its header, each with the line it starts on. The header must name
 * every required column and no unknown one (a misspelt column would otherwise be ignored in
 * silence). A file that is not well-formed CSV (an unclosed quote, a row with more fields than the
 * header) is bad input as a whole: nothing can be trusted about its rows.
 */
export function readCsvRecords(file: string, columns: { known: readonly string[]; required: readonly string[] }): ImportRecord[] {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(content, { bom: true, columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, delimiter: sniffDelimiter(content) });
  } catch (error) {
    throw new UsageError(`${file} is not well-formed CSV: ${(error as Error).message}`);
  }
  const header = content.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0]!.split(sniffDelimiter(content)).map((name) => name.trim().replace(/^"|"$/g, "").toLowerCase());
  const unknown = header.filter((name) => !columns.known.includes(name));
  if (unknown.length > 0) throw new UsageError(`${file}: unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (the columns are ${columns.known.join(", ")})`);
  const missing = columns.required.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new UsageError(`${file}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  return rows.map(({ record, info }) => ({ line: info.lines, record }));
}

/** Spreadsheets in Norway often save CSV with ";" (the decimal comma): the header line tells which. */
function sniffDelimiter(content: string): string {
  const header = content.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ";" : ",";
}
