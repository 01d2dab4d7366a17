import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ItemParameters } from '../../../shared/fields/item-parameters';
import { quote } from '../../../shared/messages/quote';
import { readRows, rowFailure } from '../../../shared/fields/row-value';
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

/**
 * The value of an options parameter that decides which rows show (Size By, Select By), checked to be
 * one of its options: a value from an expression that is none of them would otherwise hide every
 * row it controls and send the request without them.
 */
function checkChoice(params: ItemParameters, property: INodeProperties): void {
	const value = params.get(property.name, property.default);
	const allowed = (property.options ?? []).map((option) => (option as INodePropertyOptions).value);
	if (!allowed.includes(value as string)) {
		throw rowFailure(params, property.displayName)(`(${quote(value)}) must be one of ${allowed.join(', ')}`);
	}
}

/**
 * The request body's fields of one operation for one item, from its rows (readRows: each checked
 * before any request). Rows hidden by `show`, and Options not added, are left out; `controls` are
 * the options parameters those `show` conditions read, checked first.
 */
export function readFields(params: ItemParameters, op: Operation, controls: INodeProperties[] = []): IDataObject {
	for (const control of controls) checkChoice(params, control);
	const shown = (row: UtilityRow) => Object.entries(row.show ?? {}).every(([param, values]) => values.includes(params.get(param) as string | boolean));
	return readRows(params, rowsOf(op), { shown });
}
