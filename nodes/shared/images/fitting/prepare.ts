import type { IDataObject } from 'n8n-workflow';

import type { EngineSpec, Resolution } from '../../fields/engines';
import { formatImageSize, sameAspect, type ImageSize } from '../image-header';
import { refuseStretchedMask, type SizedImages } from '../image-pairs';
import type { ItemParameters } from '../../fields/item-parameters';
import type { GenerationRequest } from '../../fields/registry';
import { decodeRaster, ENCODED_AS, encodeRaster } from './codec';
import { applyPlacement, fitPlacement, nearestResolution, type Fill } from './fit';
import { jpegOrientation } from './orientation';
import { alphaMask, outpaintMask, outpaintPlacement } from './outpaint';
import { resample, type Raster } from './raster';
import type { PictureSettings } from './settings';

/** What the node did to one image, for the output item's `inputImages`. */
export type Step = IDataObject & { field: string; from?: string; to: string; how: string; sentAs: string };

const MASK_PAD: Fill = { kind: 'colour', rgba: [0, 0, 0, 255] };
const HOW = { crop: 'cropped to fit', pad: 'padded to fit', nearest: 'scaled to the nearest resolution' } as const;

/** An input image decoded, or the error naming the field and item. */
function decodeFor(params: ItemParameters, label: string, bytes: Buffer): Raster {
	try {
		return decodeRaster(bytes);
	} catch (error) {
		throw params.fail(
			`${label}: the image of item ${params.itemIndex} cannot be prepared: ${(error as Error).message}`,
			'Convert it to PNG or JPEG first (e.g. with the Edit Image node), or set Fit Input Image to Stretch (and give a mask image).',
		);
	}
}

/**
 * One image fitted on its own (the video node, Image Tools' Fix Faces): to `target`, or, with Nearest
 * Resolution or no target, to the size in `sizes` nearest its shape. Undefined with Stretch: the image
 * is sent as it is.
 */
export function fitSingleImage(
	params: ItemParameters,
	label: string,
	bytes: Buffer,
	settings: Pick<PictureSettings, 'fit' | 'padFill'>,
	target: ImageSize | undefined,
	sizes: readonly Resolution[],
): { base64: string; size: ImageSize; step: Step } | undefined {
	if (settings.fit === 'stretch') return undefined;
	const raster = decodeFor(params, label, bytes);
	let size = target;
	if (settings.fit === 'nearest' || !size) {
		const [width, height] = nearestResolution(sizes, raster);
		size = { width, height };
	}
	const fitted = applyPlacement(raster, fitPlacement(raster, size, settings.fit), settings.padFill);
	const step = { field: label, from: formatImageSize(raster), to: formatImageSize(size), how: HOW[settings.fit], sentAs: ENCODED_AS };
	return { base64: encodeRaster(fitted).toString('base64'), size, step };
}

/** The images with the sizes a viewer shows: a JPEG whose EXIF orientation is 5 to 8 (turned a quarter) has them swapped. */
function viewedSizes(images: SizedImages): SizedImages {
	const viewed: SizedImages = {};
	for (const [wire, image] of Object.entries(images)) {
		const size = image?.size;
		const turned = size && image.bytes && jpegOrientation(image.bytes) >= 5;
		viewed[wire] = turned ? { ...image, size: { width: size.height, height: size.width } } : image;
	}
	return viewed;
}

/** Refuses a made mask with nothing white: the request would be billed for an unchanged image. */
function refuseEmptyMask(params: ItemParameters, mask: Raster, message: string): void {
	for (let at = 0; at < mask.data.length; at += mask.channels) if (mask.data[at] !== 0) return;
	throw params.fail(message, 'A cut-out with a transparent background is what Mask From the transparency expects; for another image, give a Mask Image.');
}

/**
 * Applies an item's picture settings to its request body: outpainting by distance, a mask from the
 * input image's alpha, a mask of another shape scaled, images fitted to the width and height. Images
 * are decoded only when something is to be done, and replaced in the body by PNGs. Returns what was
 * done (undefined when nothing was: the request is then exactly as without these settings).
 */
export function prepareImages(
	params: ItemParameters,
	engine: EngineSpec,
	body: GenerationRequest,
	images: SizedImages,
	settings: PictureSettings,
): Step[] | undefined {
	const steps: Step[] = [];
	const decode = (wire: keyof SizedImages): Raster => decodeFor(params, images[wire]!.label, images[wire]!.bytes!);
	const send = (wire: 'init_image' | 'mask_image' | 'controlnet_image', raster: Raster) => {
		body[wire] = encodeRaster(raster).toString('base64');
	};
	const init = images.init_image;

	if (settings.extension && init) {
		const raster = decode('init_image');
		const placement = outpaintPlacement(raster, settings.extension, engine.resolutions);
		send('init_image', applyPlacement(raster, placement, settings.extension.fill));
		send('mask_image', outpaintMask(placement));
		[body.width, body.height] = [placement.canvas.width, placement.canvas.height];
		const { left, top, scaled } = placement;
		steps.push({ field: init.label, from: formatImageSize(raster), to: formatImageSize(placement.canvas), how: 'extended for outpainting', imageAt: { left, top, ...scaled }, sentAs: ENCODED_AS });
		steps.push({ field: params.label('maskImage'), to: formatImageSize(placement.canvas), how: 'made from the extended area', sentAs: ENCODED_AS });
		return steps;
	}

	const initRaster = init && (settings.fit !== 'stretch' || settings.maskSource !== 'image') ? decode('init_image') : undefined;
	// The decoder turns a JPEG as its EXIF orientation says: when images are decoded, the mask's shape
	// is checked against the turned sizes, as the pixels will be placed.
	const decodes = settings.fit !== 'stretch' || settings.maskSource !== 'image' || settings.scaleMask;
	const sized = decodes ? viewedSizes(images) : images;
	const initSize = sized.init_image?.size;
	const maskSize = sized.mask_image?.size;
	let mask: Raster | undefined;
	if (settings.maskSource !== 'image' && initRaster) {
		mask = alphaMask(initRaster, settings.maskSource === 'transparent');
		refuseEmptyMask(params, mask, `${params.label('maskSource')}: the ${init!.label} of item ${params.itemIndex} has no ${settings.maskSource} area to repaint`);
		steps.push({ field: params.label('maskImage'), to: formatImageSize(initRaster), how: `made from the ${settings.maskSource} area of the ${init!.label}`, sentAs: ENCODED_AS });
	} else if (images.mask_image && initSize && maskSize && !sameAspect(initSize, maskSize) && settings.scaleMask) {
		const given = decode('mask_image');
		const size = initRaster ?? initSize;
		mask = resample(given, { left: 0, top: 0, width: given.width, height: given.height }, size.width, size.height);
		steps.push({ field: images.mask_image.label, from: formatImageSize(given), to: formatImageSize(size), how: 'scaled to the input image', sentAs: ENCODED_AS });
	} else {
		refuseStretchedMask(params, sized);
		if (images.mask_image && settings.fit !== 'stretch') mask = decode('mask_image');
	}

	if (settings.fit === 'stretch') {
		if (mask) send('mask_image', mask);
		return steps.length > 0 ? steps : undefined;
	}
	const control = images.controlnet_image;
	const basis = initRaster ?? (control ? decode('controlnet_image') : undefined);
	if (!basis) return steps.length > 0 ? steps : undefined;
	let target: ImageSize = { width: body.width ?? basis.width, height: body.height ?? basis.height };
	if (settings.fit === 'nearest') {
		const [width, height] = nearestResolution(engine.resolutions, basis);
		target = { width, height };
		[body.width, body.height] = [width, height];
	}
	const fit = (label: string, raster: Raster, fill: Fill): Raster => {
		steps.push({ field: label, from: formatImageSize(raster), to: formatImageSize(target), how: HOW[settings.fit as keyof typeof HOW], sentAs: ENCODED_AS });
		return applyPlacement(raster, fitPlacement(raster, target, settings.fit), fill);
	};
	if (initRaster) send('init_image', fit(init!.label, initRaster, settings.padFill));
	if (mask) send('mask_image', fit(images.mask_image?.label ?? params.label('maskImage'), mask, MASK_PAD));
	if (control) send('controlnet_image', fit(control.label, init ? decode('controlnet_image') : basis, settings.padFill));
	return steps;
}
