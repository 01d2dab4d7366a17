import { randomBytes } from 'node:crypto';

import { MediaJsonScanner, readMediaJson, streamedMedia, type StreamedJson } from '../../nodes/shared/http/json-media-stream';
import { DEFAULT_MEDIA_STREAM_LIMITS, MediaStreamError, VIDEO_LIST } from '../../nodes/shared/http/media-lists';

/** Feeds `text` to a scanner in pieces of `size` bytes. */
function scan(text: string | Buffer, size: number, limits = DEFAULT_MEDIA_STREAM_LIMITS, bodyBytes?: number): StreamedJson {
	const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
	const scanner = new MediaJsonScanner(limits, bodyBytes);
	for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
	return scanner.end();
}

function imagesOf(result: StreamedJson): Array<Record<string, unknown> & { bytes?: Buffer }> {
	const json = result.json as { images: Array<Record<string, unknown>> };
	return json.images.map(({ image_b64, ...rest }) => ({ ...rest, bytes: streamedMedia(result, image_b64) }));
}

describe('MediaJsonScanner', () => {
	const a = randomBytes(1000);
	const b = randomBytes(31); // not a multiple of 3: the base64 ends in padding
	const response = JSON.stringify({
		images: [
			{ image_b64: a.toString('base64'), seed: 7, removed_for_safety: false, safety_score: 0.1 },
			{ seed: 8, image_b64: b.toString('base64'), removed_for_safety: false, note: 'x "image_b64": \\"' },
			{ image_b64: '', seed: 9, removed_for_safety: true },
		],
		prediction_time_ms: 1234,
		image_b64_count: 3,
	});

	it.each([1, 2, 3, 5, 7, 64, 1 << 20])('decodes every image and keeps the rest, in chunks of %i bytes', (size) => {
		const result = scan(response, size);
		const images = imagesOf(result);
		expect(images.map((image) => image.bytes)).toEqual([a, b, Buffer.alloc(0)]);
		expect(images.map((image) => image.seed)).toEqual([7, 8, 9]);
		expect(images[1].note).toBe('x "image_b64": \\"');
		expect(images[0].safety_score).toBe(0.1);
		expect((result.json as Record<string, unknown>).prediction_time_ms).toBe(1234);
		expect((result.json as Record<string, unknown>).image_b64_count).toBe(3);
	});

	it('a server cannot forge a placeholder with escapes to name an image twice', () => {
		const image = randomBytes(600);
		// The second entry's key and value are escaped: the key is not one the scanner decodes, and the
		// value parses to the old fixed placeholder text, NUL included.
		const text = `{"images":[{"image_b64":"${image.toString('base64')}"},{"image\\u005fb64":"\\u0000b64:0"}]}`;
		for (const size of [1, 7, text.length]) {
			const result = scan(text, size);
			const [first, second] = (result.json as { images: Array<Record<string, unknown>> }).images;
			expect(streamedMedia(result, first.image_b64)?.equals(image)).toBe(true);
			expect(second.image_b64).toBe('\u0000b64:0');
			expect(streamedMedia(result, second.image_b64)).toBeUndefined();
			expect(result.images).toHaveLength(1);
		}
	});

	it('keeps only the JSON around the images, not the base64', () => {
		const big = randomBytes(300_000);
		const scanner = new MediaJsonScanner({ ...DEFAULT_MEDIA_STREAM_LIMITS, maxOtherBytes: 200 });
		scanner.push(Buffer.from(JSON.stringify({ images: [{ image_b64: big.toString('base64'), seed: 1 }] })));
		expect(imagesOf(scanner.end())[0].bytes?.equals(big)).toBe(true);
	});

	it('reads JSON escapes that encoders put into base64 (\\/, \\n, \\u002b)', () => {
		const bytes = randomBytes(300);
		const text = bytes.toString('base64');
		const encoded = `${text.slice(0, 40)}\\n${text.slice(40)}`.replace(/\//g, '\\/').replace(/\+/g, '\\u002b');
		expect(encoded).toMatch(/\\\/.*|\\u002b/);
		for (const size of [1, 3, 1000]) {
			expect(imagesOf(scan(`{"images":[{"image_b64":"${encoded}"}]}`, size))[0].bytes).toEqual(bytes);
		}
	});

	it('leaves image_b64 values that are not strings (null) to the JSON', () => {
		const result = scan('{"images":[{"image_b64":null,"removed_for_safety":true}]}', 4);
		expect(result.images).toHaveLength(0);
		expect((result.json as { images: unknown[] }).images[0]).toEqual({ image_b64: null, removed_for_safety: true });
	});

	it.each([
		['cut off inside an image', '{"images":[{"image_b64":"iVBORw0KGgo', /cut off inside image 0/],
		['cut off after an image', '{"images":[{"image_b64":"iVBORw0KGgo="}', /cut off or is not valid JSON/],
		['an empty body', '', /was empty/],
		['HTML', '<html>502 Bad Gateway</html>', /not valid JSON/],
		['a character outside base64', '{"images":[{"image_b64":"iVBO*w0KGgo="}]}', /images\[0\]\.image_b64 .* not valid base64/],
		['a space inside base64', '{"images":[{"image_b64":"iVBO w0KGgo="}]}', /not valid base64/],
		['data after padding', '{"images":[{"image_b64":"iVA=iVBO"}]}', /not valid base64|after its "=" padding/],
		['a lone last character', '{"images":[{"image_b64":"iVBOw"}]}', /middle of a base64 group/],
		['an escape that is not base64', '{"images":[{"image_b64":"iVBO\\tw0KG"}]}', /not valid base64/],
	])('fails clearly on %s', (_name, text, message) => {
		for (const size of [1, 4, 1000]) {
			expect(() => scan(text, size)).toThrow(MediaStreamError);
			expect(() => scan(text, size)).toThrow(message);
		}
	});

	it('bounds memory: the JSON besides images, one image, and all images together', () => {
		const limits = { maxOtherBytes: 100, maxImageBytes: 1000, maxTotalImageBytes: 1500 };
		expect(() => scan(JSON.stringify({ images: [], junk: 'x'.repeat(200) }), 16, limits)).toThrow(
			/more than 0 KB besides image data/,
		);
		const one = randomBytes(1200).toString('base64');
		expect(() => scan(`{"images":[{"image_b64":"${one}"}]}`, 64, limits)).toThrow(/images\[0\]\.image_b64 .* larger than/);
		const half = randomBytes(900).toString('base64');
		expect(() => scan(`{"images":[{"image_b64":"${half}"},{"image_b64":"${half}"}]}`, 64, limits)).toThrow(
			/larger than 0 MB together/,
		);
		// A huge body without closing quote stops at the image limit, not at the end of the stream.
		const scanner = new MediaJsonScanner(limits);
		scanner.push(Buffer.from('{"images":[{"image_b64":"'));
		expect(() => {
			for (let n = 0; n < 1000; n++) scanner.push(Buffer.from('AAAA'.repeat(64)));
		}).toThrow(/larger than/);
	});
});

describe('MediaJsonScanner, one buffer per image', () => {
	const big = randomBytes(1_580_000);
	const single = JSON.stringify({ images: [{ image_b64: big.toString('base64'), seed: 1 }], prediction_time_ms: 5 });

	it('decodes a single-image answer into one buffer of its size when the body length is known', () => {
		const image = scan(single, 65_536, DEFAULT_MEDIA_STREAM_LIMITS, Buffer.byteLength(single)).images[0];
		expect(image.equals(big)).toBe(true);
		// One allocation, sized from the body: the bytes sit in a buffer barely larger than the image.
		expect(image.buffer.byteLength).toBeLessThan(big.length * 1.01);
		expect(image.buffer.byteLength).toBeGreaterThanOrEqual(big.length);
	});

	it.each([
		['unknown (grows by doubling)', undefined],
		['understated (a compressed body)', 1000],
		['overstated', 10_000_000],
	])('gives the same bytes, in a buffer of their size, when the body length is %s', (_name, bodyBytes) => {
		for (const size of [7, 65_536]) {
			const image = scan(single, size, DEFAULT_MEDIA_STREAM_LIMITS, bodyBytes).images[0];
			expect(image.equals(big)).toBe(true);
			expect(image.buffer.byteLength).toBeLessThan(big.length * 1.07);
		}
	});

	it('copies each image of a several-image answer out of a buffer sized for the whole rest of the body', () => {
		const parts = [randomBytes(40_000), randomBytes(40_001), randomBytes(39_999)];
		const text = JSON.stringify({ images: parts.map((part, seed) => ({ image_b64: part.toString('base64'), seed })) });
		const images = scan(text, 4096, DEFAULT_MEDIA_STREAM_LIMITS, Buffer.byteLength(text)).images;
		expect(images).toEqual(parts);
		for (const image of images) expect(image.buffer.byteLength).toBeLessThan(image.length * 1.07);
	});

	it('stops at the image limit before allocating past it, whatever the body length says', () => {
		const limits = { maxOtherBytes: 1000, maxImageBytes: 1000, maxTotalImageBytes: 5000 };
		const text = JSON.stringify({ images: [{ image_b64: randomBytes(1200).toString('base64') }] });
		expect(() => scan(text, 64, limits, 50_000_000)).toThrow(/images\[0\]\.image_b64 .* larger than/);
		const fits = randomBytes(999);
		const ok = JSON.stringify({ images: [{ image_b64: fits.toString('base64') }] });
		expect(scan(ok, 64, limits, 50_000_000).images[0]).toEqual(fits);
	});

	it.each([
		['a character outside base64', '{"images":[{"image_b64":"iVBO*w0KGgo="}]}', /not valid base64/],
		['data after padding', '{"images":[{"image_b64":"iVA=iVBO"}]}', /not valid base64|after its "=" padding/],
	])('still refuses %s when decoding into the buffer of the body length', (_name, text, message) => {
		for (const size of [1, 4, 1000]) expect(() => scan(text, size, DEFAULT_MEDIA_STREAM_LIMITS, text.length)).toThrow(message);
	});
});

describe('readMediaJson', () => {
	it('reads an async stream of chunks', async () => {
		const bytes = randomBytes(5000);
		const text = JSON.stringify({ images: [{ image_b64: bytes.toString('base64'), seed: 3 }] });
		async function* chunks() {
			for (let at = 0; at < text.length; at += 333) yield Buffer.from(text.slice(at, at + 333));
		}
		const result = await readMediaJson(chunks());
		expect(imagesOf(result)[0]).toEqual({ seed: 3, bytes });
	});
});

describe('MediaJsonScanner over a video answer (VIDEO_LIST)', () => {
	const a = randomBytes(3001);
	const response = JSON.stringify({
		videos: [
			{ video: a.toString('base64'), seed: 1, removed_for_safety: false },
			{ video: null, seed: 2, removed_for_safety: true },
		],
		image_b64: 'bm90IGEgdmlkZW8=',
		prediction_time_ms: 9,
	});

	it.each([1, 7, 1 << 20])('decodes each `video` string, and nothing else, in chunks of %i bytes', (size) => {
		const bytes = Buffer.from(response, 'utf8');
		const scanner = new MediaJsonScanner(DEFAULT_MEDIA_STREAM_LIMITS, bytes.length, VIDEO_LIST);
		for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
		const result = scanner.end();
		const json = result.json as { videos: Array<{ video: unknown; seed: number }>; image_b64: string; prediction_time_ms: number };
		expect(result.images).toHaveLength(1);
		expect(streamedMedia(result, json.videos[0].video)?.equals(a)).toBe(true);
		expect(json.videos[1]).toEqual({ video: null, seed: 2, removed_for_safety: true });
		expect([json.image_b64, json.prediction_time_ms]).toEqual(['bm90IGEgdmlkZW8=', 9]);
	});

	it('names the video in its errors', () => {
		const scanner = new MediaJsonScanner(DEFAULT_MEDIA_STREAM_LIMITS, undefined, VIDEO_LIST);
		expect(() => {
			scanner.push(Buffer.from('{"videos":[{"video":"AAAA!!!!"}]}'));
			scanner.end();
		}).toThrow('videos[0].video in the response is not valid base64');
		const cut = new MediaJsonScanner(DEFAULT_MEDIA_STREAM_LIMITS, undefined, VIDEO_LIST);
		cut.push(Buffer.from('{"videos":[{"video":"AAAA'));
		expect(() => cut.end()).toThrow('The response was cut off inside video 0');
	});
});
