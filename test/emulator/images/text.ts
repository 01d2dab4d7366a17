import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphFor } from './font';
import type { Canvas } from './canvas';

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

/**
 * Writes a caption band at the bottom of the canvas: the parameter line, then the prompt.
 * The band darkens what is under it so the white text reads on any picture.
 */
export function drawCaption(canvas: Canvas, header: string, prompt: string): void {
	const { width, height, data } = canvas;
	const scale = Math.max(1, Math.round(Math.min(width, height) / 320));
	const cell = (GLYPH_WIDTH + 1) * scale;
	const lineHeight = (GLYPH_HEIGHT + 3) * scale;
	const perLine = Math.max(1, Math.floor((width - 4 * scale) / cell));
	const lines = [...wrapText(header, perLine, 1), ...wrapText(prompt, perLine, 4)];
	const bandHeight = Math.min(height, lines.length * lineHeight + 3 * scale);
	for (let y = height - bandHeight; y < height; y++) {
		for (let i = y * width * 3, end = (y + 1) * width * 3; i < end; i++) data[i] = data[i] * 0.35;
	}
	lines.forEach((line, i) => {
		const colour: [number, number, number] = i === 0 ? [255, 220, 120] : [255, 255, 255];
		drawText(canvas, 2 * scale, height - bandHeight + 2 * scale + i * lineHeight, line, scale, colour);
	});
}
