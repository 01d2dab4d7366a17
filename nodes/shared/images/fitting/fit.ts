import type { Resolution } from '../../fields/engines';
import type { ImageSize } from '../image-header';
import { placeOnCanvas, resample, type Raster, type Region } from './raster';

/**
 * How an input image of another shape than the output is made to fit it. `stretch` is what the
 * service does on its own (the image is sent as it is).
 */
export type FitMode = 'stretch' | 'crop' | 'pad' | 'nearest';

/** What fills the uncovered area of a padded canvas: the image's edge pixels repeated, or one colour. */
export type Fill = { kind: 'edge' } | { kind: 'colour'; rgba: readonly number[] };

/** Where a fitted image comes from in the source, and where its scaled copy lands on the canvas. */
export interface Placement {
	source: Region;
	scaled: ImageSize;
	left: number;
	top: number;
	canvas: ImageSize;
}

/**
 * The placement of a source of one size on a target: Crop (and Nearest Resolution, whose target is
 * already close to the photo's aspect) scales to cover the target and cuts the overflow evenly from
 * both sides; Pad scales to fit inside and centres; Stretch scales each axis on its own.
 */
export function fitPlacement(source: ImageSize, target: ImageSize, mode: FitMode): Placement {
	const whole = { left: 0, top: 0, width: source.width, height: source.height };
	if (mode === 'stretch') return { source: whole, scaled: target, left: 0, top: 0, canvas: target };
	const sx = target.width / source.width;
	const sy = target.height / source.height;
	if (mode === 'pad') {
		const scale = Math.min(sx, sy);
		const width = Math.min(target.width, Math.max(1, Math.round(source.width * scale)));
		const height = Math.min(target.height, Math.max(1, Math.round(source.height * scale)));
		const left = Math.floor((target.width - width) / 2);
		const top = Math.floor((target.height - height) / 2);
		return { source: whole, scaled: { width, height }, left, top, canvas: target };
	}
	const scale = Math.max(sx, sy);
	const width = target.width / scale;
	const height = target.height / scale;
	const region = { left: (source.width - width) / 2, top: (source.height - height) / 2, width, height };
	return { source: region, scaled: target, left: 0, top: 0, canvas: target };
}

/** The raster placed as `placement` says; an uncovered area gets `fill`. */
export function applyPlacement(raster: Raster, placement: Placement, fill: Fill): Raster {
	const { source, scaled, canvas, left, top } = placement;
	const inner = resample(raster, source, scaled.width, scaled.height);
	if (scaled.width === canvas.width && scaled.height === canvas.height) return inner;
	return placeOnCanvas(inner, canvas.width, canvas.height, left, top, fill.kind === 'colour' ? fill.rgba : undefined);
}

/**
 * The engine's supported resolution whose aspect ratio is closest to the image's; between sizes of the
 * same aspect (SD 1.5 has 768x512 and 1536x1024), the one whose pixel count is closest to the image's.
 */
export function nearestResolution(resolutions: readonly Resolution[], size: ImageSize): Resolution {
	const aspect = Math.log(size.width / size.height);
	const area = Math.log(size.width * size.height);
	const score = ([w, h]: Resolution) => [Math.abs(Math.log(w / h) - aspect), Math.abs(Math.log(w * h) - area)];
	let best = resolutions[0];
	let [bestAspect, bestArea] = score(best);
	for (const candidate of resolutions) {
		const [distance, areaDistance] = score(candidate);
		if (distance < bestAspect - 1e-9 || (Math.abs(distance - bestAspect) <= 1e-9 && areaDistance < bestArea)) {
			best = candidate;
			[bestAspect, bestArea] = [distance, areaDistance];
		}
	}
	return best;
}
