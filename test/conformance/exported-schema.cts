/**
 * Checks a request body against the service's own exported schema (exported-schemas.json, from
 * OctoAI's OpenAPI exports; reference Part C): required keys present (a required, nullable key must be
 * there, as null if nothing else), JSON types, nullability, enums, ranges and lengths, and no key the
 * schema does not name. Written for the part of JSON Schema those exports use (FastAPI/pydantic:
 * $ref, allOf, anyOf, oneOf with a discriminator, const, enum, prefixItems). Independent of the
 * nodes' schema.ts and of the emulator's rules, so neither can hide a mistake of the other.
 */
import exported from './exported-schemas.json';

type Schema = Record<string, unknown>;
export type ExportedApi = keyof typeof exported.apis;

export interface SchemaIssue {
	path: string;
	message: string;
}

/** Which export each body the nodes send is checked against. */
export const REQUEST_SCHEMAS = {
	generation: ['image-gen', 'ImageGenerationRequest'],
	video: ['image-gen', 'VideoGenerationRequest'],
	upscaling: ['image-gen-util', 'UpscalingRequest'],
	'background-removal': ['image-gen-util', 'BackgroundRemovalRequest'],
	adetailer: ['image-gen-util', 'ADetailerRequest'],
	segment: ['image-gen-util', 'SegmenterRequest'],
	'creative-generator': ['image-gen-util', 'CreativeGeneratorRequest'],
	'create-asset': ['asset-library', 'CreateAssetRequest'],
	'complete-upload': ['asset-library', 'CompleteAssetUploadRequest'],
	'create-tune': ['fine-tuning', 'CreateTuneRequest'],
} as const satisfies Record<string, readonly [ExportedApi, string]>;
export type RequestKind = keyof typeof REQUEST_SCHEMAS;

/** Every request schema the exports list, by API, to show none is left unchecked. */
export function exportedRequestNames(): string[] {
	return Object.values(exported.apis).flatMap((api) => api.requests);
}

/** The schema of one request kind, with what a body must carry: required keys, and which of them may be null. */
export function requestSchema(kind: RequestKind): { required: string[]; nullable: string[]; properties: string[] } {
	const [api, name] = REQUEST_SCHEMAS[kind];
	const schema = schemasOf(api)[name] as Schema;
	const properties = (schema.properties ?? {}) as Record<string, Schema>;
	return {
		required: (schema.required as string[] | undefined) ?? [],
		nullable: Object.keys(properties).filter((key) => allows(api, properties[key], null)),
		properties: Object.keys(properties),
	};
}

/** What is wrong with `body` as a `kind` request; unknown keys fail even where the export leaves them open. */
export function checkRequestBody(kind: RequestKind, body: unknown): SchemaIssue[] {
	const [api, name] = REQUEST_SCHEMAS[kind];
	const issues: SchemaIssue[] = [];
	check(api, { $ref: `#/components/schemas/${name}` }, body, '', issues);
	return issues;
}

function schemasOf(api: ExportedApi): Record<string, unknown> {
	return exported.apis[api].schemas as Record<string, unknown>;
}

function resolve(api: ExportedApi, ref: string): Schema {
	const name = ref.replace('#/components/schemas/', '');
	const schema = schemasOf(api)[name];
	if (!schema) throw new Error(`exported-schemas.json: ${api} has no schema ${name}`);
	return schema as Schema;
}

function allows(api: ExportedApi, schema: Schema, value: unknown): boolean {
	const issues: SchemaIssue[] = [];
	check(api, schema, value, '', issues);
	return issues.length === 0;
}

const jsonType = (value: unknown): string =>
	value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value === 'number' ? 'number' : typeof value;

function check(api: ExportedApi, schema: Schema, value: unknown, path: string, issues: SchemaIssue[]): void {
	const fail = (message: string) => issues.push({ path: path || '(body)', message });
	if (typeof schema.$ref === 'string') return check(api, resolve(api, schema.$ref), value, path, issues);
	if (Array.isArray(schema.allOf)) for (const part of schema.allOf as Schema[]) check(api, part, value, path, issues);
	if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((part) => allows(api, part, value))) {
		fail(`${JSON.stringify(value)?.slice(0, 60)} matches none of ${(schema.anyOf as Schema[]).map(describe).join(' | ')}`);
		return;
	}
	if (Array.isArray(schema.oneOf)) return checkOneOf(api, schema, value, path, issues);
	if ('const' in schema && value !== schema.const) fail(`must be ${JSON.stringify(schema.const)}`);
	if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail(`${JSON.stringify(value)} is not one of the enum's ${schema.enum.length} values`);
	if (typeof schema.type === 'string') {
		const type = jsonType(value);
		if (type !== schema.type && !(schema.type === 'number' && type === 'integer')) return void fail(`must be ${schema.type}, got ${type}`);
	}
	if (typeof value === 'number') checkRange(schema, value, fail);
	if (typeof value === 'string') {
		if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
		if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail(`shorter than ${schema.minLength}`);
	}
	if (Array.isArray(value)) checkArray(api, schema, value, path, issues, fail);
	if (jsonType(value) === 'object' && (schema.type === 'object' || schema.properties)) checkObject(api, schema, value as Schema, path, issues);
}

function checkOneOf(api: ExportedApi, schema: Schema, value: unknown, path: string, issues: SchemaIssue[]): void {
	const discriminator = schema.discriminator as { propertyName: string; mapping: Record<string, string> } | undefined;
	if (discriminator && jsonType(value) === 'object') {
		const tag = (value as Schema)[discriminator.propertyName];
		const ref = discriminator.mapping[String(tag)];
		if (!ref) return void issues.push({ path: `${path}.${discriminator.propertyName}`, message: `${JSON.stringify(tag)} names no variant` });
		return check(api, { $ref: ref }, value, path, issues);
	}
	const matches = (schema.oneOf as Schema[]).filter((part) => allows(api, part, value)).length;
	if (matches !== 1) issues.push({ path: path || '(body)', message: `matches ${matches} of the oneOf variants, not exactly one` });
}

function checkRange(schema: Schema, value: number, fail: (message: string) => void): void {
	if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`below the minimum ${schema.minimum}`);
	if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`above the maximum ${schema.maximum}`);
	if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
	if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
}

function checkArray(api: ExportedApi, schema: Schema, value: unknown[], path: string, issues: SchemaIssue[], fail: (message: string) => void): void {
	if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
	if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
	const prefix = (schema.prefixItems ?? []) as Schema[];
	value.forEach((item, n) => {
		const itemSchema = prefix[n] ?? (schema.items as Schema | undefined);
		if (itemSchema) check(api, itemSchema, item, `${path}[${n}]`, issues);
	});
}

function checkObject(api: ExportedApi, schema: Schema, value: Schema, path: string, issues: SchemaIssue[]): void {
	const properties = (schema.properties ?? {}) as Record<string, Schema>;
	for (const key of (schema.required as string[] | undefined) ?? []) {
		if (!(key in value)) issues.push({ path: `${path}.${key}`.replace(/^\./, ''), message: 'required key missing' });
	}
	const extra = schema.additionalProperties;
	for (const [key, item] of Object.entries(value)) {
		const where = `${path}.${key}`.replace(/^\./, '');
		if (properties[key]) check(api, properties[key], item, where, issues);
		else if (extra && typeof extra === 'object') check(api, extra as Schema, item, where, issues);
		else if (schema.properties) issues.push({ path: where, message: 'not a key of the exported schema' });
	}
}

function describe(schema: Schema): string {
	if (typeof schema.$ref === 'string') return schema.$ref.replace('#/components/schemas/', '');
	return String(schema.type ?? ('const' in schema ? JSON.stringify(schema.const) : 'schema'));
}
