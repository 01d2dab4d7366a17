import type { INodeProperties } from 'n8n-workflow';

import type { Capability } from '../engines';
import type { GenerationMode } from './modes';
import type { WireKey } from './generation-body';
import type { NumberLimit } from './values';

export type { GenerationRequest, WireKey } from './generation-body';

/** What the API takes for the field. */
export type FieldValue =
	| { type: 'text'; maxLength?: number }
	| { type: 'number'; limit: NumberLimit; precision?: number }
	| { type: 'boolean' }
	| { type: 'enum'; values: readonly string[]; what: string }
	/** The name of an asset or ControlNet. */
	| { type: 'name' }
	/** A base64-encoded PNG, JPEG or WebP. */
	| { type: 'image' }
	/** One seed, or one per image. */
	| { type: 'seed'; limit: NumberLimit }
	/** A map from names (assets, trigger words) to weights, trigger words or lists of images. */
	| { type: 'nameMap'; of: 'number' | 'text' | 'images' };

/**
 * How the node reads the field for one item:
 * `prompt` text checked for weighting syntax; `value` the field as it is; `asset` an asset picker or a
 * typed name; `image` a binary field (or binary object) sent as base64; `pairs` a list of name → value
 * rows; `seed` "42" or "1, 2, 3"; `photos` trigger words with binary fields; `mode` implied by the
 * mode; `size` the resolution dropdown or a custom width/height; `controlnet` a public ControlNet or
 * a typed name.
 */
export type ReadKind = 'prompt' | 'value' | 'asset' | 'image' | 'pairs' | 'seed' | 'photos' | 'mode' | 'size' | 'controlnet';

/** Where the parameter sits: a group of top-level fields (in editor order), or the Options collection. */
export type Place = 'prompt' | 'input' | 'controlnet' | 'size' | 'generation' | 'assets' | 'options';

/** The asset kinds an engine node lets users pick, as the asset library names them. */
export type PickableAssetType = 'checkpoint' | 'lora' | 'textual_inversion' | 'vae';

/** One API request field and the node parameter that sets it. */
export interface FieldRow {
	/** The wire key (snake_case, as the API spells it). */
	wire: WireKey;
	/** The node parameter's name (inside Options when `place` is `options`). */
	param: string;
	place: Place;
	/** The modes that show and send the field; absent means every mode. */
	modes?: readonly GenerationMode[];
	label: string;
	value: FieldValue;
	read: ReadKind;
	/** The field's default in the editor, and what the node sends when `sendDefault` and the user sets nothing. */
	default?: string | number | boolean;
	/** Send `default` when the option is not set (the node's choice where it differs from the API's). */
	sendDefault?: boolean;
	/** The engine capability the field needs; absent means every engine takes it. */
	needs?: Capability;
	/** Required wherever the engine takes it. */
	required?: boolean;
	description: string;
	placeholder?: string;
	/** Other fields' values that hide this one: the node builds the image itself (picture/properties.ts). */
	hiddenBy?: Readonly<Record<string, readonly string[]>>;
	/** Text rows of a prompt field. */
	rows?: number;
	/** Asset pickers: which kind of asset they list. */
	asset?: PickableAssetType;
	/** `pairs`: one row's label and the field beside the name (a LoRA's weight, an inversion's trigger word). */
	entry?: { label: string; valueField: INodeProperties };
}
