import { apiOption, apiOptions, displayName } from '../../nodes/shared/fields/display-names';
import { ENGINES } from '../../nodes/shared/fields/engines';
import { SAMPLERS, STYLE_PRESETS } from '../../nodes/shared/fields/registry/values';
import { FILE_EXTENSIONS } from '../../nodes/shared/platform/enums';

describe('display names', () => {
	it('names ids a person understands and keeps the API value as the value sent', () => {
		expect(apiOption('octoai:canny_sdxl')).toEqual({
			name: 'Canny Edges',
			value: 'octoai:canny_sdxl',
			description: 'API value: octoai:canny_sdxl',
		});
		expect(displayName('DPM_2_ANCESTRAL_KARRAS')).toBe('DPM2 Ancestral Karras');
		expect(displayName('3d-model')).toBe('3D Model');
		expect(displayName('line-art')).toBe('Line Art');
		expect(displayName('Pokémon')).toBe('Pokémon');
		expect(displayName('jsonl')).toBe('JSON Lines (.jsonl)');
	});

	it('gives every sampler, ControlNet, style preset and file extension a name that is not its raw id', () => {
		const ids = [
			...SAMPLERS.map((s) => s.value),
			...Object.values(ENGINES).flatMap((e) => e.controlNets ?? []),
			...STYLE_PRESETS,
			...FILE_EXTENSIONS,
		];
		for (const id of ids) {
			const name = displayName(id);
			expect(name).not.toMatch(/_|^[a-z]|octoai:/);
		}
		// Names within one list stay distinct, so no two options look alike.
		expect(new Set(STYLE_PRESETS.map(displayName)).size).toBe(STYLE_PRESETS.length);
		expect(new Set(SAMPLERS.map((s) => displayName(s.value))).size).toBe(SAMPLERS.length);
	});

	it('sorts options by name and adds a note after it', () => {
		const options = apiOptions(['K_EULER', 'DDIM', 'HEUN'], (v) => (v === 'HEUN' ? '(Premium, 2x Price)' : undefined));
		expect(options.map((o) => o.name)).toEqual(['DDIM', 'Euler', 'Heun (Premium, 2x Price)']);
		expect(options.map((o) => o.value)).toEqual(['DDIM', 'K_EULER', 'HEUN']);
	});
});
