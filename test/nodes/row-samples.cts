// Values for every request-field row, as a user could set them in a workflow, and the value each
// must reach the request body as: used by the walk over every row of every endpoint (rows.test.cts).
import type { EngineSpec } from '../../nodes/shared/fields/engines';
import type { EngineRow, FieldRow } from '../../nodes/shared/fields/registry';

export interface Sample {
	/** The parameter's value in the workflow JSON. */
	param: unknown;
	/** What the body must hold under the row's wire key (a function to test it where it is built). */
	wire: unknown;
}

const isBase64 = (value: unknown) => typeof value === 'string' && /^[A-Za-z0-9+/]+=*$/.test(value) && value.length > 100;
const locator = (value: string) => ({ __rl: true, mode: 'name', value });

/** Public assets of each engine family the emulator's library holds (none for SD 1.5 LoRAs, FLUX, SD3). */
const ASSETS: Partial<Record<string, Partial<Record<string, string>>>> = {
	sdxl: { checkpoint: 'octoai:RealVisXL', lora: 'octoai:add-detail', textual_inversion: 'octoai:NegativeXL', vae: 'octoai:sdxl-vae-fp16-fix' },
	'controlnet-sdxl': { checkpoint: 'octoai:samaritan', lora: 'octoai:add-detail' },
	sd: { checkpoint: 'octoai:realcartoon' },
	'controlnet-sd15': { checkpoint: 'octoai:realcartoon' },
};

/** Text a row takes where any text would not do (an asset, a style the service knows). */
const TEXT: Record<string, string> = { checkpoint: 'octoai:realcartoon', style_preset: 'base', prompt: 'sky' };

/** A value of the row's own kind within its rule: its default where it has one. */
export function plainSample(row: FieldRow): Sample | undefined {
	const v = row.value;
	switch (v.type) {
		case 'number':
		case 'boolean':
		case 'enum':
			return { param: row.default, wire: row.default };
		case 'text': {
			const text = TEXT[row.wire] ?? `a ${row.label.toLowerCase()} sample`;
			return { param: text, wire: text };
		}
		case 'seed':
			return { param: '5', wire: 5 };
		case 'nameMap':
			return { param: '{"octoai:add-detail": 0.5}', wire: { 'octoai:add-detail': 0.5 } };
		case 'integers':
			return v.corners ? { param: '10, 20, 300, 400', wire: [[10, 20], [300, 400]] } : { param: '1, 2, 3, 4', wire: [1, 2, 3, 4] };
		case 'points':
			// On the first face of the test picture (emulator/utilities/scenes.cts twoFaces), or off it in a corner.
			return row.wire === 'background_points' ? { param: '5, 5', wire: [[5, 5]] } : { param: '160, 200', wire: [[160, 200]] };
		case 'image':
			return { param: 'data', wire: isBase64 };
		case 'size': {
			// The body holds the table's width under `width` (and its height under `height`).
			const size = String(row.default ?? v.sizes[0]);
			return { param: size, wire: Number(size.split('x')[0]) };
		}
		default:
			return undefined;
	}
}

/** An engine row's value on one engine; undefined where the emulator holds no asset of the engine's family. */
export function engineSample(engine: EngineSpec, row: EngineRow): Sample | undefined {
	switch (row.read) {
		case 'asset': {
			const name = ASSETS[engine.id]?.[row.asset!];
			return name ? { param: locator(name), wire: name } : undefined;
		}
		case 'pairs': {
			const name = ASSETS[engine.id]?.[row.asset!];
			if (!name) return undefined;
			const value = row.entry!.valueField.type === 'number' ? 0.5 : 'NegativeXL';
			return { param: { entries: [{ name: locator(name), [row.entry!.valueField.name]: value }] }, wire: { [name]: value } };
		}
		case 'photos':
			return { param: { entries: [{ triggerWord: 'sks', binaryFields: 'data' }] }, wire: (v: unknown) => isBase64((v as Record<string, unknown[]>)?.sks?.[0]) };
		case 'controlnet':
			return { param: engine.controlNets![0], wire: engine.controlNets![0] };
		case 'image':
			return { param: row.wire === 'controlnet_image' ? 'control' : row.wire === 'mask_image' ? 'mask' : 'data', wire: isBase64 };
		case 'mode':
			return { param: undefined, wire: true };
		case 'size': {
			const [width, height] = engine.resolutions[0];
			return { param: undefined, wire: row.wire === 'width' ? width : height };
		}
		case 'prompt':
			return { param: 'a photo of sks by the sea', wire: 'a photo of sks by the sea' };
		default:
			return plainSample(row);
	}
}

/** Whether the body's value is the sample's. */
export function reached(sample: Sample, value: unknown): boolean {
	return typeof sample.wire === 'function' ? (sample.wire as (v: unknown) => boolean)(value) : JSON.stringify(value) === JSON.stringify(sample.wire);
}
