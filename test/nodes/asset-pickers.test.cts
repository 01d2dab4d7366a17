import { packageNode, runListSearch } from '../harness/index.cts';
import { CREDENTIAL, runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator();

function search(node: string, method: string, filter?: string) {
	return runListSearch(packageNode(node), method, {
		credentials: env.credentials(),
		nodeCredentials: { octoAiApi: CREDENTIAL },
		filter,
	});
}

describe('asset pickers (listSearch) in the engine nodes', () => {
	it('lists checkpoints built for the engine family, and only those', async () => {
		const sdxl = await search('octoAiSdxl', 'searchCheckpoints');
		const names = sdxl.results.map((r) => r.value);
		expect(names).toEqual(expect.arrayContaining(['octoai:lightning_sdxl', 'octoai:RealVisXL']));
		expect(names).not.toContain('octoai:realcartoon');
		const sd15 = await search('octoAiSd15', 'searchCheckpoints');
		expect(sd15.results.map((r) => r.value)).toContain('octoai:realcartoon');
		expect(sd15.results.map((r) => r.value)).not.toContain('octoai:RealVisXL');
		// ControlNet engines take their base family's assets.
		const controlNet = await search('octoAiControlNetSdxl', 'searchCheckpoints');
		expect(controlNet.results.map((r) => r.value)).toEqual(names);
	});

	it('filters by a typed substring, case-insensitively', async () => {
		const result = await search('octoAiSdxl', 'searchCheckpoints', 'realvis');
		expect(result.results.map((r) => r.value)).toEqual(['octoai:RealVisXL']);
	});

	it('lists LoRAs, textual inversions and VAEs, with trigger words in the description', async () => {
		const loras = await search('octoAiSdxl', 'searchLoras');
		expect(loras.results.find((r) => r.value === 'octoai:crayon-style')?.description).toContain('Trigger: crayon drawing');
		const inversions = await search('octoAiSdxl', 'searchTextualInversions');
		expect(inversions.results.map((r) => r.value)).toContain('octoai:NegativeXL');
		const vaes = await search('octoAiSdxl', 'searchVaes');
		expect(vaes.results.map((r) => r.value)).toContain('octoai:sdxl-vae-fp16-fix');
	});

	it('sends the token to the platform API for the listing', async () => {
		const before = env.emulator.requests({ token: env.token }).length;
		await search('octoAiSd15', 'searchLoras');
		const [request] = env.emulator.requests({ token: env.token }).slice(before);
		expect(request).toMatchObject({ method: 'GET', path: '/v1/assets', status: 200 });
		expect(request.query).toMatchObject({ asset_type: 'lora', engine: 'image/stable-diffusion-v1-5' });
	});

	it('a picked asset (resource locator value) is what the request sends', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'a fox, crayon drawing',
			checkpoint: { __rl: true, mode: 'list', value: 'octoai:RealVisXL', cachedResultName: 'octoai:RealVisXL' },
			loras: { entries: [{ name: { __rl: true, mode: 'name', value: 'octoai:crayon-style' }, weight: 0.9 }] },
			textualInversions: {
				entries: [{ name: { __rl: true, mode: 'list', value: 'octoai:NegativeXL' }, triggerWord: 'NegativeXL' }],
			},
			options: { vae: { __rl: true, mode: 'list', value: 'octoai:sdxl-vae-fp16-fix' } },
		});
		expect(result.error).toBeUndefined();
		const requests = env.generateRequests();
		expect(requests[requests.length - 1].body).toMatchObject({
			checkpoint: 'octoai:RealVisXL',
			loras: { 'octoai:crayon-style': 0.9 },
			textual_inversions: { 'octoai:NegativeXL': 'NegativeXL' },
			vae: 'octoai:sdxl-vae-fp16-fix',
		});
	});

	it('takes an expression in the picker', async () => {
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'a fox', checkpoint: { __rl: true, mode: 'name', value: '={{ $json.model }}' } },
			{ inputItems: [{ json: { model: 'octoai:lightning_sdxl' } }] },
		);
		expect(result.error).toBeUndefined();
		const requests = env.generateRequests();
		expect(requests[requests.length - 1].body).toMatchObject({ checkpoint: 'octoai:lightning_sdxl', steps: 8 });
	});
});
