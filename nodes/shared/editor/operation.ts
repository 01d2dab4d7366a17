import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/** An operation's fields, shown only while its resource and operation are chosen. */
export function operationFields(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

/** How an operation names one existing thing: its resource locator field and the reader of its value. */
export interface Reference {
	locator: INodeProperties;
	read: (ctx: IExecuteFunctions, itemIndex: number) => string;
}

/**
 * An operation on one existing thing (get, delete, cancel): the locator is its only field, and per
 * item it reads the reference (errors name the field and the item) and hands it to `run`.
 */
export function referenceOperation(
	resource: string,
	operation: string,
	reference: Reference,
	run: (ctx: IExecuteFunctions, ref: string, itemIndex: number) => Promise<IDataObject[]>,
): {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;
} {
	return {
		description: operationFields(resource, operation, [reference.locator]),
		async execute(this: IExecuteFunctions, itemIndex: number) {
			return await run(this, reference.read(this, itemIndex), itemIndex);
		},
	};
}

/** The Resource selector of a resource/operation node with a single resource. */
export function resourceProperty(name: string, value: string): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name, value }],
		default: value,
	};
}
