/**
 * `npm run bench:local`: what the in-process test tools cost, as CPU time of this process (the work
 * itself, not the wait for a busy machine's cores): the emulator drawing and encoding a 1024x1024
 * PNG, and the n8n-core harness running a one-node workflow once its engine is up.
 *
 * Printed figures, not test assertions: inside a jest worker the same CPU time also counts the
 * collector's work on whatever earlier test files left in that worker's heap. CI saw a median of
 * 517 ms for the PNG there, against 73 to 135 ms in the same run's other samples.
 */
import type { INode } from 'n8n-workflow';

import { startEmulator } from '../emulator/index.cts';
import { generate } from '../emulator/test-helpers.cts';
import { fixtureNode, runWorkflow, type WorkflowJson } from '../harness/index.cts';
import { median } from './measure.cts';

async function cpuMs(work: () => Promise<unknown>): Promise<number> {
	const before = process.cpuUsage();
	await work();
	const used = process.cpuUsage(before);
	return (used.user + used.system) / 1000;
}

function summary(label: string, values: number[]): string {
	return `${label}, CPU ms: median ${median(values).toFixed(1)} (${values.map((v) => v.toFixed(1)).join(', ')})`;
}

async function pngCosts(samples: number): Promise<number[]> {
	const emulator = await startEmulator();
	try {
		const one = async (seed: number) => {
			const res = await generate(emulator, 'sdxl', { prompt: 'a lighthouse on a cliff at dawn', seed, image_encoding: 'png' });
			if (res.status !== 200) throw new Error(`the emulator answered ${res.status}: ${res.text}`);
		};
		await one(1);
		const costs: number[] = [];
		for (let i = 0; i < samples; i++) costs.push(await cpuMs(() => one(100 + i)));
		return costs;
	} finally {
		await emulator.close();
	}
}

async function harnessCosts(samples: number): Promise<number[]> {
	const start: INode = { id: 'Start', name: 'Start', type: fixtureNode('start'), typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow: WorkflowJson = { nodes: [start], connections: {}, settings: { executionOrder: 'v1' } };
	await runWorkflow(workflow);
	const costs: number[] = [];
	for (let i = 0; i < samples; i++) costs.push(await cpuMs(() => runWorkflow(workflow)));
	return costs;
}

async function main(): Promise<void> {
	console.log(summary('emulator: 1024x1024 PNG generation (SDXL), request and answer both in this process', await pngCosts(7)));
	console.log(summary('n8n-core harness: one run of a one-node workflow', await harnessCosts(11)));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
