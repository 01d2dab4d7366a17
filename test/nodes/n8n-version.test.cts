// An n8n older than the package supports: n8n cannot refuse the install by version (its lint requires
// the peer range "*" and its installer drops peerDependencies), so each node checks what n8n offers
// when a run starts. Older n8n is simulated in n8n's real execution engine by taking away, from the
// execute context, a method or a helper the package calls.
import { ExecuteContext } from 'n8n-core';

import { OLDEST_SUPPORTED_N8N, missingN8nFeatures } from '../../nodes/shared/run/n8n-version';
import { runEngineNode, useEmulator } from './helpers.cts';
import { runPlatformNode, trainingItems } from './platform-helpers.cts';

const env = useEmulator();

type Restore = () => void;

/** Execute contexts built from now on lack their own method `name` (until the returned function runs). */
function withoutMethod(name: string): Restore {
	// The method may be ExecuteContext's own (addExecutionHints) or inherited (getExecutionCancelSignal).
	const own = Object.getOwnPropertyDescriptor(ExecuteContext.prototype, name);
	Object.defineProperty(ExecuteContext.prototype, name, { value: undefined, configurable: true, writable: true });
	return () => {
		if (own) Object.defineProperty(ExecuteContext.prototype, name, own);
		else delete (ExecuteContext.prototype as unknown as Record<string, unknown>)[name];
	};
}

/** Execute contexts built from now on get helpers without `name`, as an n8n that never had it. */
function withoutHelper(name: string): Restore {
	Object.defineProperty(ExecuteContext.prototype, 'helpers', {
		configurable: true,
		set(this: object, helpers: Record<string, unknown>) {
			const { [name]: _dropped, ...rest } = helpers;
			Object.defineProperty(this, 'helpers', { value: rest, writable: true, enumerable: true, configurable: true });
		},
	});
	return () => {
		delete (ExecuteContext.prototype as unknown as Record<string, unknown>).helpers;
	};
}

let restore: Restore | undefined;
afterEach(() => {
	restore?.();
	restore = undefined;
});

const SUPPORT = new RegExp(`need n8n ${OLDEST_SUPPORTED_N8N.replace(/\./g, '\\.')} or newer`);

describe('an n8n older than the package supports', () => {
	it('stops an engine node before anything is sent, naming the missing method and the oldest release', async () => {
		restore = withoutMethod('getExecutionCancelSignal');
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a red fox' });
		expect(result.status).toBe('error');
		expect(result.error!.message).toBe('This n8n is older than the OctoAI nodes support: it has no getExecutionCancelSignal');
		expect(result.error!.description).toMatch(SUPPORT);
		expect(env.generateRequests()).toEqual([]);
	});

	it('stops the video node the same way when a binary helper is missing', async () => {
		restore = withoutHelper('assertBinaryData');
		const before = env.generateRequests().length;
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { image: 'https://example.com/a.png' });
		expect(result.error!.message).toBe('This n8n is older than the OctoAI nodes support: it has no helpers.assertBinaryData');
		expect(env.generateRequests()).toHaveLength(before);
	});

	it('stops the platform nodes too, even with Continue On Fail, where the operation itself would not need what is missing', async () => {
		// Get Many uses no binary helper: without the check it would be sent.
		restore = withoutHelper('getBinaryDataBuffer');
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'list' }, { continueOnFail: true });
		expect(result.status).toBe('error');
		expect(result.error!.message).toBe('This n8n is older than the OctoAI nodes support: it has no helpers.getBinaryDataBuffer');
		expect(result.error!.description).toMatch(SUPPORT);
		expect(env.emulator.log.slice(before).filter((entry) => entry.token === env.token)).toEqual([]);
	});

	it("stops Fine-Tuning's Create (one run for all items) before any training image is uploaded", async () => {
		// An agent tool's context in n8n before late 1.x had no addExecutionHints, which the nodes call after billed work.
		restore = withoutMethod('addExecutionHints');
		const before = env.emulator.log.length;
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			{ operation: 'create', tuneName: 'old-n8n', triggerWord: 'sks dog', waitForCompletion: false },
			{ inputItems: await trainingItems(2) },
		);
		expect(result.error!.message).toBe('This n8n is older than the OctoAI nodes support: it has no addExecutionHints');
		expect(env.emulator.log.slice(before).filter((entry) => entry.token === env.token)).toEqual([]);
	});

	it('runs as before on the n8n the tests run (the simulation is undone)', async () => {
		const result = await runEngineNode(env, 'octoAiSd15', { prompt: 'a red fox' });
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
	});

	it('lists everything missing at once', () => {
		const bare = { helpers: { httpRequest: () => undefined }, getInputData: () => [] } as never;
		expect(missingN8nFeatures(bare)).toEqual([
			'getExecutionCancelSignal',
			'addExecutionHints',
			'continueOnFail',
			'getNodeParameter',
			'getCredentials',
			'getExecutionId',
			'helpers.prepareBinaryData',
			'helpers.getBinaryDataBuffer',
			'helpers.assertBinaryData',
		]);
	});
});
