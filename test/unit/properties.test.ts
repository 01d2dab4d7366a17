import type { INodeProperties } from 'n8n-workflow';

import { OctoAiControlNetSd15 } from '../../nodes/OctoAiControlNetSd15/OctoAiControlNetSd15.node';
import { OctoAiControlNetSdxl } from '../../nodes/OctoAiControlNetSdxl/OctoAiControlNetSdxl.node';
import { OctoAiSd15 } from '../../nodes/OctoAiSd15/OctoAiSd15.node';
import { OctoAiSdxl } from '../../nodes/OctoAiSdxl/OctoAiSdxl.node';
import { ENGINES, SAMPLERS, STYLE_PRESETS } from '../../nodes/shared/engines';
import { resolutionLabel } from '../../nodes/shared/properties/resolution';

const nodes = {
	sdxl: new OctoAiSdxl(),
	sd: new OctoAiSd15(),
	'controlnet-sdxl': new OctoAiControlNetSdxl(),
	'controlnet-sd15': new OctoAiControlNetSd15(),
} as const;

function field(props: INodeProperties[], name: string): INodeProperties | undefined {
	return props.find((p) => p.name === name);
}

function optionNames(props: INodeProperties[]): string[] {
	return (field(props, 'options')!.options as INodeProperties[]).map((o) => o.name);
}

describe.each(Object.entries(nodes))('%s node fields', (id, node) => {
	const engine = ENGINES[id as keyof typeof ENGINES];
	const props = node.description.properties;

	it('is named from the engine table and usable as a tool', () => {
		expect(node.description.name).toBe(engine.nodeName);
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials).toEqual([{ name: 'octoAiApi', required: true }]);
	});

	it('offers exactly the engine resolutions plus custom', () => {
		const resolution = field(props, 'resolution')!;
		const options = resolution.options as Array<{ name: string; value: string }>;
		expect(options.map((o) => o.value).sort()).toEqual([...engine.resolutions.map(([w, h]) => `${w}x${h}`), 'custom'].sort());
		// Sorted by label, as n8n's lint asks; the default stays the engine's first size.
		expect(options.map((o) => o.name)).toEqual(options.map((o) => o.name).sort((a, b) => a.localeCompare(b)));
		expect(resolution.default).toBe(`${engine.resolutions[0][0]}x${engine.resolutions[0][1]}`);
	});

	it('offers every sampler', () => {
		const sampler = field(props, 'sampler')!;
		expect((sampler.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(
			SAMPLERS.map((s) => s.value).sort(),
		);
	});

	it('shows SDXL-only options only on SDXL engines', () => {
		const sdxlOnly = ['prompt2', 'negativePrompt2', 'useRefiner', 'highNoiseFrac', 'stylePreset'];
		const present = sdxlOnly.filter((name) => optionNames(props).includes(name));
		expect(present).toEqual(engine.fields.has('style_preset') ? sdxlOnly : []);
	});

	it('has ControlNet fields only on ControlNet engines', () => {
		expect(Boolean(field(props, 'controlImage'))).toBe(engine.fields.has('controlnet'));
		expect(optionNames(props).includes('earlyStop')).toBe(engine.fields.has('controlnet'));
		if (engine.controlNets) {
			const values = (field(props, 'controlNet')!.options as Array<{ value: string }>).map((o) => o.value);
			expect(values).toEqual([...engine.controlNets, 'custom']);
		}
	});
});

describe('labels', () => {
	it('writes resolutions with their aspect ratio', () => {
		expect(resolutionLabel([1152, 896])).toBe('Landscape 1152 × 896 (9:7)');
		expect(resolutionLabel([1024, 1024])).toBe('Square 1024 × 1024 (1:1)');
		expect(resolutionLabel([640, 1536])).toBe('Portrait 640 × 1536 (5:12)');
	});

	it('lists every style preset', () => {
		const props = nodes.sdxl.description.properties;
		const preset = (field(props, 'options')!.options as INodeProperties[]).find((o) => o.name === 'stylePreset')!;
		expect((preset.options as unknown[]).length).toBe(STYLE_PRESETS.length);
	});
});
