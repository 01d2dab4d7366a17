import type { IExecuteFunctions } from 'n8n-workflow';

import { readChoice, type Choices } from '../../fields/choice-parameter';
import type { EngineSpec } from '../../fields/engines';
import type { ItemParameters } from '../../fields/item-parameters';
import { readNumber } from '../../fields/number-parameter';
import { quote } from '../../messages/quote';
import type { GenerationMode } from '../../fields/registry/modes';
import type { Fill, FitMode } from './fit';
import type { Extension } from './outpaint';
import { CANVAS_SOURCES, EXTEND_SIDES, EXTEND_UNITS, FILL_CHOICES, FIT_CHOICES, MASK_SCALING, MASK_SOURCES, MAX_EXTEND } from './properties';

/** One item's choices for its input pictures (fitting/properties.ts), read and checked. */
export interface PictureSettings {
	fit: FitMode;
	padFill: Fill;
	/** Where the inpainting mask comes from: the Mask Image field, or the input image's alpha. */
	maskSource: 'image' | 'transparent' | 'opaque';
	scaleMask: boolean;
	/** Outpainting by distance: how far, and what fills the new area. */
	extension?: Extension & { fill: Fill };
}

/** Whether the node makes the mask itself, so the Mask Image field is not read. */
export function buildsMask(settings: PictureSettings): boolean {
	return settings.maskSource !== 'image' || settings.extension !== undefined;
}

/** Fit Input Image and its padding, from the Options collection (every node that fits images has them). */
export function readFitSettings(ctx: IExecuteFunctions, params: ItemParameters): Pick<PictureSettings, 'fit' | 'padFill'> {
	const read = (name: string, choices: Choices, fallback: string) =>
		readChoice(ctx, params.itemIndex, `options.${name}`, params.label(name, 'options'), choices, fallback) as string;
	const fit = read('fitInputImage', FIT_CHOICES, 'stretch') as FitMode;
	if (fit !== 'pad' || read('padWith', FILL_CHOICES, 'edge') !== 'colour') return { fit, padFill: { kind: 'edge' } };
	return { fit, padFill: { kind: 'colour', rgba: readColour(ctx, params, 'options.padColour', params.label('padColour', 'options'), '#000000') } };
}

export function readPictureSettings(ctx: IExecuteFunctions, params: ItemParameters, engine: EngineSpec, mode: GenerationMode): PictureSettings {
	const { itemIndex } = params;
	const choice = <T extends string>(path: string, name: string, collection: string | undefined, choices: Choices, fallback: T) =>
		readChoice(ctx, itemIndex, path, params.label(name, collection), choices, fallback) as T;
	const settings: PictureSettings = { ...readFitSettings(ctx, params), maskSource: 'image', scaleMask: false };
	if (!engine.capabilities.has('mask')) return settings;
	settings.scaleMask = choice<string>('options.maskScaling', 'maskScaling', 'options', MASK_SCALING, 'refuse') === 'scale';
	if (mode === 'inpainting') settings.maskSource = choice('maskSource', 'maskSource', undefined, MASK_SOURCES, 'image');
	if (mode === 'outpainting' && choice<string>('outpaintCanvas', 'outpaintCanvas', undefined, CANVAS_SOURCES, 'mask') === 'extend') {
		settings.extension = readExtension(ctx, params);
	}
	return settings;
}

function readExtension(ctx: IExecuteFunctions, params: ItemParameters): Extension & { fill: Fill } {
	const { itemIndex } = params;
	const unit = readChoice(ctx, itemIndex, 'extendUnit', params.label('extendUnit'), EXTEND_UNITS, 'percent') as Extension['unit'];
	const limit = { min: 0, max: MAX_EXTEND[unit] };
	const [left, right, top, bottom] = EXTEND_SIDES.map(([name]) => readNumber(ctx, itemIndex, name, params.label(name), limit, 25));
	if (left + right + top + bottom === 0) {
		throw params.fail(
			`${EXTEND_SIDES.map(([, label]) => label).join(', ')} are all 0: there is nothing to outpaint`,
			'Give how far to extend at least one side of the image.',
		);
	}
	const fillKind = readChoice(ctx, itemIndex, 'extendFill', params.label('extendFill'), FILL_CHOICES, 'edge');
	const fill: Fill = fillKind === 'colour' ? { kind: 'colour', rgba: readColour(ctx, params, 'extendColour', params.label('extendColour'), '#808080') } : { kind: 'edge' };
	return { left, right, top, bottom, unit, fill };
}

/** A colour field ("#rrggbb", or n8n's "rgb(r, g, b)" / "rgba(...)") as opaque RGBA. */
function readColour(ctx: IExecuteFunctions, params: ItemParameters, path: string, label: string, fallback: string): number[] {
	const value = ctx.getNodeParameter(path, params.itemIndex, fallback);
	const text = typeof value === 'string' ? value.trim() : '';
	const hex = /^#?([0-9a-f]{6})$/i.exec(text)?.[1];
	if (hex) return [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16)).concat(255);
	const rgb = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+\s*)?\)$/i.exec(text);
	if (rgb && rgb.slice(1, 4).every((part) => Number(part) <= 255)) return rgb.slice(1, 4).map(Number).concat(255);
	throw params.fail(`${label} (${quote(value)}) is not a colour`, 'Give a colour as #rrggbb, e.g. #808080.');
}
