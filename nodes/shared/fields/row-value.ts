import type { IDataObject } from 'n8n-workflow';

import { quote } from '../messages/quote';
import type { ItemParameters } from './item-parameters';
import type { FieldRow } from './registry';
import { describeLimit, describeMaxLength, numberFromText, withinLimit, type NumberLimit } from './registry/values';
import { allowedValues, rowOptions } from './row-options';

/** How the caller words a refusal of the row's value: `why` is e.g. "must be at most 10"; `hint` says what to do. */
export type RowFailure = (why: string, hint?: string) => Error;

const ANY_NUMBER: NumberLimit = { min: -Infinity };
const ANY_WHOLE_NUMBER: NumberLimit = { min: -Infinity, integer: true };
const PIXELS: NumberLimit = { min: 0, integer: true };

const isEmpty = (value: unknown) => value === '' || value === undefined || value === null;

/**
 * One row's value for one item as the API takes it, checked against the row's rule before any
 * request: the one reader of each kind of field (number, boolean, option, size table, text, seed
 * list, JSON name map, number list, points) for the rows read by their value's kind. Undefined leaves
 * the field out (an empty optional value); `fail` words the error with the field, the value and the item.
 */
export function rowValue(params: ItemParameters, row: FieldRow, raw: unknown, fail: RowFailure): unknown {
	const v = row.value;
	const text = typeof raw === 'string' ? raw.trim() : raw;
	switch (v.type) {
		case 'number': {
			if (isEmpty(text)) return undefined;
			const n = numberFromText(text);
			if (!withinLimit(n, v.limit ?? ANY_NUMBER)) throw fail(`must be ${v.limit ? describeLimit(v.limit) : 'a number'}`);
			return n;
		}
		case 'boolean':
			return params.boolean(text, row.label);
		case 'enum':
		case 'size': {
			// Listed in the dropdown's order, so the message reads like the field.
			const allowed = rowOptions(v).map((o) => o.value);
			if (!allowedValues(v).includes(text as string)) throw fail(`must be one of ${allowed.join(', ')}`);
			return text;
		}
		case 'text':
			if (isEmpty(text)) return undefined;
			if (typeof text !== 'string') throw fail('must be text');
			params.usableText(text, row.label);
			if (v.maxLength !== undefined && text.length > v.maxLength) throw fail(describeMaxLength(v.maxLength));
			return text;
		case 'seed': {
			// Every problem of a seed list is worded as the field's rule: the list may be long.
			const rule = () => fail(seedRule(v.limit));
			const seeds = parseSeeds(text, rule);
			if (seeds !== undefined && ![seeds].flat().every((s) => withinLimit(s, v.limit))) throw rule();
			return seeds;
		}
		case 'nameMap':
			return nameMap(params, row, text, fail);
		case 'integers':
			return isEmpty(text) ? undefined : integerList(text, v, fail);
		case 'points':
			return isEmpty(text) ? undefined : pointList(text, fail);
		default:
			throw new Error(`${row.label}: a ${v.type} row is read by its node's own reader`);
	}
}

const SEED_HINT = 'Leave Seed empty for random seeds, or give numbers separated by commas.';

/**
 * The one reader of a seed field, for every endpoint: empty → undefined (random); "42" or 42 → 42;
 * "1, 2, 3" or [1, 2, 3] → a list (one seed per image). Each part must be a whole number; its range
 * is the field's own check (seedsWithin, or an engine's request schema).
 */
export function parseSeeds(value: unknown, fail: RowFailure): number | number[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value;
	if (typeof value !== 'string' && !Array.isArray(value)) throw fail(`(${quote(value)}) must be whole numbers separated by commas`);
	const parts: unknown[] = Array.isArray(value) ? value : value.split(',');
	const seeds = parts.map((part) => {
		if (typeof part === 'number' && Number.isSafeInteger(part)) return part;
		const text = typeof part === 'string' ? part.trim() : part;
		if (typeof text !== 'string' || !/^-?\d+$/.test(text)) throw fail(`${quote(text)} is not a whole number`, SEED_HINT);
		return Number(text);
	});
	return Array.isArray(value) || value.includes(',') ? seeds : seeds[0];
}

/** "must be whole numbers from 1 to 4294967295, separated by commas" */
function seedRule(limit: NumberLimit): string {
	const low = limit.minExclusive ? limit.min + 1 : limit.min;
	const high = limit.max === undefined ? undefined : limit.maxExclusive ? limit.max - 1 : limit.max;
	return `must be whole numbers ${high === undefined ? `from ${low}` : `from ${low} to ${high}`}, separated by commas`;
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
