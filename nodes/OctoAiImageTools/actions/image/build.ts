import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ItemParameters } from '../../../shared/fields/item-parameters';
import { quote } from '../../../shared/messages/quote';
import { rowValue } from '../../../shared/fields/row-value';
import { optionsCollection } from '../../../shared/editor/options-collection';
import { rowProperty } from '../../../shared/editor/row-property';
import { rowsOf, type Operation, type UtilityRow } from './fields';

/** The top-level fields of an operation (shown when their `show` conditions hold). */
export function mainProperties(op: Operation): INodeProperties[] {
	return rowsOf(op)
		.filter((row) => row.place === 'main')
		.map(rowProperty);
}

/** The operation's Options collection: the rows the service defaults when absent. */
export function optionsProperty(op: Operation, extra: INodeProperties[] = []): INodeProperties {
	return optionsCollection([...rowsOf(op).filter((row) => row.place === 'options').map(rowProperty), ...extra]);
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
	const shown = (row: UtilityRow) => Object.entries(row.show ?? {}).every(([param, values]) => values.includes(params.get(param) as string | boolean));
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
		const wire = rowValue(params, row, raw, fail);
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
