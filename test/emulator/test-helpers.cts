// Helpers shared by the emulator's own tests: HTTP calls against a started emulator and image fixtures.
import sharp from 'sharp';
import type { Emulator } from './index.cts';

export interface ApiResponse<T = any> {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed body, or undefined when it is not JSON. */
	json: T;
}

/** Sends a request to the emulator (API path relative to its url) with the default test token unless told otherwise. */
export async function call(
	emulator: Emulator,
	method: string,
	path: string,
	options: { body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
	const token = options.token === undefined ? 'test-token' : options.token;
	if (token !== null) headers.authorization = `Bearer ${token}`;
	let body: string | undefined = options.rawBody;
	if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const res = await fetch(emulator.url + path, { method, headers, body });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** Calls an admin route (`/_emulator/...`, at the server root whatever the basePath). */
export async function admin(emulator: Emulator, method: string, route: string, body?: unknown): Promise<ApiResponse> {
	const res = await fetch(new URL(`/_emulator/${route}`, emulator.url), {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** POST /generate/{engine}. */
export function generate(emulator: Emulator, engine: string, body: unknown, options: { token?: string | null; headers?: Record<string, string> } = {}) {
	return call(emulator, 'POST', `/generate/${engine}`, { ...options, body });
}

/** A PNG (or other format) of the given size whose pixel colours come from `paint(x, y)`; returned as base64. */
export async function makeImage(
	width: number,
	height: number,
	paint: (x: number, y: number) => [number, number, number],
	format: 'png' | 'jpeg' | 'webp' | 'tiff' = 'png',
): Promise<string> {
	const raw = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) raw.set(paint(x, y), (y * width + x) * 3);
	}
	return (await sharp(raw, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer()).toString('base64');
}

/** Decoded RGB pixels of a base64 image, with its format and size. */
export async function decode(base64: string): Promise<{ data: Buffer; width: number; height: number; format: string }> {
	const bytes = Buffer.from(base64, 'base64');
	const { format } = await sharp(bytes).metadata();
	const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height, format: format ?? 'unknown' };
}

/** Mean absolute difference per channel between two same-sized RGB buffers (0..255). */
export function meanAbsDiff(a: Buffer, b: Buffer): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) sum += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i]; // no Math.* per pixel: slow under jest
	return sum / a.length;
}

/** Pearson correlation of two equally long number series. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = a.length;
	let ma = 0;
	let mb = 0;
	for (let i = 0; i < n; i++) {
		ma += a[i];
		mb += b[i];
	}
	ma /= n;
	mb /= n;
	let cov = 0;
	let va = 0;
	let vb = 0;
	for (let i = 0; i < n; i++) {
		cov += (a[i] - ma) * (b[i] - mb);
		va += (a[i] - ma) ** 2;
		vb += (b[i] - mb) ** 2;
	}
	return cov / Math.sqrt(va * vb);
}

/** Per-pixel luminance (0..255) of an RGB buffer. */
export function lumaOf(rgb: Buffer): Float64Array {
	const out = new Float64Array(rgb.length / 3);
	for (let p = 0; p < out.length; p++) out[p] = 0.299 * rgb[p * 3] + 0.587 * rgb[p * 3 + 1] + 0.114 * rgb[p * 3 + 2];
	return out;
}

/** A safetensors file: 8-byte little-endian header length, the JSON header, then `payload` bytes. */
export function safetensors(header: unknown = { 'lora.weight': { dtype: 'F16', shape: [4, 4], data_offsets: [0, 32] } }, payload = Buffer.alloc(32, 7)): Buffer {
	const json = Buffer.from(JSON.stringify(header));
	const length = Buffer.alloc(8);
	length.writeBigUInt64LE(BigInt(json.length));
	return Buffer.concat([length, json, payload]);
}

/** Polls `read` until `done(value)` holds; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** PUTs bytes to a presigned URL the way a careful client does: no Authorization header. */
export async function putFile(url: string, bytes: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
	const res = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream', ...headers } });
	return { status: res.status, text: await res.text() };
}

/** Creates a private asset, uploads `bytes` through its put_url, completes it; returns the create answer. */
export async function uploadAsset(
	emulator: Emulator,
	request: { name: string; asset_type: string; data: Record<string, unknown>; [key: string]: unknown },
	bytes: Buffer,
	token = 'test-token',
): Promise<{ id: string; create: ApiResponse; complete: ApiResponse }> {
	// description is required (nullable) by the export's CreateAssetRequest.
	const create = await call(emulator, 'POST', '/v1/assets', { body: { description: null, ...request }, token });
	if (create.status !== 200) throw new Error(`create failed: ${create.status} ${create.text}`);
	const { id } = create.json.asset;
	const put = await putFile(create.json.transfer_api.put_url, bytes);
	if (put.status !== 200) throw new Error(`PUT failed: ${put.status} ${put.text}`);
	const complete = await call(emulator, 'POST', `/v1/assets/${id}/complete-upload`, { body: {}, token });
	return { id, create, complete };
}

/** GET /v1/assets/{ref} until the asset's status is no longer `uploaded`; returns the asset. */
export async function settledAsset(emulator: Emulator, ref: string, token = 'test-token'): Promise<any> {
	const res = await waitFor(
		() => call(emulator, 'GET', `/v1/assets/${encodeURIComponent(ref)}`, { token }),
		(r) => r.status !== 200 || r.json.asset.status !== 'uploaded',
	);
	return res.json.asset;
}
