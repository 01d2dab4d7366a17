import type { IDataObject } from 'n8n-workflow';

import { holdsImages, type FieldRow } from './registry';

/**
 * A request body's parameters for the output JSON, from the endpoint's rows: every field as sent,
 * except image data (a map of images shows its names). Fields without a row are echoed as they are.
 */
export function parameterEcho(body: object, rows: readonly FieldRow[]): IDataObject {
	const echo: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		const row = rows.find((r) => r.wire === key);
		if (!holdsImages(row)) echo[key] = value as IDataObject[string];
		else if (row?.value.type === 'nameMap') echo[key] = Object.keys(value as object);
	}
	return echo;
}
