import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphFor } from './font.cts';
import type { Canvas } from './canvas.cts';

/** Draws one line of text with the bitmap font, `scale` pixels per font cell; clips at the canvas edge. */
export function drawText(canvas: Canvas, x0: number, y0: number, text: string, scale: number, rgb: [number, number, number]): void {
	const { width, height, data } = canvas;
	let x = x0;
	for (const ch of text) {
		const glyph = glyphFor(ch);
		for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
			for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
				if (!glyph[gy * GLYPH_WIDTH + gx]) continue;
				for (let dy = 0; dy < scale; dy++) {
					const py = y0 + gy * scale + dy;
					if (py < 0 || py >= height) continue;
					for (let dx = 0; dx < scale; dx++) {
						const px = x + gx * scale + dx;
						if (px < 0 || px >= width) continue;
						const at = (py * width + px) * 3;
						data[at] = rgb[0];
						data[at + 1] = rgb[1];
						data[at + 2] = rgb[2];
					}
				}
			}
		}
		x += (GLYPH_WIDTH + 1) * scale;
	}
}

/** Splits text into at most `maxLines` lines of `perLine` characters, breaking at spaces where it can. */
export function wrapText(text: string, perLine: number, maxLines: number): string[] {
	const lines: string[] = [];
	let rest = text.replace(/\s+/g, ' ').trim();
	while (rest.length > 0 && lines.length < maxLines) {
		if (rest.length <= perLine) {
			lines.push(rest);
			rest = '';
			break;
		}
		const space = rest.lastIndexOf(' ', perLine);
		const cut = space > perLine / 2 ? space : perLine;
		lines.push(rest.slice(0, cut).trimEnd());
		rest = rest.slice(cut).trimStart();
	}
	if (rest.length > 0 && lines.length > 0) {
		const last = lines[lines.length - 1];
		lines[lines.length - 1] = `${last.slice(0, Math.max(0, perLine - 3))}...`;
	}
	return lines;
}

/** A rectangle of the canvas, in pixels; right and bottom exclusive. */
export interface Box {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/**
 * Writes a caption band at the bottom of `box` (default: the whole canvas): the parameter lines in
 * amber, then the prompt in white. The band darkens what is under it so the text reads on any picture.
 */
export function drawCaption(canvas: Canvas, header: string, prompt: string, box?: Box): void {
	const { width, height, data } = canvas;
	const { left, top, right, bottom } = box ?? { left: 0, top: 0, right: width, bottom: height };
	const scale = Math.max(1, Math.round(Math.min(width, height) / 320));
	const cell = (GLYPH_WIDTH + 1) * scale;
	const lineHeight = (GLYPH_HEIGHT + 3) * scale;
	const perLine = Math.floor((right - left - 4 * scale) / cell);
	if (perLine < 8) return;
	const headerLines = wrapText(header, perLine, 2);
	const lines = [...headerLines, ...wrapText(prompt, perLine, 4)];
	const bandHeight = Math.min(bottom - top, lines.length * lineHeight + 3 * scale);
	for (let y = bottom - bandHeight; y < bottom; y++) {
		for (let i = (y * width + left) * 3, end = (y * width + right) * 3; i < end; i++) data[i] = data[i] * 0.35;
	}
	lines.forEach((line, i) => {
		const colour: [number, number, number] = i < headerLines.length ? [255, 220, 120] : [255, 255, 255];
		drawText(canvas, left + 2 * scale, bottom - bandHeight + 2 * scale + i * lineHeight, line, scale, colour);
	});
}
