// Walks the request-field registry over every engine node: each field the engine takes is shown,
// in the right place and modes, with the registry's label, limits and default; each field it does
// not take is absent, and the engine's request schema refuses it by name.
import type { INodeProperties } from 'n8n-workflow';

import { CHECKPOINT_DEFAULTS, ENGINE_LIST, type EngineSpec } from '../../nodes/shared/fields/engines';
import { engineModes, engineTakes, FIELDS, type EngineRow, type FieldRow } from '../../nodes/shared/fields/registry';
import { MODES } from '../../nodes/shared/fields/registry/modes';
import { SAMPLERS, STYLE_PRESETS } from '../../nodes/shared/fields/registry/values';
import { resolutionLabel } from '../../nodes/shared/fields/display-names';
import { findRequestProblems } from '../../nodes/shared/fields/schema';
import { OctoAiStableVideoDiffusion } from '../../nodes/OctoAiStableVideoDiffusion/OctoAiStableVideoDiffusion.node';
import { engineNodes } from '../nodes/engine-nodes.cts';

const nodes = engineNodes();

function field(props: INodeProperties[], name: string): INodeProperties | undefined {
	return props.find((p) => p.name === name);
}

function options(props: INodeProperties[]): INodeProperties[] {
	return field(props, 'options')!.options as INodeProperties[];
}

/** Where a row's parameter is shown on a node: top level or inside Options, or nowhere. */
function shown(props: INodeProperties[], row: FieldRow): INodeProperties | undefined {
	return row.place === 'options' ? field(options(props), row.param) : field(props, row.param);
}

/** A value of the right type for a row, to prove the schema refuses the key itself. */
function sample(row: EngineRow): unknown {
	switch (row.value.type) {
		case 'number':
			return row.value.limit.max ?? row.value.limit.min + 1;
		case 'boolean':
			return true;
		case 'enum':
			return row.value.values[0];
		case 'seed':
			return 42;
		case 'nameMap':
			return { x: row.value.of === 'number' ? 1 : row.value.of === 'text' ? 'word' : ['aGVsbG8='] };
		default:
			return 'aGVsbG8=';
	}
}

/** The parameters of every field the row gives; 'mode' and 'size' rows have none of their own. */
const hasOwnParameter = (row: FieldRow) => row.read !== 'mode' && row.read !== 'size';

describe.each(nodes.map(({ engine, node }) => [engine.id, engine, node.description] as const))('%s', (_id, engine, description) => {
	const props = description.properties;

	it('is named from the engine table and offered as an agent tool, its description telling the model what comes back', () => {
		expect(description.name).toBe(engine.nodeName);
		expect(description.displayName).toBe(engine.displayName);
		expect(description.usableAsTool).toBe(true);
		// The agent's description of the tool: shown on the tool variant only, used by n8n when the workflow runs.
		const toolDescription = field(props, 'toolDescription')!;
		expect(toolDescription.displayOptions).toEqual({ show: { '@tool': [true] } });
		expect(String(toolDescription.default).startsWith(`${engine.description}. `)).toBe(true);
		expect(String(toolDescription.default)).toMatch(/prompt.*link.*Markdown/s);
		expect(description.credentials).toEqual([{ name: 'octoAiApi', required: true, testedBy: 'octoAiApiTest' }]);
	});

	it('offers exactly the engine resolutions plus custom, the first as default', () => {
		const resolution = field(props, 'resolution')!;
		const options = resolution.options as Array<{ name: string; value: string }>;
		expect(options.map((o) => o.value).sort()).toEqual([...engine.resolutions.map(([w, h]) => `${w}x${h}`), 'custom'].sort());
		// Sorted by label, as n8n's lint asks; the default stays the engine's first size.
		expect(options.map((o) => o.name)).toEqual(options.map((o) => o.name).sort((a, b) => a.localeCompare(b)));
		expect(resolution.default).toBe(`${engine.resolutions[0][0]}x${engine.resolutions[0][1]}`);
	});

	it('offers the modes whose fields the engine takes', () => {
		const offered = (field(props, 'mode')!.options as Array<{ value: string }>).map((o) => o.value).sort();
		expect(offered).toEqual([...engineModes(engine)].sort());
		for (const mode of MODES) {
			expect(offered.includes(mode.value)).toBe(mode.sends.every((key) => engineTakes(engine, FIELDS.find((r) => r.wire === key)!)));
		}
	});

	it.each(FIELDS.filter(hasOwnParameter).map((row) => [row.wire, row] as const))('%s: shown where taken, refused where not', (_wire, row) => {
		const property = shown(props, row);
		if (!engineTakes(engine, row)) {
			expect(property).toBeUndefined();
			const problems = findRequestProblems(engine, { prompt: 'a fox', [row.wire]: sample(row) });
			expect(problems).toContainEqual({ field: row.wire, label: row.label, message: `is not accepted by ${engine.displayName}` });
			return;
		}
		expect(property).toBeDefined();
		expect(property!.displayName).toBe(row.label);
		const modes = engineModes(engine).filter((mode) => !row.modes || row.modes.includes(mode));
		const show = property!.displayOptions?.show;
		if (modes.length === engineModes(engine).length) expect(show?.mode ?? show?.['/mode']).toBeUndefined();
		else expect(show?.[row.place === 'options' ? '/mode' : 'mode']).toEqual(modes);
		if (row.value.type === 'number' && property!.type === 'number') {
			const { limit } = row.value;
			const step = limit.integer ? 1 : 10 ** -(row.value.precision ?? 0);
			expect(property!.typeOptions?.minValue).toBeCloseTo(limit.minExclusive ? limit.min + step : limit.min);
			if (limit.max !== undefined) expect(property!.typeOptions?.maxValue).toBe(limit.max);
			expect(property!.default).toBe(row.default);
		}
		if (row.value.type === 'enum') {
			expect((property!.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual([...row.value.values].sort());
		}
		if (row.value.type === 'boolean') expect(property!.default).toBe(row.default);
	});

	it('has ControlNet fields with the engine public ControlNets only where the engine takes them', () => {
		const controlNet = field(props, 'controlNet');
		expect(Boolean(controlNet)).toBe(engine.capabilities.has('controlnet'));
		if (controlNet) {
			expect((controlNet.options as Array<{ value: string }>).map((o) => o.value)).toEqual([...engine.controlNets!, 'custom']);
		}
	});

	it('lists only the asset pickers its fields use', () => {
		// The listSearch methods come from the registry rows the engine takes.
		const pickers = nodes.find((n) => n.engine === engine)!.node.methods?.listSearch ?? {};
		const expected = FIELDS.filter((row) => row.asset && engineTakes(engine, row)).length;
		expect(Object.keys(pickers)).toHaveLength(expected);
	});
});

describe('engine rows refuse the fields the reference takes away', () => {
	const takes = (engine: EngineSpec, wire: string) => engineTakes(engine, FIELDS.find((row) => row.wire === wire)!);
	const byId = Object.fromEntries(ENGINE_LIST.map((engine) => [engine.id, engine]));
	it.each([
		['sd3', ['sampler', 'checkpoint', 'vae', 'textual_inversions', 'outpainting', 'transfer_images', 'clip_skip', 'style_preset', 'prompt_2', 'loras', 'mask_image', 'controlnet']],
		['flux-dev', ['sampler', 'checkpoint', 'vae', 'textual_inversions', 'outpainting', 'transfer_images', 'clip_skip', 'style_preset', 'prompt_2', 'negative_prompt', 'controlnet']],
		['flux-schnell', ['sampler', 'checkpoint', 'vae', 'textual_inversions', 'outpainting', 'transfer_images', 'clip_skip', 'style_preset', 'prompt_2', 'negative_prompt', 'controlnet']],
	])('%s', (id, refused) => {
		for (const wire of refused) expect([wire, takes(byId[id], wire)]).toEqual([wire, false]);
	});
	it('FLUX takes LoRAs and masks; SD3 takes the negative prompt', () => {
		expect(takes(byId['flux-dev'], 'loras') && takes(byId['flux-dev'], 'mask_image')).toBe(true);
		expect(takes(byId.sd3, 'negative_prompt')).toBe(true);
		expect(engineModes(byId.sd3)).toEqual(['textToImage', 'imageToImage']);
		expect(engineModes(byId['flux-schnell'])).toEqual(['textToImage', 'imageToImage', 'inpainting']);
		expect(byId['flux-dev'].resolutions).toHaveLength(14);
		expect(byId.sd3.resolutions).toHaveLength(9);
	});
});

describe('labels', () => {
	const sdxl = nodes.find((n) => n.engine.id === 'sdxl')!.node.description.properties;

	it('writes resolutions with their aspect ratio', () => {
		expect(resolutionLabel([1152, 896])).toBe('Landscape 1152 × 896 (9:7)');
		expect(resolutionLabel([1024, 1024])).toBe('Square 1024 × 1024 (1:1)');
		expect(resolutionLabel([640, 1536])).toBe('Portrait 640 × 1536 (5:12)');
	});

	it('lists every style preset and sampler, premium samplers marked', () => {
		expect((field(options(sdxl), 'stylePreset')!.options as unknown[]).length).toBe(STYLE_PRESETS.length);
		const samplers = field(sdxl, 'sampler')!.options as Array<{ name: string; value: string }>;
		expect(samplers.map((o) => o.value).sort()).toEqual(SAMPLERS.map((s) => s.value).sort());
		expect(samplers.find((o) => o.value === 'HEUN')).toEqual({
			name: 'Heun (Premium, 2x Price)',
			value: 'HEUN',
			description: 'API value: HEUN',
		});
	});

	it('states each checkpoint default in the field it changes', () => {
		for (const [name, defaults] of Object.entries(CHECKPOINT_DEFAULTS)) {
			expect(field(options(sdxl), 'steps')!.description).toContain(`${defaults.steps} for ${name}`);
			expect(field(options(sdxl), 'cfgScale')!.description).toContain(`${defaults.cfg_scale} for ${name}`);
		}
	});
});

describe('Wait Mode on the video node', () => {
	const waitOptions = ['waitMode', 'pollInterval', 'maxWait'];
	const video = options(new OctoAiStableVideoDiffusion().description.properties);

	it('offers the engine nodes\' Wait Mode, Poll Interval and Max Wait, starting asynchronous', () => {
		const engine = options(nodes[0].node.description.properties);
		for (const name of waitOptions) {
			const { default: videoDefault, ...videoRest } = field(video, name)!;
			const { default: engineDefault, ...engineRest } = field(engine, name)!;
			// The same label, limits and help text; only Wait Mode's default differs.
			expect(videoRest).toEqual(engineRest);
			if (name === 'waitMode') expect([engineDefault, videoDefault]).toEqual(['sync', 'async']);
			else expect(videoDefault).toBe(engineDefault);
		}
	});
});
