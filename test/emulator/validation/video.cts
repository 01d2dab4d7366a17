// Validates a POST /generate/svd body against the SVD rules table (rules/video.cts): every field's type
// and range, unknown keys refused, the size pair, the seed list length, and a decodable input image.
import { SVD_FIELDS, SVD_REQUEST, SVD_RESOLUTIONS, type VideoParams } from '../rules/video.cts';
import * as err from './errors.cts';
import { decodeImage, type DecodedImage } from './images.cts';
import { checkValue, describeLoc, isPlainObject, type PendingImage } from './values.cts';

export interface VideoRequest {
	params: VideoParams;
	image: DecodedImage;
}

export type VideoValidation = { ok: true; request: VideoRequest } | { ok: false; errors: err.ValidationIssue[] };

export async function validateVideoRequest(body: unknown): Promise<VideoValidation> {
	if (!isPlainObject(body)) return { ok: false, errors: [err.modelType()] };
	const errors: err.ValidationIssue[] = [];
	const pending: PendingImage[] = [];
	checkValue(SVD_REQUEST, body, ['body'], errors, pending);
	const failed = new Set(errors.map((e) => e.loc[1]));

	const params: Record<string, unknown> = {};
	for (const field of SVD_FIELDS) {
		if (field.name === 'image') continue;
		const value = body[field.name];
		params[field.name] = value === undefined || value === null ? field.default : value;
	}

	const hasWidth = params.width !== undefined;
	const hasHeight = params.height !== undefined;
	if (hasWidth !== hasHeight) {
		errors.push(err.valueError(['body', hasWidth ? 'height' : 'width'], 'width and height must be given together, or both left out to follow the image'));
	} else if (hasWidth && !failed.has('width') && !failed.has('height')) {
		const supported = SVD_RESOLUTIONS.some(([w, h]) => w === params.width && h === params.height);
		if (!supported) {
			const list = SVD_RESOLUTIONS.map(([w, h]) => `${w}x${h}`).join(', ');
			errors.push(err.valueError(['body', 'width'], `${String(params.width)}x${String(params.height)} is not a supported size; use one of ${list}`));
		}
	}

	const seed = params.seed;
	if (Array.isArray(seed) && !failed.has('seed') && !failed.has('num_videos') && seed.length !== params.num_videos) {
		errors.push(err.valueError(['body', 'seed'], `a seed list must have exactly num_videos (${String(params.num_videos)}) entries; it has ${seed.length}`));
	}

	let image: DecodedImage | undefined;
	if (pending.length === 1) {
		try {
			image = await decodeImage(Buffer.from(pending[0].base64, 'base64'));
		} catch (error) {
			errors.push(err.valueError(pending[0].loc, `${describeLoc(pending[0].loc)} ${(error as Error).message}`));
		}
	}
	if (errors.length > 0 || !image) return { ok: false, errors };
	if (!hasWidth) [params.width, params.height] = nearestResolution(image.width, image.height);
	return { ok: true, request: { params: params as unknown as VideoParams, image } };
}

/** The supported size whose shape (aspect ratio, compared on a log scale) is closest to the image's. */
export function nearestResolution(width: number, height: number): readonly [number, number] {
	const shape = (w: number, h: number) => Math.log(w / h);
	const target = shape(width, height);
	let best = SVD_RESOLUTIONS[0];
	for (const pair of SVD_RESOLUTIONS) {
		if (Math.abs(shape(...pair) - target) < Math.abs(shape(...best) - target)) best = pair;
	}
	return best;
}
