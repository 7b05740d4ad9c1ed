import { CATEGORY_LABELS_NB } from "./category-labels.ts";
import type { PeriodReport } from "./period-report.ts";
import type { ShownRow } from "./suppression.ts";
import { COLORS, columnChart, escapeXml, horizontalBarChart, stackedBar } from "./svg.ts";

/**
 * The report as one self-contained HTML file (no scripts, no network: styles and SVG charts
 * inline), in Norwegian — its reader is the funder (Bufdir) and the municipality. Well-formed XML
 * as well as HTML, so a test can parse it. A suppressed cell shows ":" (Statistics Norway's sign
 * for "not published for confidentiality").
 */
export const SUPPRESSED = ":";

const nok = (ore: number) => `${Math.round(ore / 100).toLocaleString("nb-NO").replace(/\u00a0/g, " ")} kr`;
const pct = (share: number) => `${(share * 100).toFixed(1).replace(".", ",")} %`;
const cell = (value: number | null, format: (v: number) => string = String) => (value === null ? SUPPRESSED : format(value));

const districtLabel = (row: { key: string; label: string }) => (row.key === "none" ? "(uten bydel i registeret)" : row.label);
const categoryLabel = (key: string) => CATEGORY_LABELS_NB[key] ?? key;
const outreachLabel = (key: string) => (key === "reached" ? "Nådd av utsendingen" : "Ikke nådd");

export function renderReportHtml(report: PeriodReport, options: { generatedOn: string }): string {
  const { total } = report;
  const title = `Fritidskortet ${report.municipality.name}: evaluering ${report.period.code}`;
  const left = Math.max(0, (total.allocatedOre ?? 0) + (report.topUps?.amountOre ?? 0) - (total.usedOre ?? 0) - (total.expiredOre ?? 0));
  const sections: string[] = [];

  sections.push(`<section><h2>Hovedtall</h2>
<table><tbody>
<tr><th scope="row">Barn med kort (berettiget)</th><td>${cell(total.eligible)}</td></tr>
<tr><th scope="row">Barn som brukte kortet</th><td>${cell(total.users)}</td></tr>
<tr><th scope="row">Andel som brukte kortet</th><td>${cell(total.share, pct)}</td></tr>
<tr><th scope="row">Tildelt</th><td>${cell(total.allocatedOre, nok)}</td></tr>
${report.topUps ? `<tr><th scope="row">Påfyll (Fritidskortet+), ${report.topUps.children} barn</th><td>${nok(report.topUps.amountOre)}</td></tr>` : ""}
<tr><th scope="row">Brukt</th><td>${cell(total.usedOre, nok)}</td></tr>
<tr><th scope="row">Utløpt (tilbake til fondet)</th><td>${cell(total.expiredOre, nok)}</td></tr>
</tbody></table>
${
  total.usedOre !== null && total.expiredOre !== null
    ? stackedBar({
        title: "Pengene i perioden",
        description: `Brukt ${nok(total.usedOre)}, utløpt ${nok(total.expiredOre)}, igjen på kortene ${nok(left)}.`,
        parts: [
          { label: "Brukt", value: total.usedOre, color: COLORS.main },
          { label: "Utløpt", value: total.expiredOre, color: COLORS.expired },
          { label: "Igjen på kortene", value: left, color: COLORS.left },
        ],
        format: nok,
      })
    : ""
}
</section>`);

  sections.push(
    breakdownSection("Etter alder", "Alder (år i perioden)", report.byAgeGroup, (r) => r.label, "Andel som brukte kortet, etter alder"),
  );

  sections.push(`<section><h2>Etter bydel</h2>
${breakdownTable("Bydel", report.byDistrict, districtLabel, report.hasLowIncomeShares ? (r) => (r.lowIncomeShare === null ? "" : pct(r.lowIncomeShare)) : undefined)}
${horizontalBarChart({
  title: report.hasLowIncomeShares ? "Bruk av kortet og andel husholdninger med lavinntekt, etter bydel" : "Andel som brukte kortet, etter bydel",
  description: report.hasLowIncomeShares
    ? "For hver bydel: andelen berettigede barn som brukte kortet (blå), og andelen husholdninger med lavinntekt (oransje)."
    : "For hver bydel: andelen berettigede barn som brukte kortet.",
  bars: report.byDistrict.map((r) => ({ label: districtLabel(r), value: r.share, ...(report.hasLowIncomeShares ? { compare: r.lowIncomeShare } : {}) })),
  max: 1,
  format: pct,
  suppressedText: "skjult (under 5 barn)",
  legend: report.hasLowIncomeShares ? { value: "Brukte kortet", compare: "Husholdninger med lavinntekt" } : { value: "Brukte kortet" },
})}
${report.hasLowIncomeShares ? "" : "<p>Kommunen har ikke oppgitt andel husholdninger med lavinntekt per bydel.</p>"}
</section>`);

  sections.push(`<section><h2>Etter aktivitetstype</h2>
<p>Et barn kan telle i flere typer; radene summerer derfor ikke til totalen.</p>
<table><thead><tr><th scope="col">Aktivitetstype</th><th scope="col">Barn som brukte kortet</th><th scope="col">Andel av berettigede</th><th scope="col">Brukt</th></tr></thead><tbody>
${report.byCategory.map((r) => `<tr><th scope="row">${escapeXml(categoryLabel(r.key))}</th><td>${cell(r.users)}</td><td>${cell(r.share, pct)}</td><td>${cell(r.usedOre, nok)}</td></tr>`).join("\n")}
</tbody></table>
${horizontalBarChart({
  title: "Barn som brukte kortet, etter aktivitetstype",
  description: "Antall barn som brukte kortet på en aktivitet av hver type.",
  bars: report.byCategory.map((r) => ({ label: categoryLabel(r.key), value: r.users })),
  format: String,
  suppressedText: "skjult (under 5 barn)",
})}
</section>`);

  sections.push(`<section><h2>Påmeldinger over tid</h2>
${
  report.signUpsByWeek.length === 0
    ? "<p>Ingen påmeldinger i perioden.</p>"
    : columnChart({
        title: "Barn påmeldt per uke",
        description: "Antall ulike barn som ble meldt på en aktivitet, per uke (mandag). Skraverte uker har under 5 barn og er skjult.",
        columns: report.signUpsByWeek.map((w) => ({ label: w.week, value: w.children })),
        suppressedText: "skjult (under 5 barn)",
      })
}
</section>`);

  sections.push(`<section><h2>Utsending: nådde og ikke nådde familier</h2>
${
  report.outreach === null
    ? "<p>Ingen utsendingsdata for perioden.</p>"
    : `${breakdownTable("Familien", report.outreach, (r) => outreachLabel(r.key))}
${horizontalBarChart({
  title: "Andel som brukte kortet, etter om familien ble nådd",
  description: "Andelen berettigede barn som brukte kortet, blant familier som fikk melding og familier som ikke ble nådd.",
  bars: report.outreach.map((r) => ({ label: outreachLabel(r.key), value: r.share })),
  max: 1,
  format: pct,
  suppressedText: "skjult (under 5 barn)",
})}`
}
</section>`);

  return `<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${escapeXml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #1a1a1a; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.75em; text-align: right; }
td { white-space: nowrap; }
th[scope="row"], thead th:first-child { text-align: left; }
svg { max-width: 100%; height: auto; display: block; margin: 0.5em 0 1.5em; }
.note { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="note">Periode ${report.period.startsOn} – ${report.period.endsOn}, ${nok(report.period.amountOre)} per barn. Laget ${escapeXml(options.generatedOn)}.
Celler med under 5 barn, og celler som kunne avsløre dem, er skjult og vist som «${SUPPRESSED}».</p>
${sections.join("\n")}
<p class="note">Berettiget: barn som fikk kortet tildelt for perioden. Brukte kortet: barn der kortet har betalt en klubb (bekreftede påmeldinger, minus refusjoner). Alder: år barnet fyller i periodens kalenderår. Bydel: adressen i folkeregisteret nå.</p>
</body>
</html>
`;
}

function breakdownTable<R extends ShownRow>(groupHeader: string, rows: R[], label: (row: R) => string, extra?: (row: R) => string): string {
  return `<table><thead><tr><th scope="col">${escapeXml(groupHeader)}</th><th scope="col">Berettigede barn</th><th scope="col">Brukte kortet</th><th scope="col">Andel</th><th scope="col">Tildelt</th><th scope="col">Brukt</th><th scope="col">Utløpt</th>${extra ? `<th scope="col">Husholdninger med lavinntekt</th>` : ""}</tr></thead><tbody>
${rows
  .map(
    (r) =>
      `<tr><th scope="row">${escapeXml(label(r))}</th><td>${cell(r.eligible)}</td><td>${cell(r.users)}</td><td>${cell(r.share, pct)}</td><td>${cell(r.allocatedOre, nok)}</td><td>${cell(r.usedOre, nok)}</td><td>${cell(r.expiredOre, nok)}</td>${extra ? `<td>${escapeXml(extra(r))}</td>` : ""}</tr>`,
  )
  .join("\n")}
</tbody></table>`;
}

function breakdownSection(heading: string, groupHeader: string, rows: ShownRow[], label: (row: ShownRow) => string, chartTitle: string): string {
  return `<section><h2>${escapeXml(heading)}</h2>
${breakdownTable(groupHeader, rows, label)}
${horizontalBarChart({ title: chartTitle, description: `${chartTitle}: andelen berettigede barn som brukte kortet.`, bars: rows.map((r) => ({ label: label(r), value: r.share })), max: 1, format: pct, suppressedText: "skjult (under 5 barn)" })}
</section>`;
}

/**
 * The same figures as CSV for a spreadsheet or the funder's own tools: one row per group, UTF-8,
 * comma-separated, amounts in whole kroner, shares in percent with a point; ":" is a suppressed cell.
 */
export function renderReportCsv(report: PeriodReport): string {
  const header = ["section", "group", "eligible", "users", "share_pct", "allocated_nok", "used_nok", "expired_nok", "low_income_share_pct"];
  const lines = [header.join(",")];
  const num = (v: number | null, f: (n: number) => string = String) => (v === null ? SUPPRESSED : f(v));
  const kroner = (ore: number) => String(Math.round(ore / 100));
  const percent = (share: number) => (share * 100).toFixed(1);
  const row = (section: string, group: string, r: ShownRow | null, lowIncome: number | null = null, counts: { eligible?: boolean; money?: boolean } = {}) =>
    [
      section,
      csvText(group),
      r && counts.eligible !== false ? num(r.eligible) : "",
      r ? num(r.users) : "",
      r ? num(r.share, percent) : "",
      r && counts.money !== false ? num(r.allocatedOre, kroner) : "",
      r ? num(r.usedOre, kroner) : "",
      r && counts.money !== false ? num(r.expiredOre, kroner) : "",
      lowIncome === null ? "" : percent(lowIncome),
    ].join(",");
  lines.push(row("total", "total", report.total));
  if (report.topUps) lines.push(["topups", "total", "", String(report.topUps.children), "", kroner(report.topUps.amountOre), "", "", ""].join(","));
  for (const r of report.byAgeGroup) lines.push(row("age_group", r.label, r));
  for (const r of report.byDistrict) lines.push(row("district", districtLabel(r), r, r.lowIncomeShare));
  for (const r of report.byCategory) lines.push(row("category", r.key, r, null, { eligible: false, money: false }));
  for (const w of report.signUpsByWeek) lines.push(["signups_week", w.week, "", num(w.children), "", "", "", "", ""].join(","));
  if (report.outreach === null) lines.push(["outreach", "no outreach data", "", "", "", "", "", "", ""].join(","));
  else for (const r of report.outreach) lines.push(row("outreach", r.key, r));
  return `${lines.join("\n")}\n`;
}

function csvText(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
