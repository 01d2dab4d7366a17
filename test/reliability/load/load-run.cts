import { randomUUID } from 'node:crypto';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { LoggedRequest } from '../../emulator/index.cts';
import { fixtureNode, packageNode, runWorkflow, type RunResult, type WorkflowJson } from '../../harness/index.cts';
import { byItem, isGeneration, itemMarker, tallyFaults } from '../support/tally.cts';

/** Where the emulator is and how to read its request log (in-process, or over its admin route). */
export interface EmulatorHandle {
	url: string;
	token: string;
	log(): Promise<readonly LoggedRequest[]>;
}

export interface LoadOptions {
	items: number;
	/** A fixed Concurrency, or 'auto': the node's default from version 1.1 (the option left out). */
	concurrency: number | 'auto';
	maxRetries: number;
	/** Give up (n8n's execution timeout) after this long. */
	timeoutMs?: number;
	/** Text in every prompt besides the item marker, to tell runs apart in one log. */
	label?: string;
}

export interface LoadFigures {
	items: number;
	concurrency: number | 'auto';
	wallMs: number;
	requestsSent: number;
	faultsInjected: number;
	faultsSurvived: number;
	/** Inputs without exactly their one image, error items included. */
	itemsLost: number;
	/** Inputs with more than one image, or an image paired with another input than its prompt names. */
	duplicates: number;
	/** Inputs the emulator generated (billed) more than once. */
	billedTwice: number;
	errorItems: number;
	peakRssMb: number;
}

const NODE = 'OctoAI SD 1.5';

/** Start -> OctoAI SD 1.5, one JPEG per item, the item's number in its prompt, Continue On Fail on. */
export function loadWorkflow(options: LoadOptions): WorkflowJson {
	const parameters: INodeParameters = {
		prompt: `={{ "${options.label ?? 'load'} " + $json.marker + ", a lighthouse at dawn" }}`,
		options: {
			...(options.concurrency === 'auto' ? {} : { concurrency: options.concurrency }),
			maxRetries: options.maxRetries,
			imageEncoding: 'jpeg',
		},
	};
	return {
		nodes: [
			{ id: randomUUID(), name: 'Start', type: fixtureNode('start'), typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: NODE,
				type: packageNode('octoAiSd15'),
				typeVersion: options.concurrency === 'auto' ? 1.1 : 1,
				position: [200, 0],
				parameters,
				credentials: { octoAiApi: { id: 'load', name: 'OctoAI (emulator)' } },
				onError: 'continueRegularOutput',
			},
		],
		connections: { Start: { main: [[{ node: NODE, type: 'main', index: 0 }]] } },
	};
}

/** Runs one execution of `items` items through the real engine and checks every item's result. */
export async function runLoad(emulator: EmulatorHandle, options: LoadOptions): Promise<{ figures: LoadFigures; result: RunResult; output: INodeExecutionData[] }> {
	const inputItems = Array.from({ length: options.items }, (_, i) => ({ json: { marker: itemMarker(i) } }));
	const before = (await emulator.log()).at(-1)?.seq ?? 0;
	const started = Date.now();
	const result = await runWorkflow(loadWorkflow(options), {
		credentials: { octoAiApi: { load: { apiToken: emulator.token, imageBaseUrl: emulator.url, platformBaseUrl: emulator.url, asyncBaseUrl: emulator.url } } },
		inputItems,
		timeoutMs: options.timeoutMs ?? 15 * 60_000,
	});
	const wallMs = Date.now() - started;
	const output = result.run.data.resultData.runData[NODE] ? result.outputs(NODE) : [];

	const requests = (await emulator.log()).filter((e) => e.seq > before && isGeneration(e) && e.token === emulator.token);
	const check = checkOutputs(output, options.items);
	const groups = byItem(requests);
	const faults = tallyFaults(groups, (i) => check.succeeded.has(i));
	const billedTwice = [...groups.values()].filter((attempts) => attempts.filter((a) => a.status === 200).length > 1).length;
	return {
		result,
		output,
		figures: {
			items: options.items,
			concurrency: options.concurrency,
			wallMs,
			requestsSent: requests.length,
			faultsInjected: faults.injected,
			faultsSurvived: faults.survived,
			itemsLost: check.lost,
			duplicates: check.duplicates,
			billedTwice,
			errorItems: check.errorItems,
			peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
		},
	};
}

/**
 * Every input must come out as exactly one image item, paired with it (pairedItem) and made from its
 * own prompt (the marker): anything else is a lost or a duplicated item.
 */
export function checkOutputs(output: INodeExecutionData[], count: number) {
	const perInput = new Map<number, INodeExecutionData[]>();
	let duplicates = 0;
	let errorItems = 0;
	for (const item of output) {
		const index = (item.pairedItem as { item?: number } | undefined)?.item;
		if (index === undefined || index < 0 || index >= count) {
			duplicates += 1;
			continue;
		}
		if (item.json.error !== undefined) errorItems += 1;
		const prompt = String((item.json.parameters as { prompt?: unknown } | undefined)?.prompt ?? '');
		if (item.binary?.data && !prompt.includes(`${itemMarker(index)},`)) duplicates += 1;
		perInput.set(index, [...(perInput.get(index) ?? []), item]);
	}
	const succeeded = new Set<number>();
	let lost = 0;
	for (let i = 0; i < count; i++) {
		const images = (perInput.get(i) ?? []).filter((item) => item.binary?.data);
		if (images.length === 0) lost += 1;
		else succeeded.add(i);
		if (images.length > 1) duplicates += images.length - 1;
	}
	return { lost, duplicates, errorItems, succeeded };
}
