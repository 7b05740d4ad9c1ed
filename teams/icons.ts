import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodePng, type Rgba } from "./png.ts";

/**
 * The Teams app icons, drawn in code: a payment card (the leisure card) with a stripe and a chip.
 * color.png: 192×192, full-bleed brand colour. outline.png: 32×32, white on transparent, as Teams
 * requires. Run `npx tsx teams/icons.ts` to write them next to the manifest.
 */
const BRAND = [0x00, 0x46, 0x6e] as const;
const SAMPLES = 4; // supersampling per axis, for smooth edges

type Shape = (x: number, y: number) => boolean; // in unit coordinates 0..1

const roundedRect = (left: number, top: number, right: number, bottom: number, radius: number): Shape => (x, y) => {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};
const rect = (left: number, top: number, right: number, bottom: number): Shape => (x, y) => x >= left && x <= right && y >= top && y <= bottom;
const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((shape) => shape(x, y));
const minus = (shape: Shape, hole: Shape): Shape => (x, y) => shape(x, y) && !hole(x, y);

/** Coverage of `shape` per pixel (0..1), supersampled. */
function coverage(size: number, shape: Shape): Float32Array {
  const result = new Float32Array(size * size);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) if (shape((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)) hits += 1;
      }
      result[py * size + px] = hits / (SAMPLES * SAMPLES);
    }
  }
  return result;
}

// The card, in unit coordinates: a 1.6:1 card, a dark stripe across, a chip below it.
const card = roundedRect(0.16, 0.27, 0.84, 0.73, 0.06);
const stripe = rect(0.16, 0.36, 0.84, 0.45);
const chip = roundedRect(0.24, 0.53, 0.38, 0.63, 0.02);

export function colorIcon(): Rgba {
  const size = 192;
  const white = coverage(size, minus(card, union(stripe, chip)));
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i += 1) {
    const w = white[i]!;
    for (let c = 0; c < 3; c += 1) pixels[i * 4 + c] = Math.round(BRAND[c]! * (1 - w) + 255 * w);
    pixels[i * 4 + 3] = 255;
  }
  return { width: size, height: size, pixels };
}

export function outlineIcon(): Rgba {
  const size = 32;
  // The card's outline (2 px at 32 px), its stripe and its chip, in white.
  const inset = 2 / size;
  const border = minus(card, roundedRect(0.16 + inset, 0.27 + inset, 0.84 - inset, 0.73 - inset, 0.06 - inset / 2));
  const alpha = coverage(size, union(border, stripe, chip));
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i += 1) {
    pixels[i * 4] = 255;
    pixels[i * 4 + 1] = 255;
    pixels[i * 4 + 2] = 255;
    pixels[i * 4 + 3] = Math.round(alpha[i]! * 255);
  }
  return { width: size, height: size, pixels };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  writeFileSync(path.join(dir, "color.png"), encodePng(colorIcon()));
  writeFileSync(path.join(dir, "outline.png"), encodePng(outlineIcon()));
  process.stdout.write("wrote teams/color.png (192×192) and teams/outline.png (32×32)\n");
}
