import type { INodeProperties } from 'n8n-workflow';

import type { EngineSpec } from '../../fields/engines';

/**
 * The editor fields that prepare input pictures (fitting/prepare.ts reads them). They are not request
 * fields: they change the images (and the width and height) the request sends. Every default keeps
 * what the node did before they existed: images sent as they are, the mask from the Mask Image field.
 */

export const FIT_CHOICES = [
	{ name: 'Stretch', value: 'stretch', description: 'Send the image as it is; OctoAI stretches it to the width and height' },
	{ name: 'Crop to Fit', value: 'crop', description: 'Scale to cover the width and height and cut the overflow evenly from both sides' },
	{ name: 'Pad to Fit', value: 'pad', description: 'Scale to fit inside the width and height and fill the rest (see Pad With)' },
	{
		name: 'Nearest Resolution',
		value: 'nearest',
		description: "Use the engine's supported resolution closest to the image's aspect ratio as width and height, and scale (and crop the last few pixels) to it",
	},
] as const;

export const FILL_CHOICES = [
	{ name: 'Edge Pixels', value: 'edge', description: "Repeat the image's outermost pixels outwards" },
	{ name: 'Colour', value: 'colour', description: 'One colour' },
] as const;

export const MASK_SOURCES = [
	{ name: 'Mask Image', value: 'image', description: 'A separate image: white is repainted, black kept' },
	{ name: "Input Image's Transparent Area", value: 'transparent', description: "Repaint where the input image is transparent (a cut-out's background)" },
	{ name: "Input Image's Opaque Area", value: 'opaque', description: 'Repaint where the input image is opaque (the cut-out subject itself)' },
] as const;

export const MASK_SCALING = [
	{ name: 'Refuse', value: 'refuse', description: 'Stop with an error: the mask would be stretched over the image' },
	{ name: 'Scale to the Input Image', value: 'scale', description: "Stretch the mask to the input image's size first" },
] as const;

export const CANVAS_SOURCES = [
	{ name: 'My Canvas and Mask', value: 'mask', description: 'The input image is already the larger canvas; the mask marks its new area' },
	{ name: 'Extend by Distance', value: 'extend', description: 'Give how far to extend each side; the node builds the canvas and mask' },
] as const;

export const EXTEND_UNITS = [
	{ name: 'Percent', value: 'percent', description: "Of the image's width (left, right) or height (top, bottom)" },
	{ name: 'Pixels', value: 'pixels', description: "Pixels of the input image as it is" },
] as const;

export const EXTEND_SIDES = [
	['extendLeft', 'Extend Left'],
	['extendRight', 'Extend Right'],
	['extendTop', 'Extend Top'],
	['extendBottom', 'Extend Bottom'],
] as const;

/** The largest extension of one side: 400% or 16,384 pixels (a canvas must still be decodable). */
export const MAX_EXTEND = { percent: 400, pixels: 16_384 } as const;

/** Top-level fields in the input group: where the inpainting mask comes from, and the outpainting canvas. */
export function pictureInputProperties(engine: EngineSpec): INodeProperties[] {
	if (!engine.capabilities.has('mask')) return [];
	const properties: INodeProperties[] = [
		{
			displayName: 'Mask From',
			name: 'maskSource',
			type: 'options',
			options: [...MASK_SOURCES],
			default: 'image',
			description: 'Where the inpainting mask comes from',
			displayOptions: { show: { mode: ['inpainting'] } },
		},
	];
	if (!engine.capabilities.has('classicSd')) return properties;
	const extending = { show: { mode: ['outpainting'], outpaintCanvas: ['extend'] } };
	return [
		...properties,
		{
			displayName: 'Canvas',
			name: 'outpaintCanvas',
			type: 'options',
			options: [...CANVAS_SOURCES],
			default: 'mask',
			description: 'How the larger canvas and the mask of its new area are made',
			displayOptions: { show: { mode: ['outpainting'] } },
		},
		{
			displayName: 'Extend By',
			name: 'extendUnit',
			type: 'options',
			options: [...EXTEND_UNITS],
			default: 'percent',
			displayOptions: extending,
		},
		...EXTEND_SIDES.map(([name, displayName]): INodeProperties => ({
			displayName,
			name,
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 25,
			description: `How far to extend the image on this side, in the unit of Extend By (at most ${MAX_EXTEND.percent}% or ${MAX_EXTEND.pixels} pixels)`,
			displayOptions: extending,
		})),
		{
			displayName: 'Fill New Area With',
			name: 'extendFill',
			type: 'options',
			options: [...FILL_CHOICES],
			default: 'edge',
			description: 'What the new area holds before the engine paints it: a start that matches the edges usually blends best',
			displayOptions: extending,
		},
		{
			displayName: 'Fill Colour',
			name: 'extendColour',
			type: 'color',
			default: '#808080',
			displayOptions: { show: { ...extending.show, extendFill: ['colour'] } },
		},
	];
}

/**
 * Fit Input Image and its padding, for an Options collection. `fitTo` says what the image is fitted to
 * on this node (the engines: the width and height).
 */
export function fitOptions(fitTo = 'the width and height'): INodeProperties[] {
	return [
		{
			displayName: 'Fit Input Image',
			name: 'fitInputImage',
			type: 'options',
			options: [...FIT_CHOICES],
			default: 'stretch',
			description: `How an input image of another shape than ${fitTo} is fitted to it (PNG, JPEG or still WebP; a fitted image is sent as PNG)`,
		},
		{
			displayName: 'Pad With',
			name: 'padWith',
			type: 'options',
			options: [...FILL_CHOICES],
			default: 'edge',
			description: 'What fills the rest of the canvas when Fit Input Image is Pad to Fit (a mask is padded with black: kept)',
			displayOptions: { show: { fitInputImage: ['pad'] } },
		},
		{
			displayName: 'Pad Colour',
			name: 'padColour',
			type: 'color',
			default: '#000000',
			displayOptions: { show: { fitInputImage: ['pad'], padWith: ['colour'] } },
		},
	];
}

/** Entries of an engine's Options collection: fitting input, mask and control images, and masks of another shape. */
export function pictureOptions(engine: EngineSpec): INodeProperties[] {
	const options = fitOptions();
	if (!engine.capabilities.has('mask')) return options;
	return [
		...options,
		{
			displayName: 'Mask of Another Shape',
			name: 'maskScaling',
			type: 'options',
			options: [...MASK_SCALING],
			default: 'refuse',
			description: 'What happens when the mask image has another aspect ratio than the input image',
		},
	];
}
