// The rules table against the reference's counts and the SDK's own runtime schemas.
import { OctoAI } from '@octoai/sdk';
import { imageGen } from '@octoai/sdk/serialization';
import { ENGINES, ENGINE_IDS } from './rules/engines';
import { IMAGE_ENCODINGS, SCHEDULERS, SDXL_STYLES } from './rules/enums';
import { FIELDS } from './rules/fields';

test('enums equal the SDK enums', () => {
	expect([...SCHEDULERS].sort()).toEqual(Object.values(OctoAI.imageGen.Scheduler).sort());
	expect(SCHEDULERS).toHaveLength(21);
	expect([...SDXL_STYLES].sort()).toEqual(Object.values(OctoAI.imageGen.SdxlStyles).sort());
	expect(SDXL_STYLES).toHaveLength(78);
	expect([...IMAGE_ENCODINGS].sort()).toEqual(Object.values(OctoAI.imageGen.ImageEncoding).sort());
});

test('the field table has exactly the SDK request keys', async () => {
	const sdkKeys = (await (imageGen.ImageGenerationRequest as unknown as { _getRawProperties(): Promise<string[]> })._getRawProperties()).slice();
	expect(FIELDS.map((f) => f.name).sort()).toEqual(sdkKeys.sort());
});

test('resolution tables have the reference counts and defaults are among them', () => {
	const counts = Object.fromEntries(ENGINE_IDS.map((id) => [id, ENGINES[id].resolutions.length]));
	expect(counts).toEqual({ sdxl: 9, 'controlnet-sdxl': 9, sd3: 9, sd: 25, 'controlnet-sd15': 25, 'flux-dev': 14, 'flux-schnell': 14 });
	for (const id of ENGINE_IDS) {
		const engine = ENGINES[id];
		expect(engine.resolutions).toContain(`${engine.defaultWidth}x${engine.defaultHeight}`);
	}
	// The 9 SD1.5 pairs the public docs name are all in the SDK's 25.
	for (const pair of ['512x512', '640x512', '768x512', '512x704', '512x768', '576x768', '640x768', '576x1024', '1024x576']) {
		expect(ENGINES.sd.resolutions).toContain(pair);
	}
});
