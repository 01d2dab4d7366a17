import type { NumberLimit } from '../../../shared/fields/registry/values';

/** The operations of the Image Tools node, each one media-utility endpoint. */
export type Operation = 'upscale' | 'removeBackground' | 'fixFaces' | 'segment' | 'productScene';

/** How a field's value looks in the editor and on the wire. */
export type RowValue =
	| { type: 'string'; maxLength?: number; rows?: number }
	| { type: 'number'; limit?: NumberLimit; precision?: number }
	| { type: 'boolean' }
	| { type: 'options'; values: ReadonlyArray<string | { name: string; value: string }> }
	/** One seed, or a comma-separated list (one per image); each 1 to 2^32 - 1. */
	| { type: 'seed' }
	/** A JSON object of names to numeric weights, e.g. {"octoai:add-detail": 0.5}. */
	| { type: 'weights' }
	/** Comma-separated whole numbers, `count` of them, e.g. a box "left, top, right, bottom". */
	| { type: 'integers'; count: number; limit?: NumberLimit }
	/** "x, y" points separated by semicolons: "120, 40; 300, 80". */
	| { type: 'points' }
	/** "WIDTHxHEIGHT" from a table, sent as `width` and `height`. */
	| { type: 'size'; sizes: readonly string[] };

/**
 * One request field of one utility, shaped like the generation registry's rows
 * (nodes/shared/fields/registry) but keyed by operation instead of engine capability and mode: its wire key, the node parameter that holds it, where it shows
 * (a top-level field, or inside Options), its label, value, default and description. The editor's
 * fields, the item reader and the local checks all come from these rows.
 */
export interface FieldRow {
	wire: string;
	param: string;
	op: Operation;
	place: 'main' | 'options';
	label: string;
	value: RowValue;
	/** The editor's default; for Options rows the service's own default, shown and sent only when added. */
	default: string | number | boolean;
	description: string;
	required?: boolean;
	/** Shown only when other parameters of the operation have these values. */
	show?: Record<string, Array<string | boolean>>;
	placeholder?: string;
}
