// The walk over every request-field row of every endpoint the nodes call (engines, Stable Video
// Diffusion, the five media utilities): each row has an editor field with its label, a check no looser
// than the service's exported schema, and reaches the request body the node really sends to the
// emulator through n8n's engine; every field of each exported request is a row, or named below with
// why it is not.
import type { INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';

import { FIELDS as UTILITY_FIELDS, rowsOf, type Operation } from '../../nodes/OctoAiImageTools/actions/image/fields';
import { ENGINE_LIST, type EngineSpec } from '../../nodes/shared/fields/engines';
import { engineFields, engineModes, fieldApplies, FIELDS, type FieldRow } from '../../nodes/shared/fields/registry';
import { MODES, type GenerationMode } from '../../nodes/shared/fields/registry/modes';
import { SVD_FIELDS } from '../../nodes/shared/video/fields';
import { checkRequestBody, type RequestKind } from '../conformance/exported-schema.cts';
import { exportedFields, type ExportedField } from '../conformance/exported-fields.cts';
import { twoFaces } from '../emulator/utilities/scenes.cts';
import { packageNodeTypes } from './engine-nodes.cts';
import { imageItem, mask, picture, runEngineNode, useEmulator, type EngineNodeName } from './helpers.cts';
import { engineSample, plainSample, reached, type Sample } from './row-samples.cts';

jest.setTimeout(300_000);
const env = useEmulator();

const UTILITY_OF: Record<Operation, RequestKind> = {
	upscale: 'upscaling',
	removeBackground: 'background-removal',
	fixFaces: 'adetailer',
	segment: 'segment',
	productScene: 'creative-generator',
};

/** Exported fields that are not rows, and why. */
const NOT_ROWS: Partial<Record<RequestKind, Record<string, string>>> = {
	upscaling: { init_image: 'the Image field (image-source.ts)', init_image_url: 'the Image field given a URL' },
	'background-removal': {
		init_image: 'the Image field (image-source.ts)',
		init_image_url: 'the Image field given a URL',
		output_image_encoding: 'the export allows png only: nothing to choose',
	},
	adetailer: { init_image: 'the Image field (image-source.ts)', init_image_url: 'the Image field given a URL', transfer_images: 'Face Transfer Images (fixFaces.operation.ts): binary images per face index' },
	segment: { image_b64: 'the Image field (image-source.ts)', image_url: 'the Image field given a URL' },
	'creative-generator': { product_image_b64: 'the Product Image field (image-source.ts)' },
};

interface Endpoint {
	name: string;
	kind: RequestKind;
	node: string;
	rows: readonly FieldRow[];
	/** Top-level properties of this endpoint (an Image Tools operation's own, or the whole node's). */
	properties: INodeProperties[];
}

const nodes = packageNodeTypes();
const nodeNamed = (name: string): INodeType => nodes.find((n) => n.description.name === name)!;
const forOperation = (op: Operation) => (p: INodeProperties) => (p.displayOptions?.show?.operation as string[] | undefined)?.includes(op) === true;

const ENDPOINTS: Endpoint[] = [
	...ENGINE_LIST.map((engine) => ({ name: engine.displayName, kind: 'generation' as const, node: engine.nodeName, rows: engineFields(engine), properties: nodeNamed(engine.nodeName).description.properties })),
	{ name: 'Stable Video Diffusion', kind: 'video', node: 'octoAiStableVideoDiffusion', rows: SVD_FIELDS, properties: nodeNamed('octoAiStableVideoDiffusion').description.properties },
	...(Object.keys(UTILITY_OF) as Operation[]).map((op) => ({
		name: `Image Tools ${op}`,
		kind: UTILITY_OF[op],
		node: 'octoAiImageTools',
		rows: rowsOf(op),
		properties: nodeNamed('octoAiImageTools').description.properties.filter(forOperation(op)),
	})),
];

/** The editor field a row sets: top level, in Options, or (an engine's mode flag) the Mode option. */
function editorField(endpoint: Endpoint, row: FieldRow): { displayName: string } | undefined {
	if (row.read === 'mode') {
		const mode = endpoint.properties.find((p) => p.name === 'mode');
		return mode?.options?.find((o) => 'value' in o && row.modes?.includes(o.value as GenerationMode)) as { name: string } & { displayName?: string } as never;
	}
	const holder = row.place === 'options' ? ((endpoint.properties.find((p) => p.name === 'options')?.options ?? []) as INodeProperties[]) : endpoint.properties;
	return holder.find((p) => p.name === row.param);
}

/** Problems of a row's check against the exported field: a value the row lets through that the export refuses. */
function looserThanExport(row: FieldRow, field: ExportedField): string[] {
	const v = row.value;
	const problems: string[] = [];
	const want = (types: string[]) => types.some((t) => field.types.includes(t)) || problems.push(`export types ${field.types.join('|')}, row ${v.type}`);
	switch (v.type) {
		case 'number': {
			want(['number', 'integer']);
			if (!field.types.includes('number') && !v.limit?.integer) problems.push('export takes whole numbers only');
			const limit = v.limit;
			const min = field.minimum ?? field.exclusiveMinimum;
			if (min !== undefined && (!limit || limit.min < min || (limit.min === min && field.exclusiveMinimum !== undefined && !limit.minExclusive))) problems.push(`export minimum ${min}`);
			const max = field.maximum ?? field.exclusiveMaximum;
			if (max !== undefined && (limit?.max === undefined || limit.max > max || (limit.max === max && field.exclusiveMaximum !== undefined && !limit.maxExclusive))) problems.push(`export maximum ${max}`);
			break;
		}
		case 'enum': {
			want(['string']);
			const outside = field.enum ? v.values.filter((value) => !field.enum!.includes(value)) : [];
			if (outside.length > 0) problems.push(`not in the export's enum: ${outside.join(', ')}`);
			break;
		}
		case 'text':
			want(['string']);
			if (field.maxLength !== undefined && (v.maxLength === undefined || v.maxLength > field.maxLength)) problems.push(`export maxLength ${field.maxLength}`);
			break;
		case 'seed':
			want(['integer']);
			if (!v.limit.integer) problems.push('seeds are whole numbers');
			break;
		case 'boolean':
			want(['boolean']);
			break;
		case 'nameMap':
			want(['object']);
			break;
		case 'integers':
		case 'points':
			want(['array']);
			break;
		case 'size':
			want(['integer']);
			break;
		default:
			want(['string']);
	}
	return problems;
}

describe.each(ENDPOINTS)('$name', (endpoint) => {
	const fields = exportedFields(endpoint.kind);

	it.each(endpoint.rows.map((row) => [row.label, row] as const))('%s has an editor field with its label and a check no looser than the export', (_label, row) => {
		const shown = editorField(endpoint, row) as { displayName?: string; name?: string } | undefined;
		expect([row.param, shown?.displayName ?? shown?.name]).toEqual([row.param, row.label]);
		const wires = row.value.type === 'size' ? ['width', 'height'] : [row.wire];
		for (const wire of wires) {
			expect([wire, fields[wire] ? 'exported' : 'missing']).toEqual([wire, 'exported']);
			expect([wire, looserThanExport(row, fields[wire])]).toEqual([wire, []]);
		}
	});

	it('covers every field of the exported request', () => {
		const covered = new Set(endpoint.rows.flatMap((row) => (row.value.type === 'size' ? ['width', 'height'] : [row.wire])));
		const missing = Object.keys(fields).filter((key) => !covered.has(key) && !NOT_ROWS[endpoint.kind]?.[key]);
		// An engine leaves out exactly the registry's rows it does not take (by their capability).
		const notTaken = endpoint.kind === 'generation' ? FIELDS.filter((row) => !endpoint.rows.includes(row)).map((row) => row.wire as string) : [];
		expect(missing.sort()).toEqual(notTaken.sort());
	});
});

it('every field of the generation export is a row of the registry', () => {
	const rows = new Set(ENGINE_LIST.flatMap((engine) => engineFields(engine).map((row) => row.wire as string)));
	expect(Object.keys(exportedFields('generation')).filter((key) => !rows.has(key))).toEqual([]);
});

/** The rows whose sample reached a request body the emulator received. */
const reachedRows = new Set<FieldRow>();

/** The rows of `expected` whose value is not in `body` as sent (each other row counts as walked). */
function notReached(expected: Array<[FieldRow, Sample]>, body: Record<string, unknown>): unknown[] {
	const wrong: unknown[] = [];
	for (const [row, sample] of expected) {
		const wire = row.value.type === 'size' && row.wire !== 'height' ? 'width' : row.wire;
		if (reached(sample, body[wire])) reachedRows.add(row);
		else wrong.push([row.wire, body[wire]]);
	}
	return wrong;
}

/** Sends one request with `parameters` and returns its body, checked against the export. */
async function sentBody(node: string, kind: RequestKind, path: (p: string) => boolean, parameters: INodeParameters, inputItems: Awaited<ReturnType<typeof imageItem>>[]) {
	const before = env.emulator.requests({ token: env.token }).length;
	const result = await runEngineNode(env, node as EngineNodeName, parameters, { inputItems });
	expect(result.error?.message).toBeUndefined();
	const [request] = env.emulator.requests({ token: env.token }).slice(before).filter((r) => path(r.path));
	const body = request.body as Record<string, unknown>;
	expect(checkRequestBody(kind, body)).toEqual([]);
	return body;
}

/** Puts a sample into the node's parameters (top level or Options). */
function setParameter(parameters: INodeParameters, row: FieldRow, sample: Sample) {
	if (sample.param === undefined) return;
	if (row.place === 'options') parameters.options = { ...(parameters.options as INodeParameters), [row.param]: sample.param as never };
	else parameters[row.param] = sample.param as never;
}

describe.each(ENGINE_LIST)('$displayName sends every row it takes', (engine: EngineSpec) => {
	it.each(engineModes(engine).map((mode) => [mode]))('in %s', async (mode) => {
		const [width, height] = engine.resolutions[0];
		const inputItems = [await imageItem({ data: await picture(width, height), mask: await mask(width, height, { left: 0, top: 0, width: 64, height }), control: await picture(width, height) })];
		const parameters: INodeParameters = { mode };
		const expected: Array<[FieldRow, Sample]> = [];
		for (const row of engineFields(engine).filter((r) => fieldApplies(engine, r, mode))) {
			const sample = engineSample(engine, row);
			if (!sample) continue;
			setParameter(parameters, row, sample);
			expected.push([row, sample]);
		}
		const body = await sentBody(engine.nodeName, 'generation', (p) => p.includes('/generate/'), parameters, inputItems);
		expect(notReached(expected, body)).toEqual([]);
	});
});

it('the engines together sent every engine row', () => {
	// Asset rows go where the emulator holds an asset of the engine's family (SDXL holds every kind).
	const rows = new Set(ENGINE_LIST.flatMap((engine) => engineFields(engine)));
	expect([...rows].filter((row) => !reachedRows.has(row)).map((row) => row.wire)).toEqual([]);
	expect(MODES.every((mode) => ENGINE_LIST.some((engine) => engineModes(engine).includes(mode.value)))).toBe(true);
});

it('Stable Video Diffusion sends every row', async () => {
	const parameters: INodeParameters = {};
	const expected: Array<[FieldRow, Sample]> = [];
	for (const row of SVD_FIELDS) {
		const sample = row.value.type === 'size' ? { param: '576x1024', wire: 576 } : plainSample(row)!;
		setParameter(parameters, row, sample);
		expected.push([row, sample]);
	}
	const body = await sentBody('octoAiStableVideoDiffusion', 'video', (p) => p.endsWith('/generate/svd'), parameters, [await imageItem({ data: await picture(320, 180, 'png') })]);
	expect(notReached(expected, body)).toEqual([]);
	expect(body.height).toBe(1024);
	expect(SVD_FIELDS.filter((row) => !reachedRows.has(row)).map((row) => row.wire)).toEqual([]);
});

/** Each utility's runs: the values of the fields that choose which rows show, and rows a run leaves out. */
const UTILITY_RUNS: Array<{ op: Operation; controls: INodeParameters; omit?: string[] }> = [
	{ op: 'upscale', controls: { sizeBy: 'scale' } },
	{ op: 'upscale', controls: { sizeBy: 'width' } },
	{ op: 'upscale', controls: { sizeBy: 'height' } },
	// Alpha matting is Rembg's: the node refuses it with BiRefNet.
	{ op: 'removeBackground', controls: { driver: 'birefnet' }, omit: ['alphaMatting', 'alphaMattingForegroundThreshold', 'alphaMattingBackgroundThreshold', 'alphaMattingErodeSize'] },
	{ op: 'removeBackground', controls: { driver: 'rembg' } },
	// 512 x 512 is an SD 1.5 size.
	{ op: 'fixFaces', controls: { baseModel: 'sd15' } },
	{ op: 'segment', controls: { selectBy: 'prompt' } },
	{ op: 'segment', controls: { selectBy: 'box' } },
	{ op: 'segment', controls: { selectBy: 'points' } },
	{ op: 'productScene', controls: {} },
];

describe('Image Tools sends every row', () => {
	it.each(UTILITY_RUNS.map((run) => [run.op, JSON.stringify(run.controls), run] as const))('%s with %s', async (op, _controls, run) => {
		const parameters: INodeParameters = { resource: 'image', operation: op, image: 'data', ...run.controls };
		const expected: Array<[FieldRow, Sample]> = [];
		for (const row of rowsOf(op)) {
			if (run.omit?.includes(row.param)) continue;
			if (!Object.entries(row.show ?? {}).every(([param, values]) => values.includes(parameters[param] as string))) continue;
			const control = run.controls[row.param];
			const sample = control === undefined ? plainSample(row)! : { param: control, wire: control };
			setParameter(parameters, row, sample);
			expected.push([row, sample]);
		}
		const body = await sentBody('octoAiImageTools', UTILITY_OF[op], (p) => p === `/${UTILITY_OF[op]}`, parameters, [await imageItem({ data: await twoFaces() })]);
		expect(notReached(expected, body)).toEqual([]);
	});

	it('sent every utility row', () => {
		expect(UTILITY_FIELDS.filter((row) => !reachedRows.has(row)).map((row) => `${row.op}.${row.param}`)).toEqual([]);
	});
});
