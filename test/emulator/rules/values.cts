// What a value in a request may look like: the vocabulary both rules tables (generation fields, and the
// asset-library and fine-tuning bodies) are written in. validation/values.cts checks a value against it.

/** Numeric bounds; each one present is checked and named in the error message. */
export interface Range {
	gt?: number;
	ge?: number;
	lt?: number;
	le?: number;
}

/**
 * A field of an object value. `required`: present and not null. `presentNullable`: the export lists
 * the key as required but nullable (pydantic's `Optional[X]` without a default): it must be in the
 * body, and null is a legal value.
 */
export type ObjectField = ValueSpec & { name: string; required?: boolean; presentNullable?: boolean };

/** An object with known fields only (unknown keys are `extra_forbidden`); a null field counts as absent. */
export interface ObjectSpec {
	type: 'object';
	fields: ObjectField[];
}

/** What a value must look like. `image` is a base64 string that decodes to a PNG, JPEG or WebP. */
export type ValueSpec =
	| { type: 'string'; minLength?: number; maxLength?: number; pattern?: string }
	| { type: 'number'; range?: Range }
	| { type: 'integer'; range?: Range }
	| { type: 'boolean' }
	| { type: 'enum'; values: readonly string[] }
	| { type: 'image' }
	| { type: 'list'; items: ValueSpec; itemsNullable?: boolean; minItems?: number; maxItems?: number }
	| { type: 'map'; values: ValueSpec; valuesNullable?: boolean }
	| { type: 'intOrList'; items: ValueSpec & { type: 'integer' } }
	| ObjectSpec
	/** An object whose `tag` field picks which variant's fields apply (the SDK's discriminated unions). */
	| { type: 'union'; tag: string; variants: Record<string, ObjectSpec> };

/** A rule across fields that a value spec cannot state: `broken` tells when a body breaks it, `loc`/`msg` what to say. */
export interface BodyRule {
	loc: string[];
	broken: (body: Record<string, unknown>) => boolean;
	msg: string;
}
