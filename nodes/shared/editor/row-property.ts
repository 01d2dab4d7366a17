import type { INodeProperties } from 'n8n-workflow';

import type { FieldRow, FieldValue } from '../fields/registry';
import type { NumberLimit } from '../fields/registry/values';
import { allowedValues, rowOptions } from '../fields/row-options';
import { IMAGE_INPUT_HINT } from '../images/image-source';

/**
 * The editor field of one request-field row, for every endpoint (engines, video, utilities): one
 * builder per kind of field. Engine-only shapes (asset pickers, name/value lists, ControlNet, modes)
 * wrap it in editor/engine-fields.ts.
 */
export function rowProperty(row: FieldRow): INodeProperties {
	const value = row.value;
	const base = {
		displayName: row.label,
		name: row.param,
		description: row.description,
		...(row.placeholder ? { placeholder: row.placeholder } : {}),
		...(value.type === 'image' ? { hint: IMAGE_INPUT_HINT } : {}),
		...(row.required && row.place !== 'options' ? { required: true } : {}),
		...(row.show ? { displayOptions: { show: Object.fromEntries(Object.entries(row.show).map(([name, values]) => [name, [...values]])) } } : {}),
	};
	const fallback = row.default;
	switch (value.type) {
		case 'number': {
			const numberPrecision = value.precision;
			return {
				...base,
				type: 'number',
				typeOptions: { ...numberBounds(value.limit, numberPrecision), ...(numberPrecision ? { numberPrecision } : {}) },
				default: typeof fallback === 'number' ? fallback : 0,
			};
		}
		case 'boolean':
			return { ...base, type: 'boolean', default: fallback === true };
		case 'enum':
		case 'size':
			return { ...base, type: 'options', options: rowOptions(value), default: String(fallback ?? firstValue(value)) };
		default:
			// Text, names, images, seeds, JSON maps, number lists and points are typed as text.
			return {
				...base,
				type: 'string',
				...(row.rows ? { typeOptions: { rows: row.rows } } : {}),
				default: typeof fallback === 'string' ? fallback : '',
			};
	}
}

function firstValue(value: FieldValue): string | undefined {
	return allowedValues(value)[0];
}

/** minValue/maxValue for the editor: the limit's bounds, stepped inside where the limit is exclusive. */
function numberBounds(limit: NumberLimit | undefined, precision = 0): { minValue?: number; maxValue?: number } {
	if (!limit) return {};
	const step = limit.integer ? 1 : 10 ** -precision || 1;
	const minValue = limit.minExclusive ? limit.min + step : limit.min;
	if (limit.max === undefined) return { minValue };
	return { minValue, maxValue: limit.maxExclusive ? limit.max - step : limit.max };
}
