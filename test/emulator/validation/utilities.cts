// One validator for the media utilities, built from rules/utilities.cts: value rules, unknown keys, rules across
// fields, then the images (decoded, or downloaded from a loopback URL), then defaults.
import { isLoopbackHost } from '../core/download.cts';
import * as err from './errors.cts';
import { decodeImage, type DecodedImage } from './images.cts';
import { checkValue, describeLoc, isPlainObject, type PendingImage } from './values.cts';
import { adetailerSizeProblem, CROSS_RULES, DEFAULTS, OPEN_REQUESTS, REQUESTS, type Utility } from '../rules/utilities.cts';

export interface UtilityRequest {
	params: Record<string, unknown>;
	/** The main input picture (init_image / image_b64 / product_image_b64, or the one its URL gave). */
	image: DecodedImage;
	/** The main picture's bytes as sent (the product's alpha channel matters). */
	bytes: Buffer;
}

export type UtilityValidation = { ok: true; request: UtilityRequest } | { ok: false; errors: err.ValidationIssue[] };

/** Which field holds the main picture, and which field may give its URL instead. */
const IMAGE_FIELDS: Record<Utility, { b64: string; url?: string }> = {
	upscaling: { b64: 'init_image', url: 'init_image_url' },
	'background-removal': { b64: 'init_image', url: 'init_image_url' },
	adetailer: { b64: 'init_image', url: 'init_image_url' },
	segment: { b64: 'image_b64', url: 'image_url' },
	'creative-generator': { b64: 'product_image_b64' },
};

const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10_000;

export async function validateUtility(utility: Utility, body: unknown): Promise<UtilityValidation> {
	if (!isPlainObject(body)) return { ok: false, errors: [err.modelType()] };
	const spec = REQUESTS[utility];
	const input: Record<string, unknown> = { ...body };
	// A single point may be sent as [x, y] instead of [[x, y]].
	for (const key of ['foreground_points', 'background_points']) {
		const value = input[key];
		if (utility === 'segment' && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number')) input[key] = [value];
	}
	const errors: err.ValidationIssue[] = [];
	const pending: PendingImage[] = [];
	const params: Record<string, unknown> = {};
	for (const field of spec.fields) {
		const value = input[field.name];
		if (value === undefined || value === null) {
			if (field.required || (field.presentNullable && value === undefined)) errors.push(err.missing(['body', field.name]));
			continue;
		}
		checkValue(field, value, ['body', field.name], errors, pending);
		params[field.name] = value;
	}
	const known = new Set(spec.fields.map((f) => f.name));
	if (!OPEN_REQUESTS.has(utility)) {
		for (const key of Object.keys(input)) if (!known.has(key)) errors.push(err.extraForbidden(['body', key], `unknown field '${key}'`));
	}
	if (errors.length > 0) return { ok: false, errors };
	for (const rule of CROSS_RULES) if (rule.utility === utility && rule.broken(params)) errors.push(err.valueError(rule.loc, rule.msg));
	if (errors.length > 0) return { ok: false, errors };

	const decoded = await Promise.all(
		pending.map((p) => {
			const bytes = Buffer.from(p.base64, 'base64');
			return decodeImage(bytes).then((image) => ({ image, bytes }), (e: Error) => ({ problem: e.message }));
		}),
	);
	let main: { image: DecodedImage; bytes: Buffer } | undefined;
	const { b64, url } = IMAGE_FIELDS[utility];
	decoded.forEach((result, i) => {
		const { loc } = pending[i];
		if (!('image' in result)) errors.push(err.valueError(loc, `${describeLoc(loc)} ${result.problem}`));
		else if (loc.length === 2 && loc[1] === b64) main = result;
	});
	if (!main && url && typeof params[url] === 'string') {
		const fetched = await download(params[url] as string);
		if ('problem' in fetched) errors.push(err.valueError(['body', url], fetched.problem));
		else main = fetched;
	}
	if (errors.length > 0 || !main) return { ok: false, errors };
	for (const [key, value] of Object.entries(DEFAULTS[utility])) params[key] ??= value;
	if (utility === 'adetailer') {
		const problem = adetailerSizeProblem(params.inpainting_base_model as string, main.image.width, main.image.height);
		if (problem) return { ok: false, errors: [err.valueError(['body', params.init_image ? 'init_image' : 'init_image_url'], problem)] };
	}
	return { ok: true, request: { params, image: main.image, bytes: main.bytes } };
}

/** Downloads an image URL. The emulator never leaves the machine: loopback addresses only. */
async function download(url: string): Promise<{ image: DecodedImage; bytes: Buffer } | { problem: string }> {
	let host: string;
	try {
		host = new URL(url).hostname;
	} catch {
		return { problem: 'the URL cannot be parsed' };
	}
	if (!isLoopbackHost(host)) return { problem: `the emulator downloads from loopback addresses only, not ${host}` };
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'error' });
		if (!response.ok) return { problem: `downloading the image answered ${response.status}` };
		const bytes = Buffer.from(await response.arrayBuffer());
		if (bytes.length > MAX_DOWNLOAD_BYTES) return { problem: 'the downloaded image is larger than 20 MB' };
		return { image: await decodeImage(bytes), bytes };
	} catch (error) {
		return { problem: `the image could not be downloaded or decoded: ${(error as Error).message}` };
	}
}
