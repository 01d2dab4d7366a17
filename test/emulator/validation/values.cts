// Checks one value against its ValueSpec (rules/values.cts), collecting every problem as a 422 issue.
// Shared by the generation validator and the asset-library and fine-tuning routes.
import type { ObjectSpec, Range, ValueSpec } from '../rules/values.cts';
import * as err from './errors.cts';
import { base64Problem } from './images.cts';

/** A syntactically valid base64 image still to be decoded (decoding is async; the caller does it). */
export interface PendingImage {
	loc: err.Loc;
	base64: string;
}

/** Pushes an issue to `errors` for each way `value` breaks `spec`; base64 images go to `pending`. */
export function checkValue(spec: ValueSpec, value: unknown, loc: err.Loc, errors: err.ValidationIssue[], pending: PendingImage[] = []): void {
	switch (spec.type) {
		case 'string':
			if (typeof value !== 'string') errors.push(err.stringType(loc));
			else if (spec.minLength !== undefined && value.length < spec.minLength) errors.push(err.tooShort(loc, spec.minLength));
			else if (spec.maxLength !== undefined && value.length > spec.maxLength) errors.push(err.tooLong(loc, spec.maxLength));
			else if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(value)) errors.push(err.patternMismatch(loc, spec.pattern));
			return;
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(err.numberType(loc));
			else pushRange(loc, value, spec.range, errors);
			return;
		case 'integer':
			if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(err.intType(loc));
			else if (!Number.isInteger(value)) errors.push(err.intFromFloat(loc));
			else pushRange(loc, value, spec.range, errors);
			return;
		case 'boolean':
			if (typeof value !== 'boolean') errors.push(err.boolType(loc));
			return;
		case 'enum':
			if (typeof value !== 'string' || !spec.values.includes(value)) errors.push(err.enumValue(loc, spec.values));
			return;
		case 'image': {
			if (typeof value !== 'string') return void errors.push(err.stringType(loc));
			const problem = base64Problem(value);
			if (problem) errors.push(err.base64Error(loc, `${describeLoc(loc)}: ${problem}`));
			else pending.push({ loc, base64: value });
			return;
		}
		case 'list':
			if (!Array.isArray(value)) return void errors.push(err.listType(loc));
			if (spec.minItems !== undefined && value.length < spec.minItems) errors.push(err.listTooShort(loc, spec.minItems, value.length));
			if (spec.maxItems !== undefined && value.length > spec.maxItems) errors.push(err.listTooLong(loc, spec.maxItems, value.length));
			value.forEach((item, i) => {
				if (item === null && spec.itemsNullable) return;
				checkValue(spec.items, item, [...loc, i], errors, pending);
			});
			return;
		case 'map':
			if (!isPlainObject(value)) return void errors.push(err.dictType(loc));
			for (const [key, item] of Object.entries(value)) {
				if (item === null && spec.valuesNullable) continue;
				checkValue(spec.values, item, [...loc, key], errors, pending);
			}
			return;
		case 'intOrList':
			if (Array.isArray(value)) {
				value.forEach((item, i) => {
					if (item !== null) checkValue(spec.items, item, [...loc, i], errors, pending);
				});
			} else if (typeof value === 'number') {
				checkValue(spec.items, value, loc, errors, pending);
			} else {
				errors.push(err.intOrListType(loc));
			}
			return;
		case 'object':
			if (!isPlainObject(value)) return void errors.push(err.objectType(loc));
			checkFields(spec, value, loc, errors, pending);
			return;
		case 'union': {
			if (!isPlainObject(value)) return void errors.push(err.objectType(loc));
			const tag = value[spec.tag];
			if (tag === undefined || tag === null) return void errors.push(err.unionTagMissing(loc, spec.tag));
			const variant = typeof tag === 'string' && Object.prototype.hasOwnProperty.call(spec.variants, tag) ? spec.variants[tag] : undefined;
			if (!variant) return void errors.push(err.unionTagInvalid(loc, spec.tag, tag, Object.keys(spec.variants)));
			checkFields(variant, value, loc, errors, pending, spec.tag);
			return;
		}
	}
}

function checkFields(
	spec: ObjectSpec,
	value: Record<string, unknown>,
	loc: err.Loc,
	errors: err.ValidationIssue[],
	pending: PendingImage[],
	tag?: string,
): void {
	const known = new Set(spec.fields.map((f) => f.name));
	for (const field of spec.fields) {
		const item = value[field.name];
		if (item === undefined || item === null) {
			if (field.required || (field.presentNullable && item === undefined)) errors.push(err.missing([...loc, field.name]));
			continue;
		}
		checkValue(field, item, [...loc, field.name], errors, pending);
	}
	for (const key of Object.keys(value)) {
		if (!known.has(key) && key !== tag) errors.push(err.extraForbidden([...loc, key], `unknown field '${key}'`));
	}
}

function pushRange(loc: err.Loc, value: number, range: Range | undefined, errors: err.ValidationIssue[]): void {
	const problem = range && err.rangeIssue(loc, value, range);
	if (problem) errors.push(problem);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A loc without its leading `body`, written like a path: `transfer_images.word[0]`. */
export function describeLoc(loc: err.Loc): string {
	return loc.slice(1).map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** A deep copy without null values (which the API treats as absent), for echoing a validated body back. */
export function withoutNulls<T>(value: T): T {
	if (Array.isArray(value)) return value.map(withoutNulls) as T;
	if (!isPlainObject(value)) return value;
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)])) as T;
}
