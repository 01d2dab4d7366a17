import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { LoggedRequest } from '../emulator/index.cts';
import { binaryItem, fixtureNode, packageNode, runListSearch, runWorkflow, type RunResult } from '../harness/index.cts';
import { CREDENTIAL, picture, type TestEnv } from './helpers.cts';

export type PlatformNodeName = 'octoAiAssetLibrary' | 'octoAiFineTuning';

export interface ChainStep {
	/** Node name in the workflow (results are read by it). */
	name: string;
	/** This package's node name, e.g. `octoAiFineTuning` or `octoAiSd15`. */
	type: string;
	parameters: INodeParameters;
	continueOnFail?: boolean;
}

export interface ChainOptions {
	inputItems?: INodeExecutionData[];
	/** Credential data overrides (e.g. another tenant's token). */
	credentials?: Record<string, string>;
	timeoutMs?: number;
	/** Cancels the run, as the editor's stop button does. */
	signal?: AbortSignal;
}

/** Runs Start -> step 1 -> step 2 ..., every step with the env's OctoAI credential. */
export async function runChain(env: TestEnv, steps: ChainStep[], options: ChainOptions = {}): Promise<RunResult> {
	const nodes: INode[] = [
		{ id: randomUUID(), name: 'Start', type: fixtureNode('start'), typeVersion: 1, position: [0, 0], parameters: {} },
		...steps.map((step, index) => ({
			id: randomUUID(),
			name: step.name,
			type: packageNode(step.type),
			typeVersion: 1,
			position: [200 * (index + 1), 0] as [number, number],
			parameters: step.parameters,
			credentials: { octoAiApi: CREDENTIAL },
			...(step.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		})),
	];
	const names = ['Start', ...steps.map((step) => step.name)];
	const connections = Object.fromEntries(
		names.slice(0, -1).map((from, index) => [from, { main: [[{ node: names[index + 1], type: 'main' as const, index: 0 }]] }]),
	);
	return await runWorkflow(
		{ nodes, connections },
		{
			credentials: env.credentials(options.credentials),
			inputItems: options.inputItems,
			timeoutMs: options.timeoutMs ?? 60_000,
			signal: options.signal,
		},
	);
}

/** Runs Start -> one platform node; returns the run and the node's output items. */
export async function runPlatformNode(
	env: TestEnv,
	type: PlatformNodeName,
	parameters: INodeParameters,
	options: ChainOptions & { continueOnFail?: boolean } = {},
): Promise<RunResult & { items: INodeExecutionData[] }> {
	const result = await runChain(env, [{ name: 'OctoAI', type, parameters, continueOnFail: options.continueOnFail }], options);
	const items = result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [];
	return Object.assign(result, { items });
}

/** Calls a listSearch method of a platform node as the editor does. */
export async function listSearch(env: TestEnv, type: PlatformNodeName, method: string, parameters: INodeParameters = {}, filter?: string) {
	return await runListSearch(packageNode(type), method, {
		credentials: env.credentials(),
		nodeCredentials: { octoAiApi: CREDENTIAL },
		parameters,
		filter,
	});
}

/** A resource-locator value as the editor saves it. */
export function locator(mode: 'list' | 'id' | 'name', value: string) {
	return { __rl: true, mode, value };
}

/** A small but well-formed safetensors file: 8-byte little-endian header length, JSON header, tensor bytes. */
export function safetensors(seed = 1): Buffer {
	const header = Buffer.from(JSON.stringify({ lora_up: { dtype: 'F16', shape: [2, 2], data_offsets: [0, 8] } }));
	const size = Buffer.alloc(8);
	size.writeBigUInt64LE(BigInt(header.length));
	return Buffer.concat([size, header, Buffer.alloc(8, seed)]);
}

/** An item holding one file (any bytes) in a binary field. */
export async function fileItem(bytes: Buffer, fileName: string, mimeType = 'application/octet-stream', field = 'data') {
	return await binaryItem(bytes, mimeType, fileName, field);
}

/** `count` items with one distinct PNG each, as a Read Files node would give them. */
export async function trainingItems(count: number, field = 'data'): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (let index = 0; index < count; index++) {
		const png = await picture(256, 256, 'png', { r: 30 * index, g: 90, b: 200 - 20 * index });
		items.push(await binaryItem(png, 'image/png', `dog-${index}.png`, field, { caption: `a photo of a dog, pose ${index}` }));
	}
	return items;
}

/** API requests the env's token made since `before` (an index into the emulator's log). */
export function requestsSince(env: TestEnv, before: number, filter: Partial<Pick<LoggedRequest, 'method'>> & { path?: RegExp } = {}) {
	return env.emulator.log
		.slice(before)
		.filter((entry) => !filter.method || entry.method === filter.method)
		.filter((entry) => !filter.path || filter.path.test(entry.path));
}

/** Direct API call with a token, for test set-up (creating many assets, checking state). */
export async function api<T = Record<string, unknown>>(
	env: TestEnv,
	method: string,
	path: string,
	body?: unknown,
	token = env.token,
): Promise<{ status: number; body: T }> {
	const response = await fetch(`${env.emulator.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A loopback file server for "Create From URL" (the emulator downloads loopback URLs only). */
export interface FileServer {
	url(path: string): string;
	close(): Promise<void>;
}

export async function serveFiles(files: Record<string, Buffer>): Promise<FileServer> {
	const server: Server = createServer((req, res) => {
		const body = files[req.url ?? ''];
		if (!body) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: (path) => `http://127.0.0.1:${port}${path}`,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** A unique asset or tune name per test, so tests in one emulator do not collide. */
export function uniqueName(prefix: string): string {
	return `${prefix}-${randomUUID().slice(0, 8)}`;
}
