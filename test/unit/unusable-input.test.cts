import sharp from 'sharp';

import { declaredImageSize, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, oversizedImageProblem, sameAspect } from '../../nodes/shared/images/image-header';
import { showInvisible, unusableTextProblem } from '../../nodes/shared/fields/text-rules';
import { picture } from '../nodes/helpers.cts';
import { declaring } from '../reliability/support/declared-size.cts';

describe('unusableTextProblem: text OctoAI cannot take', () => {
	it.each([
		['zero-width spaces', '\u200B\u200B\u200B', /only invisible/],
		['a zero-width joiner', '\u200D', /only invisible/],
		['a byte-order mark between spaces', ' \uFEFF\u200C ', /only invisible/],
		['word joiner and soft hyphen', '\u2060\u00AD', /only invisible/],
		['a Hangul filler', '\u3164', /only invisible/],
		['tag characters', '\u{E0041}\u{E0042}', /only invisible/],
		['a NUL byte', 'a cat\u0000 on a mat', /control character \\u\{0000\} at character 6/],
		['an escape', '\u001B[31mred', /control character \\u\{001B\}/],
		['DEL', 'cat\u007F', /\\u\{007F\}/],
		['a C1 control', 'cat\u0085dog', /\\u\{0085\}/],
		['a vertical tab', 'a\u000Bb', /\\u\{000B\}/],
		['a lone high surrogate', 'a cat \uD83D', /unpaired UTF-16 surrogate \\u\{D83D\}\) at character 7/],
		['a lone low surrogate', '\uDE00 a dog', /unpaired UTF-16 surrogate \\u\{DE00\}/],
	])('%s is refused', (_name, text, message) => {
		expect(unusableTextProblem(text)).toMatch(message);
	});

	it.each([
		['plain text', 'a red fox'],
		['tabs and line breaks', 'a red fox\n\tin the snow\r\n'],
		['an emoji (a paired surrogate) and a joined emoji', 'a fox 🦊 and a family 👨‍👩‍👧'],
		['a zero-width joiner inside words', 'क्‍ष'],
		['non-Latin scripts and accents', 'Füchse im Schnee, 雪の中の狐'],
		['nothing', ''],
	])('%s passes', (_name, text) => {
		expect(unusableTextProblem(text)).toBeUndefined();
	});

	it('shows hidden characters escaped, and a long text shortened', () => {
		expect(showInvisible('\u200B\u200B')).toBe('"\\u{200B}\\u{200B}"');
		expect(showInvisible('a b\u0000')).toBe('"a b\\u{0000}"');
		expect(showInvisible('\uD83D')).toBe('"\\u{D83D}"');
		const shown = showInvisible(`${'x'.repeat(100)}\u0000`);
		expect(shown).toMatch(/^"x{40}…" \(101 characters\)$/);
	});
});

describe('declaredImageSize: the size in an image header, without decoding', () => {
	it.each([
		['png', 300, 200],
		['jpeg', 300, 200],
		['webp', 300, 200],
		['png', 2, 7],
		['jpeg', 4000, 3],
	] as const)('%s %ix%i', async (format, width, height) => {
		expect(declaredImageSize(await picture(width, height, format))).toEqual({ width, height });
	});

	it('lossless (VP8L) and extended (VP8X) WebP, and a progressive JPEG', async () => {
		const png = await picture(321, 123);
		const lossless = await sharp(png).webp({ lossless: true }).toBuffer();
		expect(lossless.toString('latin1', 12, 16)).toBe('VP8L');
		expect(declaredImageSize(lossless)).toEqual({ width: 321, height: 123 });
		const extended = await sharp(png).ensureAlpha(0.5).webp().withMetadata().toBuffer();
		expect(extended.toString('latin1', 12, 16)).toBe('VP8X');
		expect(declaredImageSize(extended)).toEqual({ width: 321, height: 123 });
		expect(declaredImageSize(await sharp(png).jpeg({ progressive: true }).toBuffer())).toEqual({ width: 321, height: 123 });
	});

	it('reads the size a bomb declares, and the limit refuses it', async () => {
		for (const format of ['png', 'jpeg'] as const) {
			const bomb = await declaring(format, 30000, 30000);
			expect(bomb.length).toBeLessThan(10_000);
			expect(declaredImageSize(bomb)).toEqual({ width: 30000, height: 30000 });
			expect(oversizedImageProblem(declaredImageSize(bomb))).toMatch(/declares 30000x30000 pixels/);
		}
		expect(declaredImageSize(await declaring('webp', 16383, 16383))).toEqual({ width: 16383, height: 16383 });
	});

	it('no size from text, a truncated header, or a JPEG with no frame before its scan', () => {
		expect(declaredImageSize(Buffer.from('not an image at all, just text'))).toBeUndefined();
		expect(declaredImageSize(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined();
		expect(declaredImageSize(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00]))).toBeUndefined();
	});

	it('the limits: a side or the pixel count above them is refused, at them passes', () => {
		expect(oversizedImageProblem({ width: MAX_IMAGE_SIDE, height: 1000 })).toBeUndefined();
		expect(oversizedImageProblem({ width: MAX_IMAGE_SIDE + 1, height: 10 })).toMatch(/16384 pixels a side/);
		expect(oversizedImageProblem({ width: 8000, height: 8000 })).toBeUndefined();
		expect(oversizedImageProblem({ width: 8000, height: 8001 })).toMatch(/64 megapixels/);
		expect(8000 * 8001).toBeGreaterThan(MAX_IMAGE_PIXELS);
		expect(oversizedImageProblem(undefined)).toBeUndefined();
	});

	it('sameAspect: one pixel of rounding, any scale', () => {
		expect(sameAspect({ width: 512, height: 512 }, { width: 1024, height: 1024 })).toBe(true);
		expect(sameAspect({ width: 1536, height: 1024 }, { width: 1024, height: 683 })).toBe(true);
		expect(sameAspect({ width: 512, height: 512 }, { width: 512, height: 256 })).toBe(false);
		expect(sameAspect({ width: 512, height: 512 }, { width: 512, height: 510 })).toBe(false);
		expect(sameAspect({ width: 1024, height: 576 }, { width: 576, height: 1024 })).toBe(false);
	});
});
