// The figures behind docs/scale.md, "Measured": a burst of webhook calls (each 2 SD 1.5 images, every
// API request held --latency-ms by the emulator as a GPU would) through n8n's queue mode with 1 worker,
// then with 2; every image checked against the emulator's log and Postgres (as the scale tests do).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startEmulator, type Emulator } from '../test/emulator/index.cts';
import { REPO_ROOT, packThisPackage } from '../test/e2e/lib/index.cts';
import { describeBurst, runBurst, type BurstResult } from '../test/scale/lib/burst.cts';
import { setWorkflowActive, waitForWebhook } from '../test/scale/lib/rest.cts';
import { startQueueStack, type QueueStack } from '../test/scale/lib/stack.cts';
import { SCALE_PATHS, SCALE_TOKENS, SCALE_WORKFLOW_IDS, scaleCredentials, writeScaleWorkflows } from '../test/scale/lib/workflows.cts';
import { onInterrupt, say } from './demo-setup.cts';

const log = (message: string) => say('bench:scale', message);

const LOG_DIR = path.join(REPO_ROOT, 'test-output', 'bench-scale');

interface Phase {
	workers: number;
	result: BurstResult;
	dbGrowthBytes: number;
	peakRssMb: number[];
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			calls: { type: 'string', default: '40' },
			'latency-ms': { type: 'string', default: '2000' },
			concurrency: { type: 'string', default: '5' },
		},
	});
	const calls = Number(values.calls);
	const latencyMs = Number(values['latency-ms']);
	const concurrency = Number(values.concurrency);
	const scratch = mkdtempSync(path.join(tmpdir(), 'octoai-bench-scale-'));
	let emulator: Emulator | undefined;
	let stack: QueueStack | undefined;
	const stop = async () => {
		await stack?.stop();
		await emulator?.close();
		rmSync(scratch, { recursive: true, force: true });
	};
	rmSync(LOG_DIR, { recursive: true, force: true });
	onInterrupt(stop, log);
	try {
		log('building and packing n8n-nodes-octoai');
		const tarball = await packThisPackage(path.join(scratch, 'pack'));
		emulator = await startEmulator({ tokens: Object.values(SCALE_TOKENS), quiet: true, logLimit: 100_000 });
		writeScaleWorkflows(path.join(scratch, 'workflows'), emulator.url);
		stack = await startQueueStack({
			tarball,
			workers: 1,
			concurrency,
			credentials: Object.values(scaleCredentials(emulator.url)),
			workflowDirs: [path.join(scratch, 'workflows')],
			// Kept after the run (each process's log) for a look at what a figure came from.
			logDir: LOG_DIR,
			log,
		});
		await setWorkflowActive(stack.main, await stack.main.login(), SCALE_WORKFLOW_IDS.burst, true);
		await waitForWebhook(stack.postgres, SCALE_PATHS.burst);
		// A few calls first, so neither phase pays for loading the workflow and warming up the JIT.
		await runBurst(stack, emulator, 4, 0);

		const phases: Phase[] = [];
		for (const workers of [1, 2]) {
			if (stack.workers.length < workers) await stack.addWorker();
			log(`${calls} calls with ${workers} worker(s), concurrency ${concurrency} each, ${latencyMs} ms per generation`);
			const sizeBefore = await stack.postgres.databaseSize();
			const result = await runBurst(stack, emulator, calls, latencyMs);
			const dbGrowthBytes = (await stack.postgres.databaseSize()) - sizeBefore;
			const peakRssMb = stack.workers.map((worker) => peakRss(worker.pid));
			phases.push({ workers, result, dbGrowthBytes, peakRssMb });
			console.log(describeBurst(`${workers} worker(s)`, result, latencyMs, workers * concurrency));
			if (result.problems.length > 0) throw new Error(`the burst went wrong:\n${result.problems.join('\n')}`);
		}

		console.log('');
		console.log(`| workers | calls | images | wall s | executions/s | images/s | peak RSS per worker (MB) | Postgres growth per 100 images (MB) |`);
		console.log('|---|---|---|---|---|---|---|---|');
		for (const { workers, result, dbGrowthBytes, peakRssMb } of phases) {
			const seconds = result.wallMs / 1000;
			console.log(
				`| ${workers} | ${result.calls} | ${result.images} | ${seconds.toFixed(1)} | ${(result.calls / seconds).toFixed(2)} | ` +
					`${(result.images / seconds).toFixed(2)} | ${peakRssMb.map((mb) => mb.toFixed(0)).join(', ')} | ` +
					`${((dbGrowthBytes / result.images) * 100 / 1e6).toFixed(1)} |`,
			);
		}
		const ratio = phases[1].result.wallMs / phases[0].result.wallMs;
		console.log(`wall time 2 workers / 1 worker = ${ratio.toFixed(2)}`);
		console.log(`${ratio <= 0.6 ? 'MET   ' : 'MISSED'}  2 workers take <= 0.6 of 1 worker's wall time: ${ratio.toFixed(2)}`);
		return 0;
	} finally {
		await stop();
	}
}

/** A process's peak resident set size so far (VmHWM in /proc/<pid>/status), in MB. */
function peakRss(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
	return kb / 1024;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		log(`failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
