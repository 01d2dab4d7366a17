import type { Canvas } from './canvas.cts';

type Rgb = [number, number, number];

/** A colour from hue (0..1), saturation and lightness, the usual HSL formula. */
function hsl(h: number, s: number, l: number): Rgb {
	const a = s * Math.min(l, 1 - l);
	const f = (n: number) => {
		const k = (n + h * 12) % 12;
		return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
	};
	return [f(0), f(8), f(4)];
}

/**
 * Paints the "generated" picture: a two-colour gradient at a random angle, soft diagonal bands and a
 * few soft discs, all chosen by `random` (seeded from the request), so every seed/prompt looks different.
 */
export function paintPattern(canvas: Canvas, random: () => number): void {
	const { width, height, data } = canvas;
	const hue = random();
	const from = hsl(hue, 0.55 + 0.3 * random(), 0.3 + 0.2 * random());
	const to = hsl((hue + 0.25 + 0.3 * random()) % 1, 0.55 + 0.3 * random(), 0.55 + 0.2 * random());
	const angle = random() * Math.PI * 2;
	const [cx, cy] = [Math.cos(angle), Math.sin(angle)];
	const span = Math.abs(cx) * width + Math.abs(cy) * height;
	const offset = Math.min(0, cx * width) + Math.min(0, cy * height);
	const bandPeriod = 24 + random() * 80;
	const bandAngle = random() * Math.PI;
	const [bx, by] = [Math.cos(bandAngle) / bandPeriod, Math.sin(bandAngle) / bandPeriod];

	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const t = (x * cx + y * cy - offset) / span;
			// Triangle wave from the fractional part; operators only, no Math.* in per-pixel loops
			// (a global lookup per pixel is ~50x slower inside jest's vm context, where tests run the emulator).
			const frac = (x * bx + y * by) % 1;
			const wave = frac < 0 ? frac + 0.5 : frac - 0.5;
			const band = 0.9 + 0.2 * (wave < 0 ? -wave : wave);
			const at = (y * width + x) * 3;
			data[at] = (from[0] + (to[0] - from[0]) * t) * band;
			data[at + 1] = (from[1] + (to[1] - from[1]) * t) * band;
			data[at + 2] = (from[2] + (to[2] - from[2]) * t) * band;
		}
	}

	const discs = 3 + Math.floor(random() * 3);
	for (let d = 0; d < discs; d++) {
		const colour = hsl((hue + 0.5 + random() * 0.4) % 1, 0.6 + 0.3 * random(), 0.45 + 0.3 * random());
		const r = Math.min(width, height) * (0.08 + 0.18 * random());
		paintDisc(canvas, random() * width, random() * height, r, colour);
	}
}

function paintDisc(canvas: Canvas, x0: number, y0: number, r: number, colour: Rgb): void {
	const { width, height, data } = canvas;
	const [left, right] = [Math.max(0, Math.floor(x0 - r)), Math.min(width - 1, Math.ceil(x0 + r))];
	const [top, bottom] = [Math.max(0, Math.floor(y0 - r)), Math.min(height - 1, Math.ceil(y0 + r))];
	for (let y = top; y <= bottom; y++) {
		for (let x = left; x <= right; x++) {
			const d2 = ((x - x0) ** 2 + (y - y0) ** 2) / (r * r);
			if (d2 >= 1) continue;
			const w = (1 - d2) * (1 - d2) * 0.85;
			const at = (y * width + x) * 3;
			data[at] += (colour[0] - data[at]) * w;
			data[at + 1] += (colour[1] - data[at + 1]) * w;
			data[at + 2] += (colour[2] - data[at + 2]) * w;
		}
	}
}
