// The rules table against the reference's counts and the SDK's own runtime schemas.
import { OctoAI } from '@octoai/sdk';
import { assetLibrary, fineTuning, imageGen } from '@octoai/sdk/serialization';
import * as assetEnums from '../rules/asset-enums.cts';
import { ASSET_DATA, COMPLETE_UPLOAD_REQUEST, CREATE_ASSET_REQUEST } from '../rules/asset-requests.cts';
import { ENGINES, ENGINE_IDS } from '../rules/engines.cts';
import { IMAGE_ENCODINGS, SCHEDULERS, SDXL_STYLES } from '../rules/enums.cts';
import { FIELDS } from '../rules/fields.cts';
import { CREATE_TUNE_REQUEST } from '../rules/tune-requests.cts';
import type { ObjectSpec, ValueSpec } from '../rules/values.cts';

/** The wire keys an SDK object schema knows. */
const sdkKeys = async (schema: unknown) => (await (schema as { _getRawProperties(): Promise<string[]> })._getRawProperties()).slice().sort();
const keysOf = (spec: ObjectSpec) => spec.fields.map((f) => f.name).sort();
const field = (spec: ObjectSpec, name: string) => spec.fields.find((f) => f.name === name) as ValueSpec;

test('enums equal the SDK enums', () => {
	expect([...SCHEDULERS].sort()).toEqual(Object.values(OctoAI.imageGen.Scheduler).sort());
	expect(SCHEDULERS).toHaveLength(21);
	expect([...SDXL_STYLES].sort()).toEqual(Object.values(OctoAI.imageGen.SdxlStyles).sort());
	expect(SDXL_STYLES).toHaveLength(78);
	expect([...IMAGE_ENCODINGS].sort()).toEqual(Object.values(OctoAI.imageGen.ImageEncoding).sort());
});

test('the field table has exactly the SDK request keys, plus enable_safety of the server exports', async () => {
	const sdkKeys = (await (imageGen.ImageGenerationRequest as unknown as { _getRawProperties(): Promise<string[]> })._getRawProperties()).slice();
	expect(FIELDS.map((f) => f.name).sort()).toEqual([...sdkKeys, 'enable_safety'].sort());
});

test('exactly the fields the server export types without null are non-nullable', () => {
	// The export's fields without `anyOf [..., null]` (reference Part C.1), plus enable_safety of the older exports.
	const exportNonNullable = [
		'cfg_scale', 'controlnet_conditioning_scale', 'controlnet_preprocess', 'high_noise_frac', 'image_encoding', 'inpaint_full_res',
		'inpaint_full_res_padding', 'log_prompt', 'num_images', 'outpainting', 'prompt', 'sampler', 'steps', 'strength', 'use_refiner', 'enable_safety',
	];
	expect(FIELDS.filter((f) => !f.nullable).map((f) => f.name).sort()).toEqual(exportNonNullable.sort());
	expect(FIELDS.find((f) => f.name === 'image_encoding')?.default).toBe('jpeg');
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

test('asset-library and fine-tuning enums equal the SDK enums', () => {
	const same = (ours: readonly string[], sdk: object) => expect([...ours].sort()).toEqual(Object.values(sdk).sort());
	const a = OctoAI.assetLibrary;
	same(assetEnums.ASSET_TYPES, a.AssetType);
	same(assetEnums.ASSET_STATUSES, a.Status);
	same(assetEnums.TRANSFER_API_TYPES, a.TransferApiType);
	same(assetEnums.DATA_TYPES, a.DataType);
	same(assetEnums.FILE_FORMATS, a.FileFormat);
	same(assetEnums.FILE_EXTENSIONS, a.FileExtension);
	same(assetEnums.FILE_STRUCTURES, a.FileStructure);
	same(assetEnums.BASE_ENGINE_TYPES, a.BaseEngineType);
	same(assetEnums.BASE_ENGINES, a.BaseEngine);
	same(assetEnums.TUNE_BASE_ENGINES, OctoAI.fineTuning.BaseEngine);
	same(assetEnums.TUNE_STATUSES, OctoAI.fineTuning.TuneStatus);
	same(assetEnums.TUNE_TYPES, OctoAI.fineTuning.TuneType);
});

test('the asset request tables have exactly the SDK request keys, variant by variant', async () => {
	expect(keysOf(CREATE_ASSET_REQUEST)).toEqual(await sdkKeys(assetLibrary.CreateAssetRequest));
	expect(keysOf(COMPLETE_UPLOAD_REQUEST)).toEqual(await sdkKeys(assetLibrary.CompleteAssetUploadRequest));
	const variants = (ASSET_DATA as Extract<ValueSpec, { type: 'union' }>).variants;
	const sdkVariants = {
		checkpoint: assetLibrary.CheckpointData,
		lora: assetLibrary.LoraData,
		textual_inversion: assetLibrary.TextualInversionData,
		vae: assetLibrary.VaeData,
		latent: assetLibrary.LatentData,
		file: assetLibrary.FileData,
	};
	expect(Object.keys(variants).sort()).toEqual(Object.keys(sdkVariants).sort());
	for (const [type, schema] of Object.entries(sdkVariants)) expect([type, keysOf(variants[type])]).toEqual([type, await sdkKeys(schema)]);
});

test('the tune request table has exactly the SDK request keys', async () => {
	expect(keysOf(CREATE_TUNE_REQUEST)).toEqual(await sdkKeys(fineTuning.CreateTuneRequest));
	const loraTune = (field(CREATE_TUNE_REQUEST, 'details') as Extract<ValueSpec, { type: 'union' }>).variants.lora_tune;
	expect(keysOf(loraTune)).toEqual(await sdkKeys(fineTuning.LoraTune));
	expect(keysOf(field(loraTune, 'base_checkpoint') as ObjectSpec)).toEqual(await sdkKeys(fineTuning.LoraTuneCheckpoint));
	expect(keysOf((field(loraTune, 'files') as Extract<ValueSpec, { type: 'list' }>).items as ObjectSpec)).toEqual(await sdkKeys(fineTuning.LoraTuneFile));
});
