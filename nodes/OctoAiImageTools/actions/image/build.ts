import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ItemParameters, PropertyLookup } from '../../../shared/fields/item-parameters';
import { quote } from '../../../shared/messages/quote';
import { describeLimit, describeMaxLength, numberFromText, withinLimit, type NumberLimit } from '../../../shared/fields/registry/values';
import { apiOption, apiOptions } from '../../../shared/fields/display-names';
import { optionsCollection } from '../../../shared/editor/options-collection';
import { resolutionLabel } from '../../../shared/editor/resolution';
import { rowsOf } from './fields';
import type { FieldRow, Operation } from './rows';

const SEED_LIMIT: NumberLimit = { min: 0, minExclusive: true, max: 2 ** 32, maxExclusive: true, integer: true };

function optionList(row: FieldRow): INodePropertyOptions[] {
	if (row.value.type === 'size') {
		return row.value.sizes
			.map((size) => ({ name: resolutionLabel(size.split('x').map(Number) as [number, number]), value: size }))
			.sort((a, b) => a.name.localeCompare(b.name));
	}
	if (row.value.type !== 'options') return [];
	const values = row.value.values;
	// Ids get readable names from the shared table; rows that spell their own names keep them.
	if (values.every((v) => typeof v === 'string')) return apiOptions(values as string[]);
	return values.map((v) => (typeof v === 'string' ? apiOption(v) : v)).sort((a, b) => a.name.localeCompare(b.name));
}

/** The editor field of one row. */
function property(row: FieldRow, show?: FieldRow['show']): INodeProperties {
	const base = {
		displayName: row.label,
		name: row.param,
		default: row.default,
		description: row.description,
		...(row.placeholder ? { placeholder: row.placeholder } : {}),
		...(row.required && row.place === 'main' ? { required: true } : {}),
		...(show ? { displayOptions: { show } } : {}),
	};
	switch (row.value.type) {
		case 'number': {
			const limit = row.value.limit;
			const typeOptions: IDataObject = {};
			if (limit && !limit.minExclusive) typeOptions.minValue = limit.min;
			if (limit?.max !== undefined && !limit.maxExclusive) typeOptions.maxValue = limit.max;
			if (row.value.precision) typeOptions.numberPrecision = row.value.precision;
			return { ...base, type: 'number', typeOptions };
		}
		case 'boolean':
			return { ...base, type: 'boolean' };
		case 'options':
		case 'size':
			return { ...base, type: 'options', options: optionList(row) };
		case 'string':
			return { ...base, type: 'string', ...(row.value.rows ? { typeOptions: { rows: row.value.rows } } : {}) };
		default:
			return { ...base, type: 'string' };
	}
}

/** The top-level fields of an operation (shown when their `show` conditions hold). */
export function mainProperties(op: Operation): INodeProperties[] {
	return rowsOf(op)
		.filter((row) => row.place === 'main')
		.map((row) => property(row, row.show));
}

/** The operation's Options collection: the rows the service defaults when absent. */
export function optionsProperty(op: Operation, extra: INodeProperties[] = []): INodeProperties {
	return optionsCollection([...rowsOf(op).filter((row) => row.place === 'options').map((row) => property(row)), ...extra]);
}

/**
 * An operation's fields by name (top level, or inside Options with `collection`), so its items are
 * read with the engine nodes' ItemParameters: an expression that fails, or gives nothing where the
 * field would fall back to a default, is an error naming the field.
 */
export function fieldLookup(properties: INodeProperties[]): PropertyLookup {
	const byPath = new Map<string, INodeProperties>();
	for (const property of properties) {
		byPath.set(property.name, property);
		if (property.type !== 'collection') continue;
		for (const child of (property.options ?? []) as INodeProperties[]) byPath.set(`${property.name}.${child.name}`, child);
	}
	return (name, collection) => byPath.get(collection ? `${collection}.${name}` : name);
}

/** The value as error messages show it (NaN as NaN, not JSON's null; a list as "a list"). */
const shorten = (value: unknown) => quote(value);

/**
 * The value of an options parameter that decides which rows show (Size By, Select By), checked to be
 * one of its options: a value from an expression that is none of them would otherwise hide every
 * row it controls and send the request without them.
 */
function checkChoice(params: ItemParameters, property: INodeProperties): void {
	const value = params.get(property.name, property.default);
	const allowed = (property.options ?? []).map((option) => (option as INodePropertyOptions).value);
	if (!allowed.includes(value as string)) {
		throw params.fail(`${property.displayName} must be one of ${allowed.join(', ')} (item ${params.itemIndex}, got ${shorten(value)})`);
	}
}

/**
 * The request body's fields of one operation for one item, from its rows: each read, checked
 * against the row's value rule (an error names the field, the value and the item, before any
 * request) and converted to its wire form. Rows hidden by `show`, and Options not added, are left out;
 * `controls` are the options parameters those `show` conditions read, checked first.
 */
export function readFields(params: ItemParameters, op: Operation, controls: INodeProperties[] = []): IDataObject {
	for (const control of controls) checkChoice(params, control);
	const body: IDataObject = {};
	const shown = (row: FieldRow) => Object.entries(row.show ?? {}).every(([param, values]) => values.includes(params.get(param) as string | boolean));
	for (const row of rowsOf(op)) {
		let raw: unknown;
		if (row.place === 'options') {
			raw = params.option(row.param);
			// Not added: the service's default applies.
			if (raw === undefined) continue;
		} else {
			if (!shown(row)) continue;
			raw = params.get(row.param);
		}
		const fail = (why: string) => params.fail(`${row.label} ${why} (item ${params.itemIndex}, got ${shorten(raw)})`);
		const wire = toWire(params, row, raw, fail);
		if (wire === undefined) {
			if (row.required) throw fail('is required');
			continue;
		}
		if (row.value.type === 'size') {
			const [width, height] = (wire as string).split('x').map(Number);
			Object.assign(body, { width, height });
		} else {
			body[row.wire] = wire as IDataObject[string];
		}
	}
	return body;
}

/** One row's value as the API takes it; undefined for an empty optional text. */
function toWire(params: ItemParameters, row: FieldRow, raw: unknown, fail: (why: string) => Error): unknown {
	const v = row.value;
	const text = typeof raw === 'string' ? raw.trim() : raw;
	switch (v.type) {
		case 'number': {
			if (text === '' || text === undefined || text === null) return undefined;
			const n = numberFromText(text);
			if (!withinLimit(n, v.limit ?? { min: -Infinity })) throw fail(`must be ${v.limit ? describeLimit(v.limit) : 'a number'}`);
			return n;
		}
		case 'boolean':
			return params.boolean(text, row.label);
		case 'options':
		case 'size': {
			const allowed = optionList(row).map((o) => o.value);
			if (!allowed.includes(text as string)) throw fail(`must be one of ${allowed.join(', ')}`);
			return text;
		}
		case 'string':
			if (text === undefined || text === null || text === '') return undefined;
			if (typeof text !== 'string') throw fail('must be text');
			params.usableText(text, row.label);
			if (v.maxLength !== undefined && text.length > v.maxLength) throw fail(describeMaxLength(v.maxLength));
			return text;
		case 'seed': {
			if (text === '' || text === undefined || text === null) return undefined;
			const seeds = String(text).split(',').map(numberFromText);
			if (!seeds.every((s) => withinLimit(s, SEED_LIMIT))) throw fail('must be whole numbers from 1 to 4294967295, separated by commas');
			return seeds.length === 1 ? seeds[0] : seeds;
		}
		case 'weights': {
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
			return entries.length > 0 ? Object.fromEntries(entries) : undefined;
		}
		case 'integers': {
			if (text === '' || text === undefined || text === null) return undefined;
			const numbers = (Array.isArray(text) ? text.flat() : String(text).split(',')).map(numberFromText);
			if (numbers.length !== v.count || !numbers.every((n) => withinLimit(n, v.limit ?? { min: -Infinity, integer: true }))) {
				throw fail(`must be ${v.count} whole numbers${v.limit ? ` (each ${describeLimit(v.limit)})` : ''}, separated by commas`);
			}
			// A box goes as ((left, top), (right, bottom)); other lists as they are.
			return row.wire === 'bounding_box' ? [numbers.slice(0, 2), numbers.slice(2, 4)] : numbers;
		}
		case 'points': {
			if (text === '' || text === undefined || text === null) return undefined;
			const points = String(text)
				.split(';')
				.map((p) => p.trim())
				.filter((p) => p !== '')
				.map((p) => p.split(',').map(numberFromText));
			if (points.length === 0 || !points.every((p) => p.length === 2 && p.every((n) => withinLimit(n, { min: 0, integer: true })))) {
				throw fail('must be "x, y" points of whole pixels, separated by semicolons');
			}
			return points;
		}
	}
}
