// Generation takes only assets the caller can see, of the field's kind, ready, and built for the
// engine's model family; anything else is a 422 at the field that names the asset and the reason.
import { startEmulator, type Emulator } from '../index.cts';
import { call, decode, generate, makeImage, meanAbsDiff, safetensors, settledAsset, uploadAsset } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ assetReadyMs: 0 });
	const up = (name: string, asset_type: string, engine: string, bytes = safetensors()) =>
		uploadAsset(emulator, { name, asset_type, data: { asset_type, engine, file_format: 'safetensors' } }, bytes);
	await up('my-xl-lora', 'lora', SDXL);
	await up('my-sd-lora', 'lora', SD15);
	await up('my-flux-lora', 'lora', 'image/flux-dev');
	await up('my-xl-ckpt', 'checkpoint', SDXL);
	await up('my-xl-ti', 'textual_inversion', SDXL);
	await up('my-xl-vae', 'vae', SDXL);
	await up('broken-lora', 'lora', SDXL, Buffer.from('not safetensors'));
	await settledAsset(emulator, 'broken-lora');
	const photo = Buffer.from(await makeImage(8, 8, () => [0, 0, 0]), 'base64');
	await uploadAsset(emulator, { name: 'a-photo', asset_type: 'file', data: { asset_type: 'file' } }, photo);
	const mine = (await call(emulator, 'GET', '/v1/assets/my-xl-lora')).json.asset;
	owner = `tenant-${mine.tenant_uuid.slice(0, 8)}`;
	myLoraId = mine.id;
	myCheckpointId = (await call(emulator, 'GET', '/v1/assets/my-xl-ckpt')).json.asset.id;
	control = await makeImage(64, 64, (x) => (x < 32 ? [0, 0, 0] : [255, 255, 255]));
});
afterAll(() => emulator.close());

const SDXL = 'image/stable-diffusion-xl-v1-0';
const SD15 = 'image/stable-diffusion-v1-5';
let owner: string;
let myLoraId: string;
let myCheckpointId: string;
let control: string;
const sdxl = { prompt: 'assets', width: 1024, height: 1024 };
const sd = { prompt: 'assets', width: 512, height: 512 };
const flux = { prompt: 'assets', width: 512, height: 512 };

describe('accepted', () => {
	test.each([
		['public assets of every kind on sdxl', 'sdxl', () => ({ ...sdxl, checkpoint: 'octoai:RealVisXL', loras: { 'octoai:add-detail': 0.5, 'octoai:crayon-style': 1 }, textual_inversions: { 'octoai:NegativeXL': 'NegativeXL' }, vae: 'octoai:sdxl-vae-fp16-fix' })],
		['an SD 1.5 checkpoint on sd', 'sd', () => ({ ...sd, checkpoint: 'octoai:realcartoon' })],
		['the fine-tuning base checkpoints', 'sd', () => ({ ...sd, checkpoint: 'octoai:default-sd15' })],
		['private assets by bare name', 'sdxl', () => ({ ...sdxl, checkpoint: 'my-xl-ckpt', loras: { 'my-xl-lora': 0.8 }, textual_inversions: { 'my-xl-ti': 'tok' }, vae: 'my-xl-vae' })],
		['private assets by owner:name', 'sdxl', () => ({ ...sdxl, loras: { [`${owner}:my-xl-lora`]: 0.8 } })],
		['a private SD 1.5 LoRA on sd', 'sd', () => ({ ...sd, loras: { 'my-sd-lora': 1 } })],
		['a private FLUX dev LoRA on flux-dev', 'flux-dev', () => ({ ...flux, loras: { 'my-flux-lora': 1 } })],
		['SDXL assets and an SDXL ControlNet on controlnet-sdxl', 'controlnet-sdxl', () => ({ ...sdxl, controlnet_image: control, controlnet: 'octoai:depth_sdxl', loras: { 'my-xl-lora': 1 }, checkpoint: 'octoai:samaritan' })],
		// Part C.5: assets by id, public names without the prefix (ControlNets too), the guides' catalogue.
		['private assets by asset id', 'sdxl', () => ({ ...sdxl, checkpoint: myCheckpointId, loras: { [myLoraId]: 1 } })],
		['a public asset by id', 'sdxl', () => ({ ...sdxl, checkpoint: 'asset_01HPUB00000000000000000002' })],
		['public names without octoai:', 'sdxl', () => ({ ...sdxl, checkpoint: 'RealVisXL', loras: { 'add-detail': 0.3 }, textual_inversions: { NegativeXL: 'NegativeXL' }, vae: 'sdxl-vae-fp16-fix' })],
		['a bare public ControlNet', 'controlnet-sdxl', () => ({ ...sdxl, controlnet_image: control, controlnet: 'depth_sdxl' })],
		['the LCM checkpoint with the LCM sampler', 'sdxl', () => ({ ...sdxl, checkpoint: 'octoai:lcm_sdxl', sampler: 'LCM', steps: 4, cfg_scale: 1.3 })],
		['guide assets: Juggernaut and more_art', 'sdxl', () => ({ ...sdxl, checkpoint: 'octoai:rundiffusion-juggernaut-xii', loras: { 'octoai:more_art': 1, 'octoai:add-detail': 0.3 } })],
		['the guides\' SD 1.5 ControlNets', 'controlnet-sd15', () => ({ ...sd, controlnet_image: control, controlnet: 'octoai:tile_sd15' })],
		['SD 1.5 assets and an SD 1.5 ControlNet on controlnet-sd15', 'controlnet-sd15', () => ({ ...sd, controlnet_image: control, controlnet: 'octoai:openpose_sd15', checkpoint: 'octoai:realcartoon', loras: { 'my-sd-lora': 1 } })],
	])('%s', async (_what, engine, body) => {
		const res = await generate(emulator, engine, body());
		expect({ status: res.status, detail: res.json.detail }).toEqual({ status: 200, detail: undefined });
	});
});

describe('refused', () => {
	const issue = (loc: unknown[], msg: string) => ({ loc, msg: `Value error, ${msg}`, type: 'value_error' });
	test.each([
		['an unknown LoRA', 'sdxl', { ...sdxl, loras: { 'no-such-lora': 1 } }, issue(['body', 'loras', 'no-such-lora'], "LoRA 'no-such-lora' is unknown: it is neither in the public library (octoai:<name> or <name>) nor an asset of this account (its id, <name> or <owner>:<name>)")],
		['another tenant-looking owner', 'sdxl', { ...sdxl, checkpoint: 'someone:RealVisXL' }, expect.objectContaining({ loc: ['body', 'checkpoint'], msg: expect.stringMatching(/checkpoint 'someone:RealVisXL' is unknown/) })],
		['an SD 1.5 LoRA on sdxl', 'sdxl', { ...sdxl, loras: { 'my-sd-lora': 1 } }, issue(['body', 'loras', 'my-sd-lora'], "LoRA 'my-sd-lora' is built for SD 1.5, not SDXL: engine 'sdxl' takes image/stable-diffusion-xl-v1-0 assets")],
		['an SDXL LoRA on sd', 'sd', { ...sd, loras: { 'octoai:add-detail': 1 } }, issue(['body', 'loras', 'octoai:add-detail'], "LoRA 'octoai:add-detail' is built for SDXL, not SD 1.5: engine 'sd' takes image/stable-diffusion-v1-5 assets")],
		['an SD 1.5 checkpoint on sdxl', 'sdxl', { ...sdxl, checkpoint: 'octoai:realcartoon' }, issue(['body', 'checkpoint'], "checkpoint 'octoai:realcartoon' is built for SD 1.5, not SDXL: engine 'sdxl' takes image/stable-diffusion-xl-v1-0 assets")],
		['an SDXL LoRA on flux-dev', 'flux-dev', { ...flux, loras: { 'my-xl-lora': 1 } }, expect.objectContaining({ loc: ['body', 'loras', 'my-xl-lora'], msg: expect.stringMatching(/built for SDXL, not FLUX dev/) })],
		['a FLUX dev LoRA on flux-schnell', 'flux-schnell', { ...flux, loras: { 'my-flux-lora': 1 } }, expect.objectContaining({ msg: expect.stringMatching(/built for FLUX dev, not FLUX schnell/) })],
		['a LoRA given as checkpoint', 'sdxl', { ...sdxl, checkpoint: 'octoai:crayon-style' }, issue(['body', 'checkpoint'], "'octoai:crayon-style' is a LoRA, not a checkpoint")],
		['a checkpoint given as VAE', 'sdxl', { ...sdxl, vae: 'my-xl-ckpt' }, issue(['body', 'vae'], "'my-xl-ckpt' is a checkpoint, not a VAE")],
		['a textual inversion given as LoRA', 'sdxl', { ...sdxl, loras: { 'octoai:NegativeXL': 1 } }, issue(['body', 'loras', 'octoai:NegativeXL'], "'octoai:NegativeXL' is a textual inversion, not a LoRA")],
		['a file given as textual inversion', 'sdxl', { ...sdxl, textual_inversions: { 'a-photo': 'x' } }, issue(['body', 'textual_inversions', 'a-photo'], "'a-photo' is a file, not a textual inversion")],
		['a rejected LoRA', 'sdxl', { ...sdxl, loras: { 'broken-lora': 1 } }, issue(['body', 'loras', 'broken-lora'], "LoRA 'broken-lora' is not ready (status rejected)")],
		['an SD 1.5 ControlNet on controlnet-sdxl', 'controlnet-sdxl', { ...sdxl, controlnet_image: '', controlnet: 'octoai:canny_sd15' }, issue(['body', 'controlnet'], "ControlNet 'octoai:canny_sd15' is built for ControlNet SD 1.5, not ControlNet SDXL: engine 'controlnet-sdxl' takes image/controlnet-sdxl ControlNets")],
		['an unknown ControlNet', 'controlnet-sd15', { ...sd, controlnet_image: '', controlnet: 'octoai:softedge_sd15' }, expect.objectContaining({ loc: ['body', 'controlnet'], msg: expect.stringMatching(/ControlNet 'octoai:softedge_sd15' is unknown/) })],
		['a LoRA as ControlNet', 'controlnet-sdxl', { ...sdxl, controlnet_image: '', controlnet: 'my-xl-lora' }, issue(['body', 'controlnet'], "'my-xl-lora' is a LoRA, not a ControlNet")],
		['an SD 1.5 LoRA on controlnet-sdxl', 'controlnet-sdxl', { ...sdxl, controlnet_image: '', controlnet: 'octoai:canny_sdxl', loras: { 'my-sd-lora': 1 } }, expect.objectContaining({ loc: ['body', 'loras', 'my-sd-lora'] })],
	])('%s', async (_what, engine, body, expected) => {
		const res = await generate(emulator, engine, { ...body, ...('controlnet_image' in body && { controlnet_image: control }) });
		expect(res.status).toBe(422);
		expect(res.json.detail).toEqual([expected]);
	});

	test('a LoRA with a null weight is still checked', async () => {
		const res = await generate(emulator, 'sdxl', { ...sdxl, loras: { 'octoai:crayon-style': null, ghost: null } });
		expect(res.json.detail).toEqual([expect.objectContaining({ loc: ['body', 'loras', 'ghost'] })]);
	});

	test('asset problems are listed with every other problem of the request, each LoRA on its own', async () => {
		const res = await generate(emulator, 'sdxl', { ...sdxl, steps: 0, checkpoint: 'nope', loras: { 'my-xl-lora': 1, 'my-sd-lora': 1, other: 2 }, vae: 7 });
		expect(res.status).toBe(422);
		expect(res.json.detail.map((d: { loc: unknown[] }) => d.loc.join('.')).sort()).toEqual(
			['body.checkpoint', 'body.loras.my-sd-lora', 'body.loras.other', 'body.steps', 'body.vae'].sort(),
		);
		// vae failed its type check, so it is not looked up as well.
		expect(res.json.detail.find((d: { loc: unknown[] }) => d.loc[1] === 'vae').type).toBe('string_type');
	});

	test('an asset that is still uploading is not ready', async () => {
		const slow = await startEmulator({ assetReadyMs: 60_000 });
		try {
			await uploadAsset(slow, { name: 'slow-lora', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL } }, safetensors());
			const res = await generate(slow, 'sdxl', { ...sdxl, loras: { 'slow-lora': 1 } });
			expect(res.json.detail).toEqual([issue(['body', 'loras', 'slow-lora'], "LoRA 'slow-lora' is not ready (status uploaded)")]);
			await call(slow, 'POST', '/v1/assets', { body: { description: null, name: 'empty-lora', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL } } });
			const empty = await generate(slow, 'sdxl', { ...sdxl, loras: { 'empty-lora': 1 } });
			expect(empty.json.detail[0].msg).toMatch(/'empty-lora' is not ready \(status ready_to_upload\)/);
		} finally {
			await slow.close();
		}
	});

	test('a deleted asset is unknown', async () => {
		const { id } = await uploadAsset(emulator, { name: 'short-lived', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL } }, safetensors());
		expect((await generate(emulator, 'sdxl', { ...sdxl, loras: { 'short-lived': 1 } })).status).toBe(200);
		await call(emulator, 'DELETE', `/v1/assets/${id}`);
		const res = await generate(emulator, 'sdxl', { ...sdxl, loras: { 'short-lived': 1 } });
		expect(res.json.detail[0].msg).toMatch(/LoRA 'short-lived' is unknown/);
	});
});

test('the picture still depends on the assets used', async () => {
	const image = async (loras: Record<string, number>) => decode((await generate(emulator, 'sdxl', { ...sdxl, seed: 5, loras })).json.images[0].image_b64);
	const [a, b, a2] = await Promise.all([image({ 'my-xl-lora': 1 }), image({ 'octoai:crayon-style': 1 }), image({ 'my-xl-lora': 1 })]);
	expect(meanAbsDiff(a.data, a2.data)).toBe(0);
	expect(meanAbsDiff(a.data, b.data)).toBeGreaterThan(5);
});
