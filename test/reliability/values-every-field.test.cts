/**
 * Issue 10, class 4 swept over every field the editor shows, not a hand-picked list: for every node
 * (the 7 engine nodes, Stable Video Diffusion, Image Tools' 5 operations, the Asset Library and
 * Fine-Tuning operations that take values), every number, text, option and true/false field
 * (top level, Options and Filters), given through an expression NaN, Infinity, -1, 1e308, 2^60, an
 * object, a list, 100,000 characters or nothing, through n8n's real engine against the emulator.
 * Each run either fails with a NodeOperationError for the item that names the field and shows the
 * value (shortened, never "[object Object]") before any request, or succeeds because the value is
 * legal. A raw TypeError, an error after a request, or a run that sends an impossible value fails.
 */
import type { INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { OctoAiAssetLibrary } from '../../nodes/OctoAiAssetLibrary/OctoAiAssetLibrary.node';
import { OctoAiControlNetSd15 } from '../../nodes/OctoAiControlNetSd15/OctoAiControlNetSd15.node';
import { OctoAiControlNetSdxl } from '../../nodes/OctoAiControlNetSdxl/OctoAiControlNetSdxl.node';
import { OctoAiFineTuning } from '../../nodes/OctoAiFineTuning/OctoAiFineTuning.node';
import { OctoAiFluxDev } from '../../nodes/OctoAiFluxDev/OctoAiFluxDev.node';
import { OctoAiFluxSchnell } from '../../nodes/OctoAiFluxSchnell/OctoAiFluxSchnell.node';
import { OctoAiImageTools } from '../../nodes/OctoAiImageTools/OctoAiImageTools.node';
import { OctoAiSd15 } from '../../nodes/OctoAiSd15/OctoAiSd15.node';
import { OctoAiSd3 } from '../../nodes/OctoAiSd3/OctoAiSd3.node';
import { OctoAiSdxl } from '../../nodes/OctoAiSdxl/OctoAiSdxl.node';
import { OctoAiStableVideoDiffusion } from '../../nodes/OctoAiStableVideoDiffusion/OctoAiStableVideoDiffusion.node';
import { imageItem, picture } from '../nodes/helpers.cts';
import { runChain, serveFiles, trainingItems, type FileServer } from '../nodes/platform-helpers.cts';
import { ReliabilitySuite } from './support/suite.cts';
import { withValue, escapeRegExp } from './support/params.cts';

const suite = new ReliabilitySuite('values-every-field');
const env = suite.emulator({ assetReadyMs: 5, tuneStepMs: 1, asyncPendingMs: 5, asyncRunningMs: 5 });
let png: Buffer;
/** Fix Faces takes only its base model's sizes. */
let square: Buffer;
/** Serves the file Create From URL downloads (the emulator downloads from loopback only). */
let files: FileServer;
beforeAll(async () => {
	png = await picture(64, 64);
	square = await picture(1024, 1024);
	files = await serveFiles({ '/a.png': png });
});
afterAll(async () => {
	await files.close();
});

/** Where the base parameters say FILE_URL, the file server's URL; every run's asset gets a name of its own. */
const FILE_URL = 'file-server-url';
let runs = 0;
function fresh(parameters: INodeParameters, path: string): INodeParameters {
	const copy = { ...parameters };
	if (copy.url === FILE_URL && path !== 'url') copy.url = files.url('/a.png');
	if (typeof copy.assetName === 'string' && path !== 'assetName') copy.assetName = `sweep-${++runs}`;
	if (typeof copy.tuneName === 'string' && path !== 'tuneName') copy.tuneName = `sweep-${++runs}`;
	return copy;
}

/** The values: [expression, what it is]. Every one is tried in every field. */
const VALUES: Array<[string, string]> = [
	['={{ NaN }}', 'NaN'],
	['={{ Infinity }}', 'Infinity'],
	['={{ -1 }}', '-1'],
	['={{ 1e308 }}', '1e308'],
	['={{ 2 ** 60 }}', '2^60'],
	['={{ { a: 1 } }}', 'an object'],
	['={{ [1, 2] }}', 'a list'],
	[`={{ "${'x'.repeat(100_000)}" }}`, '100,000 characters'],
	['={{ "" }}', 'nothing'],
];
/** Values no field of any type may accept: the run must fail for them. */
const NEVER_LEGAL = new Set(['NaN', 'Infinity', 'an object', 'a list']);
/** Except where the field takes one: Image Tools' LoRA weights are an object, its Seed a list of seeds. */
const LEGAL: Record<string, string[]> = {
	'octoAiImageTools options.loras': ['an object'],
	'octoAiImageTools options.seed': ['a list'],
};

interface Target {
	name: string;
	type: string;
	description: INodeTypeDescription;
	base: INodeParameters;
	items: 'image' | 'square' | 'training' | 'none';
}

const ENGINE_BASE = { prompt: 'a red fox', options: { waitMode: 'sync' } };
const tools = (operation: string, extra: INodeParameters): INodeParameters => ({ resource: 'image', operation, image: 'data', ...extra });
const description = (node: { description: INodeTypeDescription }) => node.description;

const TARGETS: Target[] = [
	{ name: 'SDXL', type: 'octoAiSdxl', description: description(new OctoAiSdxl()), base: ENGINE_BASE, items: 'image' },
	{ name: 'SD 1.5', type: 'octoAiSd15', description: description(new OctoAiSd15()), base: ENGINE_BASE, items: 'image' },
	{ name: 'ControlNet SDXL', type: 'octoAiControlNetSdxl', description: description(new OctoAiControlNetSdxl()), base: { ...ENGINE_BASE, controlImage: 'data' }, items: 'image' },
	{ name: 'ControlNet SD 1.5', type: 'octoAiControlNetSd15', description: description(new OctoAiControlNetSd15()), base: { ...ENGINE_BASE, controlImage: 'data' }, items: 'image' },
	{ name: 'SD3', type: 'octoAiSd3', description: description(new OctoAiSd3()), base: ENGINE_BASE, items: 'image' },
	{ name: 'FLUX Dev', type: 'octoAiFluxDev', description: description(new OctoAiFluxDev()), base: ENGINE_BASE, items: 'image' },
	{ name: 'FLUX Schnell', type: 'octoAiFluxSchnell', description: description(new OctoAiFluxSchnell()), base: ENGINE_BASE, items: 'image' },
	{ name: 'Stable Video Diffusion', type: 'octoAiStableVideoDiffusion', description: description(new OctoAiStableVideoDiffusion()), base: { inputImage: 'data', options: { waitMode: 'sync' } }, items: 'image' },
	...[
		tools('upscale', {}),
		tools('removeBackground', {}),
		tools('productScene', { scenePrompt: 'on a table', productHeight: 100 }),
		tools('fixFaces', { prompt: 'a face' }),
		tools('segment', { selectBy: 'box', box: '0, 0, 10, 10' }),
	].map((base): Target => ({ name: `Image Tools ${String(base.operation)}`, type: 'octoAiImageTools', description: description(new OctoAiImageTools()), base, items: base.operation === 'fixFaces' ? 'square' : 'image' })),
	...[
		{ operation: 'list', returnAll: false },
		{ operation: 'createFromUrl', assetName: 'sweep', assetType: 'file', url: FILE_URL, options: { pollInterval: 0.1 } },
		{ operation: 'upload', assetName: 'sweep', assetType: 'file', options: { pollInterval: 0.1 } },
	].map((base): Target => ({ name: `Asset Library ${base.operation}`, type: 'octoAiAssetLibrary', description: description(new OctoAiAssetLibrary()), base, items: 'image' })),
	...[
		{ operation: 'list', returnAll: false },
		{ operation: 'create', tuneName: 'sweep', triggerWord: 'sks dog', waitForCompletion: true, options: { pollInterval: 0.1 } },
	].map((base): Target => ({ name: `Fine-Tuning ${base.operation}`, type: 'octoAiFineTuning', description: description(new OctoAiFineTuning()), base, items: base.operation === 'create' ? 'training' : 'none' })),
];

const SWEPT_TYPES = new Set(['number', 'string', 'options', 'boolean']);

/**
 * Whether a property shows for these parameters (its displayOptions against the values or defaults).
 * The swept nodes are the plain nodes, not their agent-tool variants: `@tool` is false.
 */
function shows(property: INodeProperties, values: (name: string) => unknown): boolean {
	const { show, hide } = property.displayOptions ?? {};
	const value = (key: string) => (key === '@tool' ? false : values(key));
	const checked = (conditions: Record<string, unknown[] | undefined>) => Object.entries(conditions).filter(([key]) => key === '@tool' || !key.startsWith('@'));
	const matches = (conditions: Record<string, unknown[] | undefined>) => checked(conditions).every(([key, allowed]) => (allowed ?? []).includes(value(key) as never));
	return (!show || matches(show)) && (!hide || !checked(hide).some(([key, allowed]) => (allowed ?? []).includes(value(key) as never)));
}

/** A true/false field takes none of VALUES, nor does an options field (none of them is an option). */
const takesAny = (property: INodeProperties) => property.type === 'number' || property.type === 'string';

/** Every swept field the editor shows for a target: [parameter path, label, whether it takes any of VALUES]. */
function fieldsOf(target: Target): Array<[string, string, boolean]> {
	const properties = target.description.properties;
	const values = (name: string) => target.base[name] ?? properties.find((p) => p.name === name && shows(p, () => undefined))?.default ?? properties.find((p) => p.name === name)?.default;
	const visible = properties.filter((property) => shows(property, values));
	const fields: Array<[string, string, boolean]> = [];
	const seen = new Set<string>();
	for (const property of visible) {
		if (seen.has(property.name)) continue;
		seen.add(property.name);
		if (property.type === 'collection') {
			for (const child of (property.options ?? []) as INodeProperties[]) {
				if (SWEPT_TYPES.has(child.type) && shows(child, values)) fields.push([`${property.name}.${child.name}`, child.displayName, takesAny(child)]);
			}
		} else if (SWEPT_TYPES.has(property.type) && property.name !== 'operation' && property.name !== 'resource') {
			fields.push([property.name, property.displayName, takesAny(property)]);
		}
	}
	return fields;
}


/** What is wrong with one run's outcome, or undefined when it is one of the two allowed outcomes. */
function problem(open: boolean, legal: string[], label: string, what: string, error: (Error & { context?: { itemIndex?: number } }) | undefined, requests: number): string | undefined {
	if (!error) return (!open || NEVER_LEGAL.has(what)) && !legal.includes(what) ? 'accepted' : undefined;
	// A legal name the library already holds (an earlier run of the sweep created it).
	if (error.name === 'NodeApiError' && /already exists/.test(error.message) && open && !NEVER_LEGAL.has(what)) return undefined;
	if (error.name !== 'NodeOperationError') {
		// A value the API refused after the node sent it: the node should have refused it first.
		return `${error.name}${requests > 0 ? ` after ${requests} request(s)` : ''}: ${error.message.slice(0, 160)}`;
	}
	const message = error.message;
	if (!new RegExp(`(^|\\b)${escapeRegExp(label)}`, 'i').test(message)) return `does not name the field: ${message.slice(0, 160)}`;
	if (/\[object Object\]|got null|\bundefined\b/.test(message)) return `shows the value badly: ${message.slice(0, 160)}`;
	if (message.length > 400) return `message of ${message.length} characters`;
	if (error.context?.itemIndex !== 0) return `no item index: ${message.slice(0, 160)}`;
	if (requests > 0) return `refused after ${requests} request(s): ${message.slice(0, 160)}`;
	return undefined;
}

describe('class 4: every field of every node, given values that are not what they seem', () => {
	it.each(TARGETS.map((target) => [target.name, target] as const))('%s: every field refuses what it cannot take, before any request', async (_name, target) => {
		const fields = fieldsOf(target);
		expect(fields.length).toBeGreaterThan(0);
		const findings: string[] = [];
		const inputItems = target.items === 'image' ? [await imageItem({ data: png })] : target.items === 'square' ? [await imageItem({ data: square })] : target.items === 'training' ? await trainingItems(2) : undefined;
		for (const [path, label, open] of fields) {
			// One case per field (its nine values), so this sweep does not drown the other cases in the summary.
			suite.countCase('4 values not what they seem');
			for (const [value, what] of VALUES) {
				const before = env.emulator.log.length;
				const parameters = fresh(withValue(target.base, path, value), path);
				const result = await runChain(env, [{ name: 'OctoAI', type: target.type, parameters }], { inputItems }).catch((error: Error) => {
					// n8n itself refuses to start a workflow whose node lacks a required field the value made visible.
					if (error.name === 'WorkflowHasIssuesError') return undefined;
					throw error;
				});
				if (!result) continue;
				suite.record(`${target.name} ${path} = ${what}`, Object.assign(result, { items: [] }));
				const found = problem(open, LEGAL[`${target.type} ${path}`] ?? [], label, what, result.error as never, env.emulator.log.length - before);
				if (found) findings.push(`${label} (${path}) = ${what}: ${found}`);
			}
		}
		expect(findings).toEqual([]);
	}, 600_000);
});

suite.hygieneTest();
