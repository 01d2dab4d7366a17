import type { AssetRecord } from '../state/asset-record.cts';
import { AssetStore } from '../state/assets.cts';
import type { Tenant } from '../state/tenants.cts';
import { TuneStore, type LoraTuneDetails } from '../state/tunes.cts';

// A request settles tunes when it arrives and reads the clock again when it answers: a tune that
// ends in between must not be shown `succeeded` without its LoRA (a flake seen in CI).
test('a tune viewed after its end shows its LoRA, even when nothing settled it at that instant', () => {
	const assets = new AssetStore(0);
	const tunes = new TuneStore(assets, 10);
	const tenant = { uuid: '00000000-0000-4000-8000-000000000001', name: 'me' } as unknown as Tenant;
	const checkpoint = { id: 'asset_checkpoint', name: 'octoai:default-sdxl', data: { engine: 'image/stable-diffusion-xl-v1-0' } } as unknown as AssetRecord;
	const photo = { id: 'asset_photo', verdict: { status: 'ready' }, image: {} } as unknown as AssetRecord;
	const details = { base_checkpoint: {}, trigger_words: ['sks'], steps: 100 } as unknown as LoraTuneDetails;
	const tune = tunes.create(tenant, { name: 'my-style', continueOnRejection: false, details, checkpoint, files: [photo] }, 1_000);

	tunes.settle(tune.endAt - 1); // the request arrived just before the end
	const view = tunes.view(tune, tune.endAt); // and answered just after it
	expect(view.status).toBe('succeeded');
	expect(view.output_lora_ids).toHaveLength(1);
	expect(view.result.output_assets).toEqual(view.output_lora_ids);
	// Settled once: a later view and a later settle add no second LoRA.
	tunes.settle(tune.endAt + 5);
	expect(tunes.view(tune, tune.endAt + 10).output_lora_ids).toEqual(view.output_lora_ids);
});
