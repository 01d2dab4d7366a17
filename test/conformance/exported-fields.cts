/**
 * The fields of a request the service exported (exported-schemas.json), each flattened to what a
 * value may be: JSON types, enum, bounds and length, through $ref, allOf and anyOf as FastAPI writes
 * them. Read by the walk over every request-field row (test/nodes/rows.test.cts).
 */
import exported from './exported-schemas.json';
import { REQUEST_SCHEMAS, type ExportedApi, type RequestKind } from './exported-schema.cts';

type Schema = Record<string, unknown>;

export interface ExportedField {
	types: string[];
	enum?: unknown[];
	minimum?: number;
	exclusiveMinimum?: number;
	maximum?: number;
	exclusiveMaximum?: number;
	maxLength?: number;
}

const BOUNDS = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'maxLength'] as const;

function resolve(api: ExportedApi, ref: string): Schema {
	const name = ref.replace('#/components/schemas/', '');
	return (exported.apis[api].schemas as Record<string, Schema>)[name];
}

function flatten(api: ExportedApi, schema: Schema, into: ExportedField): ExportedField {
	if (typeof schema.$ref === 'string') return flatten(api, resolve(api, schema.$ref), into);
	for (const part of [...((schema.allOf ?? []) as Schema[]), ...((schema.anyOf ?? []) as Schema[]), ...((schema.oneOf ?? []) as Schema[])]) {
		flatten(api, part, into);
	}
	const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
	into.types.push(...(types as string[]).filter((t) => !into.types.includes(t)));
	if (Array.isArray(schema.enum)) into.enum = [...(into.enum ?? []), ...schema.enum];
	if (Array.isArray(schema.enum) && !schema.type) for (const v of schema.enum as unknown[]) if (!into.types.includes(typeof v)) into.types.push(typeof v);
	for (const key of BOUNDS) if (typeof schema[key] === 'number' && into[key] === undefined) into[key] = schema[key] as number;
	return into;
}

/** Every field of one exported request schema, by wire key. */
export function exportedFields(kind: RequestKind): Record<string, ExportedField> {
	const [api, name] = REQUEST_SCHEMAS[kind];
	const schema = (exported.apis[api].schemas as Record<string, Schema>)[name];
	const properties = schema.properties as Record<string, Schema>;
	return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, flatten(api, value, { types: [] })]));
}
