// What the hostile-server test files (issue 10, classes 1, 2, 3, 6 and 7) share: their reliability
// suite and emulator, the hostile server and a second one to redirect to, sample answers, and runners
// that point a node, a platform node or a picker at the hostile server.
import type { INodeParameters } from 'n8n-workflow';

import { packageNode, runListSearch } from '../../harness/index.cts';
import { CREDENTIAL, picture } from '../../nodes/helpers.cts';
import { runPlatformNode, type PlatformNodeName } from '../../nodes/platform-helpers.cts';
import { HostileServer, type HostileHandler } from './hostile-server.cts';
import { ReliabilitySuite } from './suite.cts';

export type RunError = (Error & { description?: string; httpCode?: string }) | undefined;

export const GENERATE = { prompt: 'a lighthouse at dusk', options: { maxRetries: 0, timeout: 10 } };

export const asset = (id: string) => ({ id, name: `name-${id}`, asset_type: 'lora', status: 'ready', data: { asset_type: 'lora' } });

export function everyText(error: { message?: string; description?: string | null } | undefined): string {
	return `${error?.message ?? ''}\n${error?.description ?? ''}`;
}

/** Sets up one test file (call at collection time): its suite named `name`, both servers, the pictures. */
export function useHostileCases(name: string) {
	const suite = new ReliabilitySuite(name);
	const env = suite.emulator();
	const server = new HostileServer();
	const other = new HostileServer();
	/** `png`: a tiny picture's base64 for answers; `square`: a picture both ADetailer base models take, for Image Tools. */
	const images: { png: string; square: Buffer } = { png: '', square: Buffer.alloc(0) };

	beforeAll(async () => {
		await server.start();
		await other.start();
		images.png = (await picture(16, 16)).toString('base64');
		images.square = await picture(512, 512);
	});
	afterAll(async () => {
		await server.close();
		await other.close();
	});

	const hostile = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url });
	const okImages = (count = 1) => ({ images: Array.from({ length: count }, (_, i) => ({ image_b64: images.png, seed: i + 1 })) });

	/** Runs an engine node against the hostile server; returns its error (message, description, http code). */
	async function generate(handler: HostileHandler, parameters: INodeParameters = GENERATE, credentials = hostile()) {
		server.use(handler);
		const result = await suite.run(env, 'octoAiSd15', parameters, { credentials });
		return { result, error: result.error as RunError };
	}

	/** Runs a platform node against the hostile server with Continue On Fail off. */
	async function platform(type: PlatformNodeName, handler: HostileHandler, parameters: INodeParameters, timeoutMs = 30_000) {
		server.use(handler);
		const result = await runPlatformNode(env, type, parameters, { credentials: hostile(), timeoutMs });
		suite.record(`${type} ${String(parameters.operation)}`, result);
		return { result, error: result.error as RunError };
	}

	/** A picker call against the hostile server. */
	async function picker(type: PlatformNodeName, method: string, handler: HostileHandler, paginationToken?: string) {
		server.use(handler);
		try {
			const found = await runListSearch(packageNode(type), method, {
				credentials: env.credentials(hostile()),
				nodeCredentials: { octoAiApi: CREDENTIAL },
				paginationToken,
			});
			suite.evidence.addText(`picker ${method}`, JSON.stringify(found));
			return { found };
		} catch (error) {
			suite.evidence.addError(`picker ${method}`, error);
			return { error: error as Error & { description?: string } };
		}
	}

	return { suite, env, server, other, images, hostile, okImages, generate, platform, picker };
}
