import type { WireKey } from './generation-body';

/**
 * The generation modes. The API has one endpoint for all of them and tells them apart by the fields
 * present (reference, Part A "Modes"), so a mode is offered on an engine exactly when the engine
 * takes every field the mode sends.
 */
export const MODES = [
	{ value: 'textToImage', name: 'Text to Image', description: 'Generate from the prompt alone', sends: [] },
	{ value: 'imageToImage', name: 'Image to Image', description: 'Start from an input image', sends: ['init_image', 'strength'] },
	{ value: 'inpainting', name: 'Inpainting', description: 'Repaint the white area of a mask', sends: ['init_image', 'mask_image'] },
	{
		value: 'outpainting',
		name: 'Outpainting',
		description: 'Fill the new area of a larger canvas marked white in a mask',
		sends: ['init_image', 'mask_image', 'outpainting'],
	},
	{
		value: 'photoMerge',
		name: 'Photo Merge',
		description: 'Put a subject from your photos into the image through a trigger word',
		sends: ['transfer_images'],
	},
] as const satisfies ReadonlyArray<{ value: string; name: string; description: string; sends: readonly WireKey[] }>;

export type GenerationMode = (typeof MODES)[number]['value'];

export const DEFAULT_MODE: GenerationMode = 'textToImage';

export function modeName(mode: string): string {
	return MODES.find((m) => m.value === mode)?.name ?? mode;
}
