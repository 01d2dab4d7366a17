import { randomUUID } from 'node:crypto';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import sharp from 'sharp';

import type { EngineSpec } from '../../nodes/shared/fields/engines';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.cts';
import {
	binaryItem,
	fixtureNode,
	packageNode,
	runWorkflow,
	type HarnessBinaryMode,
	type RunResult,
	type WorkflowJson,
} from '../harness/index.cts';

/** An engine node's type name (without the package prefix), as the engine table gives it, or the video node's. */
export type EngineNodeName = EngineSpec['nodeName'] | 'octoAiStableVideoDiffusion';

export const CREDENTIAL = { id: 'octoai-test', name: 'OctoAI (emulator)' };

/** One emulator per test file, with its own token, and the credential pointing at it. */
export interface TestEnv {
	emulator: Emulator;
	token: string;
	credentials(overrides?: Record<string, string>): Record<string, Record<string, Record<string, string>>>;
	/** Generation requests the emulator received with this env's token, in order. */
	generateRequests(): Array<{ path: string; body: Record<string, unknown>; status: number | null }>;
}

export function useEmulator(options: EmulatorOptions = {}): TestEnv {
	const token = `tok-${randomUUID()}`;
	let started: Emulator | undefined;
	const env: TestEnv = {
		get emulator(): Emulator {
			if (!started) throw new Error('The emulator starts in beforeAll: use env.emulator inside tests only');
			return started;
		},
		token,
		credentials: (overrides = {}) => ({
			octoAiApi: {
				[CREDENTIAL.id]: {
					apiToken: token,
					imageBaseUrl: env.emulator.url,
					platformBaseUrl: env.emulator.url,
					asyncBaseUrl: env.emulator.url,
					...overrides,
				},
			},
		}),
		generateRequests: () =>
			env.emulator
				.requests({ token })
				.filter((entry) => entry.path.includes('/generate/'))
				.map((entry) => ({
					path: entry.path,
					body: entry.body as Record<string, unknown>,
					status: entry.status,
				})),
	};
	beforeAll(async () => {
		started = await startEmulator({ tokens: [token], quiet: true, ...options });
	});
	afterAll(async () => {
		await started?.close();
	});
	return env;
}

export interface RunNodeOptions {
	inputItems?: INodeExecutionData[];
	binaryMode?: HarnessBinaryMode;
	continueOnFail?: boolean;
	credentials?: Record<string, string>;
	timeoutMs?: number;
	/** Cancels the run, as the editor's stop button does. */
	signal?: AbortSignal;
	/** The node's version (default 1; from 1.1 Concurrency left out means Auto). */
	typeVersion?: number;
	/** Run the node's tool variant (`…Tool`), as AI Agent 3.1 runs a tool: input items hold the model's arguments. */
	asTool?: boolean;
	/** Reuse an execution id, as an agent's later tool call in the same execution does. */
	executionId?: string;
}

/** Runs Start -> one engine node with the given parameters; returns the run and the node's items. */
export async function runEngineNode(
	env: TestEnv,
	node: EngineNodeName,
	parameters: INodeParameters,
	options: RunNodeOptions = {},
): Promise<RunResult & { items: INodeExecutionData[] }> {
	const workflow: WorkflowJson = {
		nodes: [
			{ id: randomUUID(), name: 'Start', type: fixtureNode('start'), typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'OctoAI',
				type: packageNode(options.asTool ? `${node}Tool` : node),
				typeVersion: options.typeVersion ?? 1,
				position: [200, 0],
				parameters,
				credentials: { octoAiApi: CREDENTIAL },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Start: { main: [[{ node: 'OctoAI', type: 'main', index: 0 }]] } },
	};
	const result = await runWorkflow(workflow, {
		credentials: env.credentials(options.credentials),
		binaryMode: options.binaryMode,
		inputItems: options.inputItems,
		timeoutMs: options.timeoutMs ?? 60_000,
		signal: options.signal,
		executionId: options.executionId,
	});
	const items = result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [];
	return Object.assign(result, { items });
}

/** A solid or two-tone test picture. */
export async function picture(
	width: number,
	height: number,
	format: 'png' | 'jpeg' | 'webp' = 'png',
	color = { r: 40, g: 120, b: 200 },
): Promise<Buffer> {
	const half = Math.floor(width / 2);
	return await sharp({ create: { width, height, channels: 3, background: color } })
		.composite([
			{
				input: { create: { width: half, height, channels: 3, background: { r: 250, g: 220, b: 40 } } },
				left: 0,
				top: 0,
			},
		])
		.toFormat(format)
		.toBuffer();
}

/**
 * A PNG that is whole in structure (every chunk in place, up to IEND) with its pixel data scrambled:
 * the node's own checks pass it, and only a full decode, the API's, finds it damaged.
 */
export function damagedPng(png: Buffer): Buffer {
	const copy = Buffer.from(png);
	for (let at = 8; at + 8 <= copy.length; ) {
		const length = copy.readUInt32BE(at);
		if (copy.toString('latin1', at + 4, at + 8) === 'IDAT') {
			for (let i = at + 8; i < at + 8 + length; i++) copy[i] ^= 0xff;
		}
		at += 12 + length;
	}
	return copy;
}

/** A mask: black everywhere except a white rectangle (the area to repaint). */
export async function mask(
	width: number,
	height: number,
	white: { left: number; top: number; width: number; height: number },
): Promise<Buffer> {
	return await sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 } } })
		.composite([
			{
				input: { create: { width: white.width, height: white.height, channels: 3, background: '#ffffff' } },
				left: white.left,
				top: white.top,
			},
		])
		.png()
		.toBuffer();
}

/** An input item holding several binary fields, stored through n8n's binary data service. */
export async function imageItem(
	fields: Record<string, Buffer>,
	json: INodeExecutionData['json'] = {},
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json, binary: {} };
	for (const [field, buffer] of Object.entries(fields)) {
		const meta = await sharp(buffer).metadata();
		const mime = `image/${meta.format === 'jpeg' ? 'jpeg' : meta.format}`;
		const stored = await binaryItem(buffer, mime, `${field}.${meta.format}`, field);
		item.binary![field] = stored.binary![field];
	}
	return item;
}

/** Decodes an output image: format, size, and the raw bytes. */
export async function decode(result: RunResult, item: INodeExecutionData, field = 'data') {
	const bytes = await result.binaryBuffer(item, field);
	const meta = await sharp(bytes).metadata();
	return { bytes, format: meta.format, width: meta.width, height: meta.height };
}

/** Raw RGB pixels of an image, resized to a common size so two images can be compared. */
export async function pixels(image: Buffer, width: number, height: number): Promise<Buffer> {
	return await sharp(image).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
}

/** Mean absolute difference of two equally sized RGB pixel buffers (0 = identical, 255 = opposite). */
export function meanDifference(a: Buffer, b: Buffer): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
	return sum / a.length;
}
