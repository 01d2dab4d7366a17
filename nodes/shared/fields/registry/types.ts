import type { INodeProperties } from 'n8n-workflow';

import type { Capability } from '../engines';
import type { GenerationMode } from './modes';
import type { WireKey } from './generation-body';
import type { NumberLimit } from './values';

export type { GenerationRequest, WireKey } from './generation-body';

/**
 * What the API takes for a field: the kinds of request field, each with one editor builder
 * (editor/row-property.ts), one reader (fields/row-value.ts, or the engine's readers by `read`) and
 * one local check (its limits here; fields/schema.ts for the engines' bodies).
 */
export type FieldValue =
	| { type: 'text'; maxLength?: number }
	/** Without a limit where the service states none. */
	| { type: 'number'; limit?: NumberLimit; precision?: number }
	| { type: 'boolean' }
	/**
	 * One of the API's ids: shown by the shared readable names, or by `names` where the row spells its
	 * own; `notes` adds a word to some values' names; `what` names the list in errors ("samplers").
	 */
	| { type: 'enum'; values: readonly string[]; names?: Readonly<Record<string, string>>; notes?: Readonly<Record<string, string>>; what?: string }
	/** The name of an asset or ControlNet. */
	| { type: 'name' }
	/** A base64-encoded PNG, JPEG or WebP. */
	| { type: 'image' }
	/**
	 * One seed, or one per image: "42" or "1, 2, 3". `unwrapOne`: a list of one seed from an expression
	 * ([5]) goes out as that seed, as Image Tools always sent it; elsewhere it stays a list of one.
	 */
	| { type: 'seed'; limit: NumberLimit; unwrapOne?: boolean }
	/**
	 * A map from names (assets, trigger words) to weights, trigger words or lists of images; typed as
	 * a JSON object ({"octoai:add-detail": 0.5}) unless the row reads it as a list of `pairs`.
	 */
	| { type: 'nameMap'; of: 'number' | 'text' | 'images' }
	/** `count` comma-separated whole numbers; `corners` sends four as ((left, top), (right, bottom)). */
	| { type: 'integers'; count: number; limit?: NumberLimit; corners?: boolean }
	/** "x, y" points separated by semicolons: "120, 40; 300, 80". */
	| { type: 'points' }
	/**
	 * A size table: "WIDTHxHEIGHT" from `sizes`, sent as `width` and `height`; `auto` is a first
	 * choice that leaves both out for the service to pick.
	 */
	| { type: 'size'; sizes: readonly string[]; auto?: { name: string; description: string } };

/**
 * How an engine node reads the field for one item (rows of other endpoints are read by their value's
 * kind): `prompt` text checked for weighting syntax; `value` the field as it is; `asset` an asset
 * picker or a typed name; `image` a binary field (or binary object) sent as base64; `pairs` a list of
 * name → value rows; `seed` "42" or "1, 2, 3"; `photos` trigger words with binary fields; `mode`
 * implied by the mode; `size` the resolution dropdown or a custom width/height; `controlnet` a public
 * ControlNet or a typed name.
 */
export type ReadKind = 'prompt' | 'value' | 'asset' | 'image' | 'pairs' | 'seed' | 'photos' | 'mode' | 'size' | 'controlnet';

/**
 * Where the parameter sits: `options` inside the Options collection (sent only when added, unless
 * `sendDefault`); `main` a top-level field of a utility or the video node; an engine node's
 * top-level fields come in groups, in editor order.
 */
export type Place = 'prompt' | 'input' | 'controlnet' | 'size' | 'generation' | 'assets' | 'main' | 'options';

/** The asset kinds an engine node lets users pick, as the asset library names them. */
export type PickableAssetType = 'checkpoint' | 'lora' | 'textual_inversion' | 'vae';

/**
 * One API request field and the node parameter that sets it: the one row shape of every endpoint the
 * nodes call (engines here in the registry, Stable Video Diffusion in video/fields.ts, the media
 * utilities in the Image Tools node). The editor field, the item reader, the local check, the request
 * body and the output's parameter echo all follow from it.
 */
export interface FieldRow<Wire extends string = string> {
	/** The wire key (snake_case, as the API spells it); a size table sends `width` and `height` instead. */
	wire: Wire;
	/** The node parameter's name (inside Options when `place` is `options`). */
	param: string;
	place: Place;
	label: string;
	value: FieldValue;
	/** Engine rows: how the item reader takes it; others are read by their value's kind. */
	read?: ReadKind;
	/** The field's default in the editor, and what the node sends when `sendDefault` and the user sets nothing. */
	default?: string | number | boolean;
	/** Send `default` when the option is not set (the node's choice where it differs from the API's). */
	sendDefault?: boolean;
	/** Engine rows: the modes that show and send the field; absent means every mode. */
	modes?: readonly GenerationMode[];
	/** Engine rows: the engine capability the field needs; absent means every engine takes it. */
	needs?: Capability;
	/** Required wherever the endpoint takes it. */
	required?: boolean;
	description: string;
	placeholder?: string;
	/** Shown only when other parameters have these values (Size By, Select By). */
	show?: Readonly<Record<string, ReadonlyArray<string | boolean>>>;
	/** Other fields' values that hide this one: the node builds the image itself (images/fitting/properties.ts). */
	hiddenBy?: Readonly<Record<string, readonly string[]>>;
	/** Text rows of a prompt field. */
	rows?: number;
	/** Asset pickers: which kind of asset they list. */
	asset?: PickableAssetType;
	/** `pairs`: one row's label and the field beside the name (a LoRA's weight, an inversion's trigger word). */
	entry?: { label: string; valueField: INodeProperties };
}

/** An engine row's value: the generation API states a limit for every number. */
export type EngineValue = Exclude<FieldValue, { type: 'number' }> | { type: 'number'; limit: NumberLimit; precision?: number };

/** An engine row: a field of `POST /generate/{engine}`, always with its reader. */
export type EngineRow = Omit<FieldRow<WireKey>, 'value'> & { value: EngineValue; read: ReadKind };
