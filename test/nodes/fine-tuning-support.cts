// What the Fine-Tuning test files share: engines, fast polling, parameters of a Create LoRA Tune run,
// and looks at the emulator (as the test, not the node) for tunes, uploads and deletions.
import type { TestEnv } from './helpers.cts';
import { api, requestsSince, uniqueName } from './platform-helpers.cts';

export const SD15 = 'image/stable-diffusion-v1-5';
export const SDXL = 'image/stable-diffusion-xl-v1-0';
export const FAST = { pollInterval: 0.1 };

/** Polls the API (as the test, not the node) until the env has a pending tune that the test has not seen yet. */
const seenTunes = new Set<string>();
export async function waitForTuneToExist(target: TestEnv): Promise<{ id: string; name: string }> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const { body } = await api<{ data: Array<{ id: string; name: string; status: string }> }>(target, 'GET', '/v1/tunes?limit=1000');
		const fresh = body.data.find((tune) => tune.status === 'pending' && !seenTunes.has(tune.id));
		if (fresh) {
			seenTunes.add(fresh.id);
			return fresh;
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error('no new tune appeared');
}

/** Parameters of a Create LoRA Tune run; the tune name must not contain the emulator's failure word. */
export function createParameters(overrides: Record<string, unknown> = {}) {
	return {
		operation: 'create',
		tuneName: uniqueName('dog'),
		triggerWord: 'sks dog',
		options: FAST,
		...overrides,
	};
}

/** The file assets a run uploaded (ids from its complete-upload calls) and the ids it deleted. */
export function uploadsAndDeletes(target: TestEnv, before: number) {
	const sent = requestsSince(target, before);
	return {
		uploaded: sent.filter((entry) => entry.path.endsWith('/complete-upload')).map((entry) => entry.path.split('/')[3]),
		deleted: sent.filter((entry) => entry.method === 'DELETE').map((entry) => entry.path.split('/')[3]),
		tunes: sent.filter((entry) => entry.method === 'POST' && entry.path === '/v1/tune').length,
	};
}

export async function statusOf(target: TestEnv, id: string): Promise<string> {
	return (await api<{ asset: { status: string } }>(target, 'GET', `/v1/assets/${id}`)).body.asset.status;
}
