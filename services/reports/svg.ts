/**
 * Charts as inline SVG, written here: a report must open without a network or JavaScript, and two
 * chart shapes do not justify a charting library. Every chart has a <title> and <desc> for screen
 * readers; a suppressed value draws no bar and says so in its label.
 */

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export interface Bar {
  label: string;
  /** null: suppressed (fewer than five children). */
  value: number | null;
  /** A second value drawn as a thin bar under the first (e.g. the low-income share). */
  compare?: number | null;
}

export interface HorizontalBarChart {
  title: string;
  description: string;
  bars: Bar[];
  /** The axis' end; defaults to the largest value. */
  max?: number;
  format(value: number): string;
  suppressedText: string;
  legend?: { value: string; compare?: string };
}

const FONT = `font-family="system-ui, sans-serif" font-size="12"`;
const MAIN = "#1f5fa8";
const COMPARE = "#d9822b";

export function horizontalBarChart(chart: HorizontalBarChart): string {
  const labelWidth = 150;
  const barArea = 360;
  const hasCompare = chart.bars.some((b) => b.compare !== undefined);
  const rowHeight = hasCompare ? 30 : 22;
  const top = chart.legend ? 24 : 6;
  const height = top + chart.bars.length * rowHeight + 6;
  const width = labelWidth + barArea + 80;
  const max = chart.max ?? Math.max(1e-9, ...chart.bars.flatMap((b) => [b.value ?? 0, b.compare ?? 0]));
  const scale = (v: number) => Math.max(0, (v / max) * barArea);
  const parts: string[] = [];
  if (chart.legend) {
    parts.push(`<rect x="${labelWidth}" y="4" width="12" height="10" fill="${MAIN}"/><text x="${labelWidth + 16}" y="13">${escapeXml(chart.legend.value)}</text>`);
    if (chart.legend.compare) parts.push(`<rect x="${labelWidth + 200}" y="4" width="12" height="10" fill="${COMPARE}"/><text x="${labelWidth + 216}" y="13">${escapeXml(chart.legend.compare)}</text>`);
  }
  chart.bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    parts.push(`<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    if (bar.value === null) {
      parts.push(`<text x="${labelWidth + 4}" y="${y + 13}" fill="#666" font-style="italic">${escapeXml(chart.suppressedText)}</text>`);
    } else {
      const w = scale(bar.value);
      parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="13" fill="${MAIN}"/>`);
      parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 13}">${escapeXml(chart.format(bar.value))}</text>`);
    }
    if (bar.compare !== undefined && bar.compare !== null) {
      const w = scale(bar.compare);
      parts.push(`<rect x="${labelWidth}" y="${y + 18}" width="${w.toFixed(1)}" height="6" fill="${COMPARE}"/>`);
      parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 25}" font-size="10" fill="#8a4d12">${escapeXml(chart.format(bar.compare))}</text>`);
    }
  });
  parts.push(`<line x1="${labelWidth}" y1="${top}" x2="${labelWidth}" y2="${height - 4}" stroke="#333"/>`);
  return svg(width, height, chart.title, chart.description, parts);
}

export interface ColumnChart {
  title: string;
  description: string;
  columns: { label: string; value: number | null }[];
  suppressedText: string;
}

/** Columns over time (sign-ups per week); a suppressed week is a hatched stub. */
export function columnChart(chart: ColumnChart): string {
  const left = 40;
  const plotHeight = 160;
  const columnWidth = Math.max(8, Math.min(36, Math.floor(560 / Math.max(1, chart.columns.length))));
  const width = left + chart.columns.length * columnWidth + 20;
  const height = plotHeight + 70;
  const max = Math.max(1, ...chart.columns.map((c) => c.value ?? 0));
  const parts: string[] = [
    `<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="4" stroke="#999" stroke-width="2"/></pattern></defs>`,
    `<line x1="${left}" y1="${plotHeight + 10}" x2="${width - 10}" y2="${plotHeight + 10}" stroke="#333"/>`,
    `<text x="${left - 4}" y="14" text-anchor="end">${max}</text>`,
    `<text x="${left - 4}" y="${plotHeight + 10}" text-anchor="end">0</text>`,
  ];
  chart.columns.forEach((column, i) => {
    const x = left + i * columnWidth + 2;
    const w = columnWidth - 4;
    if (column.value === null) {
      parts.push(`<rect x="${x}" y="${plotHeight}" width="${w}" height="10" fill="url(#hatch)"><title>${escapeXml(`${column.label}: ${chart.suppressedText}`)}</title></rect>`);
    } else {
      const h = (column.value / max) * plotHeight;
      parts.push(`<rect x="${x}" y="${(plotHeight + 10 - h).toFixed(1)}" width="${w}" height="${h.toFixed(1)}" fill="${MAIN}"><title>${escapeXml(`${column.label}: ${column.value}`)}</title></rect>`);
    }
    if (chart.columns.length <= 12 || i % 2 === 0) {
      parts.push(`<text x="${x + w / 2}" y="${plotHeight + 24}" text-anchor="end" transform="rotate(-45 ${x + w / 2} ${plotHeight + 24})" font-size="10">${escapeXml(column.label)}</text>`);
    }
  });
  return svg(width, height, chart.title, chart.description, parts);
}

/** One stacked bar: how the period's money went (used, expired, still on the cards). */
export function stackedBar(chart: { title: string; description: string; parts: { label: string; value: number; color: string }[]; format(value: number): string }): string {
  const width = 600;
  const total = Math.max(1e-9, chart.parts.reduce((sum, p) => sum + p.value, 0));
  let x = 0;
  const parts: string[] = [];
  chart.parts.forEach((part, i) => {
    const w = (part.value / total) * width;
    parts.push(`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="24" fill="${part.color}"/>`);
    parts.push(`<rect x="${i * 200}" y="34" width="12" height="10" fill="${part.color}"/><text x="${i * 200 + 16}" y="43">${escapeXml(`${part.label}: ${chart.format(part.value)}`)}</text>`);
    x += w;
  });
  return svg(width, 52, chart.title, chart.description, parts);
}

function svg(width: number, height: number, title: string, description: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" ${FONT}><title>${escapeXml(title)}</title><desc>${escapeXml(description)}</desc>${parts.join("")}</svg>`;
}

export const COLORS = { main: MAIN, compare: COMPARE, expired: "#9aa5b1", left: "#cfd8e3" };
