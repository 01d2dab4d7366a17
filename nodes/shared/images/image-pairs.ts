import { formatImageSize, sameAspect, type ImageSize } from './image-header';
import type { ItemParameters } from '../fields/item-parameters';

/** An item's single input images by wire name (init_image, mask_image, controlnet_image), with their bytes for fitting/prepare.ts. */
export type SizedImages = Record<string, { label: string; size?: ImageSize; bytes?: Buffer } | undefined>;

/**
 * Refuses a mask whose aspect ratio differs from the init image's. The service resizes both to the
 * output Width x Height on its own, so a mask of another shape would be stretched over the image and
 * repaint other areas than the ones it marks. A mask of the same shape at another scale is fine.
 * (An init or control image of another shape than the output is stretched too; that one is taken
 * as chosen, and the README says so.)
 */
export function refuseStretchedMask(params: ItemParameters, images: SizedImages): void {
	const init = images.init_image;
	const mask = images.mask_image;
	if (!init?.size || !mask?.size || sameAspect(init.size, mask.size)) return;
	throw params.fail(
		`${mask.label}: the mask of item ${params.itemIndex} is ${formatImageSize(mask.size)}, a different shape from the ${init.label} (${formatImageSize(init.size)}); it would be stretched over the image`,
		'Give a mask with the same aspect ratio as the image (the same size is simplest): it marks the areas to repaint pixel for pixel.',
	);
}
