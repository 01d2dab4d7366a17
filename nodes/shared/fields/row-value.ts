import type { IDataObject } from 'n8n-workflow';

import { quote } from '../messages/quote';
import type { ItemParameters } from './item-parameters';
import type { FieldRow } from './registry';
import { describeLimit, describeMaxLength, numberFromText, withinLimit, type NumberLimit } from './registry/values';
import { allowedValues, rowOptions } from './row-options';

/** How the caller words a refusal of the row's value: `why` is e.g. '(12) must be at most 10', naming the value; `hint` says what to do. */
export type RowFailure = (why: string, hint?: string) => Error;

const ANY_NUMBER: NumberLimit = { min: -Infinity };
const ANY_WHOLE_NUMBER: NumberLimit = { min: -Infinity, integer: true };
const PIXELS: NumberLimit = { min: 0, integer: true };

const isEmpty = (value: unknown) => value === '' || value === undefined || value === null;

/**
 * One row's value for one item as the API takes it, checked against the row's rule before any
 * request: the one reader of each kind of field (number, boolean, option, size table, text, seed
 * list, JSON name map, number list, points) for the rows read by their value's kind. Undefined leaves
 * the field out (an empty optional value); `fail` words the error with the field and the item, from
 * a `why` that names the value as given (a seed list names its bad seed).
 */
export function rowValue(params: ItemParameters, row: FieldRow, raw: unknown, fail: RowFailure): unknown {
	const v = row.value;
	const text = typeof raw === 'string' ? raw.trim() : raw;
	const refuse: RowFailure = (why, hint) => fail(`(${quote(raw)}) ${why}`, hint);
	switch (v.type) {
		case 'number': {
			if (isEmpty(text)) return undefined;
			const n = numberFromText(text);
			if (!withinLimit(n, v.limit ?? ANY_NUMBER)) throw refuse(`must be ${v.limit ? describeLimit(v.limit) : 'a number'}`);
			return n;
		}
		case 'boolean':
			return params.boolean(text, row.label);
		case 'enum':
		case 'size': {
			// Listed in the dropdown's order, so the message reads like the field.
			const allowed = rowOptions(v).map((o) => o.value);
			if (!allowedValues(v).includes(text as string)) throw refuse(`must be one of ${allowed.join(', ')}`);
			return text;
		}
		case 'text':
			if (isEmpty(text)) return undefined;
			if (typeof text !== 'string') throw refuse('must be text');
			params.usableText(text, row.label);
			if (v.maxLength !== undefined && text.length > v.maxLength) throw refuse(describeMaxLength(v.maxLength));
			return text;
		case 'seed':
			// Untrimmed but for Image Tools (which always read seeds as trimmed text): a Seed of only
			// spaces is refused as the engines refuse it, not sent as a random seed.
			return parseSeeds(v.unwrapOne ? text : raw, v, fail);
		case 'nameMap':
			return nameMap(params, row, text, refuse);
		case 'integers':
			return isEmpty(text) ? undefined : integerList(text, v, refuse);
		case 'points':
			return isEmpty(text) ? undefined : pointList(text, refuse);
		default:
			throw new Error(`${row.label}: a ${v.type} row is read by its node's own reader`);
	}
}

/** What readRows asks of the node: which main rows show, and which empty values it refuses besides required rows'. */
export interface RowReading<R extends FieldRow> {
	/** Whether a main row shows for this item (its `show` conditions hold); an Options row reads when added. */
	shown?: (row: R) => boolean;
	/** Why an empty value of this row is refused (e.g. a number the node always sends); undefined: left out. */
	refuseEmpty?: (row: R) => string | undefined;
}

/**
 * The one wording of a refused row value of Image Tools and Stable Video Diffusion: 'Steps (60) must
 * be … (item 2)', the field's label first, the value, and the item in the text as well as on the
 * error (an item's error in a list of many, or the editor's title, shows only the text).
 */
export function rowFailure(params: ItemParameters, label: string): RowFailure {
	return (why, hint) => params.fail(`${label} ${why} (item ${params.itemIndex})`, hint);
}

/**
 * The request body's fields for one item from rows read by their value's kind: each read, checked
 * (an error names the field, the value and the item, before any request) and put under its wire
 * name; a size table as width and height. Options not added are left out (the service's default).
 */
export function readRows<R extends FieldRow>(params: ItemParameters, rows: readonly R[], reading: RowReading<R> = {}): IDataObject {
	const body: IDataObject = {};
	for (const row of rows) {
		if (row.place !== 'options' && reading.shown && !reading.shown(row)) continue;
		const raw = row.place === 'options' ? params.option(row.param) : params.get(row.param, row.default);
		if (raw === undefined && row.place === 'options') continue;
		const fail = rowFailure(params, row.label);
		const value = rowValue(params, row, raw, fail);
		if (value === undefined) {
			if (row.required) throw fail('is required');
			const why = reading.refuseEmpty?.(row);
			if (why) throw fail(`(${quote(raw)}) ${why}`);
		} else if (row.value.type === 'size') {
			const [width, height] = (value as string).split('x').map(Number);
			Object.assign(body, { width, height });
		} else {
			body[row.wire] = value as IDataObject[string];
		}
	}
	return body;
}

const SEED_HINT = 'Leave Seed empty for random seeds, or give whole numbers separated by commas.';

/**
 * The one reader of a seed field, for every endpoint: empty → undefined (random); "42" or 42 → 42;
 * "1, 2, 3" or [1, 2, 3] → a list (one seed per image). Each seed is a whole number written in
 * decimals ("7", "7.0", "1e3"), within the row's limit; every problem is worded here, once.
 * With `unwrapOne` a value from an expression is read as its text, as Image Tools always read it:
 * [5] and [[5]] go out as 5, [1, [2]] as [1, 2].
 */
export function parseSeeds(value: unknown, rule: { limit: NumberLimit; unwrapOne?: boolean }, fail: RowFailure): number | number[] | undefined {
	if (isEmpty(value)) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number' && !Array.isArray(value)) {
		throw fail(`(${quote(value)}) must be whole numbers separated by commas`, SEED_HINT);
	}
	const asList = Array.isArray(value) && !rule.unwrapOne;
	const parts: unknown[] = asList ? (value as unknown[]) : String(value).split(',');
	if (parts.length === 0) throw fail('is an empty list', SEED_HINT);
	const seeds = parts.map((part) => {
		const given = typeof part === 'string' ? part.trim() : part;
		const seed = numberFromText(given);
		if (!Number.isSafeInteger(seed)) throw fail(`${quote(given)} is not a whole number`, SEED_HINT);
		if (!withinLimit(seed, rule.limit)) throw fail(`(${seed as number}) must be ${describeLimit(rule.limit)}`, SEED_HINT);
		return seed as number;
	});
	return asList || seeds.length > 1 ? seeds : seeds[0];
}

/** A JSON object of names to numeric weights (typed as text, or an object from an expression). */
function nameMap(params: ItemParameters, row: FieldRow, text: unknown, fail: RowFailure): IDataObject | undefined {
	let parsed: unknown = text;
	if (typeof text === 'string') {
		if (text === '' || text === '{}') return undefined;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw fail('must be a JSON object of names to numbers');
		}
	}
	const entries = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : undefined;
	if (!entries || !entries.every(([, w]) => typeof w === 'number' && Number.isFinite(w))) {
		throw fail('must be a JSON object of names to numbers');
	}
	for (const [name] of entries) params.usableText(name, `${row.label} name`);
	return entries.length > 0 ? (Object.fromEntries(entries) as IDataObject) : undefined;
}

/** `count` comma-separated whole numbers (or a list from an expression); a box as its two corners. */
function integerList(text: unknown, v: { count: number; limit?: NumberLimit; corners?: boolean }, fail: RowFailure): unknown {
	const numbers = (Array.isArray(text) ? text.flat() : String(text).split(',')).map(numberFromText);
	if (numbers.length !== v.count || !numbers.every((n) => withinLimit(n, v.limit ?? ANY_WHOLE_NUMBER))) {
		throw fail(`must be ${v.count} whole numbers${v.limit ? ` (each ${describeLimit(v.limit)})` : ''}, separated by commas`);
	}
	// A box goes as ((left, top), (right, bottom)); other lists as they are.
	return v.corners ? [numbers.slice(0, 2), numbers.slice(2, 4)] : numbers;
}

/** "x, y" points of whole pixels separated by semicolons. */
function pointList(text: unknown, fail: RowFailure): number[][] {
	const points = String(text)
		.split(';')
		.map((p) => p.trim())
		.filter((p) => p !== '')
		.map((p) => p.split(',').map(numberFromText));
	if (points.length === 0 || !points.every((p) => p.length === 2 && p.every((n) => withinLimit(n, PIXELS)))) {
		throw fail('must be "x, y" points of whole pixels, separated by semicolons');
	}
	return points as number[][];
}
