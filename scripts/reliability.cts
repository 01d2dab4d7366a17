// Benchmark and load run of the engine nodes through n8n's real WorkflowExecute (see test/harness),
// against the emulator in a child process. Run with tsx after `npm run build`:
//   npx tsx scripts/reliability.cts [--items 1000] [--concurrency auto|8] [--fault-rate 0.05] [--fault-seed 42]
//                                  [--max-retries 4] [--bench-items 32] [--latency-ms 200] [--skip-bench]
// (a) the same items at 200 ms emulator latency with Concurrency 1, 4 (a version 1 node's default), 8 and 32: wall time and speed-up;
// (b) one execution of --items items (Concurrency Auto unless --concurrency N) with random transient faults: every item must come out exactly once.
// Exits non-zero if an item was lost or duplicated, or the token shows up in any output or log.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { LoggedRequest } from '../test/emulator/index.cts';
import { harnessLogs } from '../test/harness/index.cts';
import { runLoad, type EmulatorHandle, type LoadFigures } from '../test/reliability/load/load-run.cts';
import { Evidence } from '../test/reliability/support/evidence.cts';
import { emptyFigures, writeReport } from '../test/reliability/support/report.cts';
import { maxOverlap } from '../test/reliability/support/timeline.cts';

const ROOT = path.resolve(__dirname, '..');

const { values: args } = parseArgs({
	options: {
		items: { type: 'string', default: '1000' },
		concurrency: { type: 'string', default: 'auto' },
		'fault-rate': { type: 'string', default: '0.05' },
		'fault-seed': { type: 'string', default: '42' },
		'max-retries': { type: 'string', default: '4' },
		'bench-items': { type: 'string', default: '32' },
		'latency-ms': { type: 'string', default: '200' },
		'skip-bench': { type: 'boolean', default: false },
	},
});
const num = (name: keyof typeof args) => {
	const value = Number(args[name]);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0`);
	return value;
};

interface ChildEmulator extends EmulatorHandle {
	child: ChildProcess;
	stop(): Promise<void>;
}

/** Starts scripts/reliability-emulator.cts in its own Node process and waits for its URL. */
async function startChildEmulator(options: { latencyMs: number; faultRate: number; faultSeed: number; logLimit: number }): Promise<ChildEmulator> {
	const token = `tok-${randomUUID()}`;
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			path.join(ROOT, 'scripts', 'reliability-emulator.cts'),
			`--token=${token}`,
			`--latency-ms=${options.latencyMs}`,
			`--fault-rate=${options.faultRate}`,
			`--fault-seed=${options.faultSeed}`,
			`--log-limit=${options.logLimit}`,
		],
		{ cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const firstLine = await new Promise<string>((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it listened`)));
	});
	const { url } = JSON.parse(firstLine) as { url: string };
	return {
		url,
		token,
		child,
		log: async () => {
			const response = await fetch(`${url}/_emulator/log?token=${encodeURIComponent(token)}`);
			return (await response.json()) as LoggedRequest[];
		},
		stop: async () => {
			child.kill('SIGTERM');
			await exited;
		},
	};
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function benchmark(evidence: Evidence): Promise<void> {
	const items = num('bench-items');
	const latencyMs = num('latency-ms');
	const emulator = await startChildEmulator({ latencyMs, faultRate: 0, faultSeed: 1, logLimit: 5000 });
	evidence.addToken('benchmark token', emulator.token);
	try {
		console.log(`\n(a) ${items} items, emulator latency ${latencyMs} ms, one execution each (n8n WorkflowExecute)`);
		console.log('    concurrency      wall time   vs one at a time   requests   most in flight');
		let oneAtATime = 0;
		for (const concurrency of [1, 4, 8, 32]) {
			const label = concurrency === 4 ? '4 (v1 default)' : String(concurrency);
			const { figures, result, output } = await runLoad(emulator, { items, concurrency, maxRetries: 2, label: `bench c${concurrency}` });
			evidence.addRun(`benchmark concurrency ${concurrency}`, { ...result, items: output });
			if (figures.itemsLost + figures.duplicates > 0) throw new Error(`benchmark run at concurrency ${concurrency} lost or duplicated items`);
			const requests = (await emulator.log()).filter((e) => e.body && String((e.body as { prompt?: string }).prompt).startsWith(`bench c${concurrency} `));
			const inFlight = maxOverlap(requests.map((e) => ({ start: Date.parse(e.time), end: Date.parse(e.time) + (e.durationMs ?? 0) })));
			if (concurrency === 1) oneAtATime = figures.wallMs;
			const ratio = `${(oneAtATime / figures.wallMs).toFixed(1)}x faster`;
			console.log(`    ${label.padEnd(16)} ${seconds(figures.wallMs).padStart(9)}   ${ratio.padStart(16)}   ${String(figures.requestsSent).padStart(8)}   ${String(inFlight).padStart(14)}`);
		}
		console.log(`    (issue 6, measured elsewhere: n8n's HTTP Request node sends all 32 at once, 0.67 s; one at a time 6.8 s)`);
	} finally {
		await emulator.stop();
	}
}

async function load(evidence: Evidence): Promise<LoadFigures> {
	const items = num('items');
	const faultRate = num('fault-rate');
	const faultSeed = num('fault-seed');
	const concurrency = args.concurrency === 'auto' ? 'auto' : num('concurrency');
	const maxRetries = num('max-retries');
	const emulator = await startChildEmulator({ latencyMs: 0, faultRate, faultSeed, logLimit: items * 3 + 1000 });
	evidence.addToken('load token', emulator.token);
	try {
		console.log(`\n(b) load: ${items} items in one execution, concurrency ${concurrency}, ${faultRate * 100}% random transient faults (seed ${faultSeed}), Max Retries ${maxRetries}`);
		const rssBefore = Math.round(process.memoryUsage().rss / 1024 / 1024);
		const { figures, result, output } = await runLoad(emulator, { items, concurrency, maxRetries, label: 'load' });
		evidence.addRun('load', { ...result, items: output });
		const rows: Array<[string, string | number]> = [
			['execution status', result.status],
			['wall time', seconds(figures.wallMs)],
			['requests sent', figures.requestsSent],
			['faults injected', figures.faultsInjected],
			['faults survived', figures.faultsSurvived],
			['items lost', figures.itemsLost],
			['items duplicated', figures.duplicates],
			['items billed twice', figures.billedTwice],
			['RSS before the load run', `${rssBefore} MB`],
			['peak RSS of this process', `${figures.peakRssMb} MB`],
		];
		for (const [name, value] of rows) console.log(`    ${name.padEnd(26)} ${value}`);
		if (result.status !== 'success') throw new Error(`the load execution ended ${result.status}: ${result.error?.message ?? ''}`);
		return figures;
	} finally {
		await emulator.stop();
	}
}

async function main(): Promise<void> {
	const evidence = new Evidence();
	if (!args['skip-bench']) await benchmark(evidence);
	const figures = await load(evidence);

	evidence.addLogs('harness log of the whole script', harnessLogs());
	const hits = evidence.scan();
	const tokenHits = hits.filter((h) => h.kind === 'token').length;
	console.log(`    ${'token hits'.padEnd(26)} ${tokenHits} (in ${evidence.textCount} outputs, errors and logs, ${(evidence.byteCount / 1e6).toFixed(1)} MB)`);

	writeReport(
		{
			...emptyFigures('load-script'),
			casesTried: 1,
			generationRequests: figures.requestsSent,
			faultsInjected: figures.faultsInjected,
			faultsSurvived: figures.faultsSurvived,
			faultsEndedAsErrors: figures.faultsInjected - figures.faultsSurvived,
			itemsLost: figures.itemsLost + figures.duplicates,
			tokenHits,
			base64Hits: hits.length - tokenHits,
			textsScanned: evidence.textCount,
			bytesScanned: evidence.byteCount,
			peakRssMb: figures.peakRssMb,
			wallMs: figures.wallMs,
		},
		evidence,
	);
	const failed = figures.itemsLost + figures.duplicates + figures.billedTwice + hits.length > 0;
	process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
