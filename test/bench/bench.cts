/**
 * `npm run bench`: our node against the hand-built chain (HTTP Request → Split Out → Convert to
 * File) in the real n8n app, and a bare Node client as the floor. What it prints, and the
 * figures of the last run: docs/benchmark.md.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { executeWorkflow, importCredentials, importWorkflow } from '../e2e/lib/cli.cts';
import { installCommunityPackage } from '../e2e/lib/community-package.cts';
import type { ExecutionResult } from '../e2e/lib/execution.cts';
import { octoAiCredential } from '../e2e/lib/octoai.cts';
import { packThisPackage } from '../e2e/lib/pack.cts';
import { n8nPackageDir, nodeBinary, REPO_ROOT } from '../e2e/lib/paths.cts';
import { createUserFolder } from '../e2e/lib/user-folder.cts';
import { noisePng } from './image.cts';
import { mb, MB, peakRssSampler } from './measure.cts';
import { describeMemory, describeRetained, memorySamplerEnv, readRetained, retainedSamplerEnv } from './memory-breakdown.cts';
import { startFixedAnswerServer } from './server.cts';
import { CHAIN_NODES, chainWorkflow, OUR_NODES, ourWorkflow } from './workflows.cts';
import { report, type Growth, type Row, type Settings } from './bench-report.cts';

const execFileAsync = promisify(execFile);

const FULL: Settings = {
	side: 1024,
	imageBytes: 1_580_000,
	concurrency: 16,
	allAtOnce: 32,
	cases: [
		{ images: 32, latencyMs: 0 },
		{ images: 32, latencyMs: 200 },
	],
	large: 1000,
	chainLimitBytes: 400 * MB,
	rounds: 3,
};

/** `--quick`: the harness end to end in a minute or two, with tiny images; its figures mean little. */
const QUICK: Settings = {
	side: 64,
	imageBytes: 8_000,
	concurrency: 4,
	allAtOnce: 4,
	cases: [
		{ images: 4, latencyMs: 0 },
		{ images: 4, latencyMs: 50 },
	],
	large: 20,
	chainLimitBytes: 400 * MB,
	rounds: 1,
};

const TOKEN = 'bench-token';

/** Where memory growth is sampled on the way to `images`: a tenth of the way in (at least 2, at most all). */
function growthPoint(images: number): number {
	return Math.min(images, Math.max(2, Math.round(images / 10)));
}

async function main(): Promise<void> {
	const chosen = process.argv.includes('--quick') ? QUICK : FULL;
	// `--large N`: the large case with N images instead (e.g. to see whether growth follows the item count).
	const largeAt = process.argv.indexOf('--large');
	// `--rounds N`: how often each 32-image case runs.
	const roundsAt = process.argv.indexOf('--rounds');
	const settings = {
		...chosen,
		...(largeAt === -1 ? {} : { large: Number(process.argv[largeAt + 1]) }),
		...(roundsAt === -1 ? {} : { rounds: Math.max(1, Number(process.argv[roundsAt + 1])) }),
	};
	// `--no-large`: without the 1,000-image case (minutes on a busy machine); its check is then "not run".
	const large = !process.argv.includes('--no-large');
	// `--profile <dir>`: only our node's first case, warm, with n8n under --cpu-prof (the .cpuprofile lands in <dir>).
	const profileAt = process.argv.indexOf('--profile');
	const profileDir = profileAt === -1 ? undefined : path.resolve(process.argv[profileAt + 1] ?? 'bench-profile');
	// `--n8n-env NAME=value` (repeatable): set in our node's n8n process, for experiments (e.g. malloc tuning).
	const ourEnv: Record<string, string> = profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {};
	process.argv.forEach((arg, n) => {
		if (arg !== '--n8n-env') return;
		const [name, ...value] = (process.argv[n + 1] ?? '').split('=');
		if (name) ourEnv[name] = value.join('=');
	});
	// `--memory-breakdown`: after each run of our node, what its n8n process's peak resident set held.
	const memoryBreakdown = process.argv.includes('--memory-breakdown');
	const onlyLarge = process.argv.includes('--only-large');
	// `--no-warm`: only the first run of each path in a fresh n8n process (see WARM_UP for the warm runs).
	const withWarm = !process.argv.includes('--no-warm');
	const png = await noisePng(settings.side, settings.side, settings.imageBytes);
	log(`image: ${settings.side}×${settings.side} PNG of ${mb(png.length)} (${mb(Math.ceil(png.length / 3) * 4)} as base64)`);

	const server = await startFixedAnswerServer(png);
	const userFolder = createUserFolder('octoai-bench-');
	const packDir = createUserFolder('octoai-bench-pack-');
	const rows: Row[] = [];
	try {
		log('packing the package and installing it into n8n');
		await installCommunityPackage(userFolder.path, await packThisPackage(packDir.path));
		const credential = octoAiCredential('benchCredential1', 'OctoAI (bench server)', TOKEN, server.url);
		await importCredentials(userFolder.path, [credential]);

		const runN8n = async (
			kind: 'ours' | 'chain',
			images: number,
			latencyMs: number,
			{
				concurrency = settings.concurrency,
				warm = false,
				retained = false,
			}: {
				concurrency?: number;
				warm?: boolean;
				/** Collect fully at the request a tenth of the way in and at the last one (alters the peak). */
				retained?: boolean;
			} = {},
		): Promise<Row> => {
			server.setLatency(latencyMs);
			const workflow =
				kind === 'ours' ? ourWorkflow(images, concurrency, credential, warm) : chainWorkflow(images, server.url, warm);
			const id = await importWorkflow(userFolder.path, workflow);
			const before = server.answered();
			const sampler = peakRssSampler();
			const memoryFile = memoryBreakdown && kind === 'ours' ? path.join(packDir.path, `memory-${id}.json`) : undefined;
			const retainedFile = retained ? path.join(packDir.path, `retained-${id}.json`) : undefined;
			const retainedAt = [...new Set([growthPoint(images), images])];
			let env = kind === 'ours' ? ourEnv : undefined;
			if (env && memoryFile) env = memorySamplerEnv(memoryFile, env);
			if (env && retainedFile) env = retainedSamplerEnv(retainedFile, retainedAt, env);
			let result: ExecutionResult;
			let peakRss: number;
			try {
				result = await executeWorkflow(userFolder.path, id, {
					onSpawn: sampler.attach,
					timeoutMs: 20 * 60_000,
					stdoutFile: path.join(packDir.path, 'n8n-stdout.log'),
					env,
				});
			} finally {
				peakRss = sampler.stop();
			}
			if (memoryFile) log(`${kind} ×${images}${warm ? ' (warm)' : ''}: ${describeMemory(memoryFile)}`);
			const kept = retainedFile ? readRetained(retainedFile, retainedAt) : undefined;
			if (kept) log(`${kind} ×${images}, left after a full collection ${describeRetained(kept)}`);
			if (result.status !== 'success') throw new Error(`${kind} ×${images}: execution ${result.status}: ${result.errorMessage}`);
			const nodes = kind === 'ours' ? OUR_NODES : CHAIN_NODES;
			const outputs = result.output(nodes[nodes.length - 1]);
			if (outputs.length !== images || outputs.some((item) => !item.binary?.data)) {
				throw new Error(`${kind} ×${images}: ${outputs.length} items out, not ${images} with binary data`);
			}
			const requests = warm ? 2 * images : images;
			if (server.answered() - before !== requests) throw new Error(`${kind}: ${server.answered() - before} requests, not ${requests}`);
			const data = nodes.map((node) => JSON.stringify(result.execution.data.resultData.runData[node]));
			return {
				path: kind,
				warm,
				concurrency: kind === 'ours' ? concurrency : undefined,
				images,
				latencyMs,
				nodeMs: nodes.reduce((sum, node) => sum + executionTime(result, node), 0),
				wallMs: warm ? spanMs(result, nodes) : workflowMs(result),
				dataBytes: data.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
				peakRss,
				base64Found: data.some((text) => hasBase64(text, png)),
				retained: kept,
			};
		};

		const runFloor = async (images: number, latencyMs: number, warm: boolean): Promise<Row> => {
			server.setLatency(latencyMs);
			const script = path.join(__dirname, 'floor.mjs');
			const { stdout } = await execFileAsync(
				nodeBinary(),
				[script, `${server.url}/generate/sdxl`, String(images), String(settings.concurrency), warm ? 'warm' : 'first'],
				{ maxBuffer: 1 << 20 },
			);
			const floor = JSON.parse(stdout) as { ms: number; bytes: number; maxRssBytes: number };
			if (floor.bytes !== images * png.length) throw new Error(`floor decoded ${floor.bytes} bytes`);
			return { path: 'floor', warm, images, latencyMs, nodeMs: floor.ms, wallMs: floor.ms, peakRss: floor.maxRssBytes };
		};

		const chainBytes = (images: number) => images * Math.ceil(png.length / 3) * 4;
		const runCase = async (images: number, latencyMs: number, warm = false, round?: number) => {
			log(`${images} images, ${latencyMs} ms latency${warm ? ', warm' : ''}${round && settings.rounds > 1 ? `, round ${round} of ${settings.rounds}` : ''}`);
			if (chainBytes(images) <= settings.chainLimitBytes) rows.push(await runN8n('chain', images, latencyMs, { warm }));
			else {
				rows.push({
					path: 'chain',
					warm,
					images,
					latencyMs,
					nodeMs: NaN,
					wallMs: NaN,
					peakRss: NaN,
					note: `not run: ${mb(chainBytes(images))} of base64 would sit in its execution data`,
				});
			}
			rows.push(await runN8n('ours', images, latencyMs, { warm }));
			if (latencyMs > 0 && settings.allAtOnce !== settings.concurrency) {
				rows.push(await runN8n('ours', images, latencyMs, { concurrency: settings.allAtOnce, warm }));
			}
			rows.push(await runFloor(images, latencyMs, warm));
		};

		if (process.argv.includes('--heap-probe')) {
			// The node's client loop outside n8n, in a bare process and with n8n's heap (heap-probe.mjs).
			server.setLatency(0);
			const [first] = settings.cases;
			for (const mode of ['bare', 'n8n', 'objects']) {
				const { stdout } = await execFileAsync(
					nodeBinary(),
					[path.join(__dirname, 'heap-probe.mjs'), `${server.url}/generate/sdxl`, String(first.images), String(settings.concurrency), mode, n8nPackageDir(), path.join(REPO_ROOT, 'dist')],
					{ maxBuffer: 1 << 20 },
				);
				const probe = JSON.parse(stdout) as { keptMs: number; freedMs: number; bytes: number; keptBytes: number; heapMb: number };
				const expected = first.images * png.length;
				if (probe.bytes !== expected || probe.keptBytes !== expected) throw new Error(`heap probe decoded ${probe.bytes} and ${probe.keptBytes} bytes`);
				console.log(
					`heap probe, ${mode}: heap ${probe.heapMb} MB before the answers; ${first.images} answers read and decoded in ${Math.round(probe.freedMs)} ms freeing each chunk once decoded, ${Math.round(probe.keptMs)} ms leaving them to the collector (medians of 3, warm)`,
				);
			}
			return;
		}
		if (profileDir) {
			const [first] = settings.cases;
			// Warm, so the profile holds both the first copy of the node and the measured second one.
			const row = await runN8n('ours', first.images, first.latencyMs, { warm: true });
			log(`node time ${Math.round(row.nodeMs)} ms (warm); profile in ${profileDir}`);
			return;
		}
		if (onlyLarge) {
			// `--only-large`: our node's memory growth alone (1 image, then the large case), e.g. with --n8n-env.
			const one = await runN8n('ours', 1, 0);
			const many = await runN8n('ours', settings.large, 0);
			log(`peak RSS ${mb(one.peakRss)} for 1 image, ${mb(many.peakRss)} for ${settings.large}: growth ${mb(many.peakRss - one.peakRss)}; node time ${Math.round(many.nodeMs)} ms`);
			await runN8n('ours', settings.large, 0, { retained: true });
			return;
		}
		const runCases = async (warm: boolean) => {
			for (let round = 1; round <= settings.rounds; round++) {
				for (const { images, latencyMs } of settings.cases) await runCase(images, latencyMs, warm, round);
			}
		};
		await runCases(false);
		const growth: Growth = { points: [] };
		if (large) {
			await runCase(settings.large, 0);
			log('our node with 1 image, the base line for memory growth, and with a tenth of the large case');
			growth.single = await runN8n('ours', 1, 0);
			const tenth = growthPoint(settings.large);
			growth.points.push({ images: tenth, peakRss: (await runN8n('ours', tenth, 0)).peakRss });
			growth.points.push({ images: settings.large, peakRss: rows.find((row) => row.path === 'ours' && row.images === settings.large)!.peakRss });
		}
		if (withWarm) await runCases(true);
		if (large) {
			log('our node with the large case once more, collecting fully a tenth of the way in and at the end');
			try {
				growth.retained = (await runN8n('ours', settings.large, 0, { retained: true })).retained;
			} catch (error) {
				// Only an info line rests on this run: its failure must not cost the measured ones.
				log(`the retained-memory run failed: ${String(error)}`);
			}
		}

		report(rows, growth, settings, png.length);
	} finally {
		await server.close();
		userFolder.remove();
		packDir.remove();
	}
}

function executionTime(result: ExecutionResult, node: string): number {
	const runs = (result.execution.data.resultData.runData[node] ?? []) as Array<{ executionTime?: number }>;
	return runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
}

/** Start to stop of the whole execution, from the trigger on (n8n's own timestamps). */
function workflowMs(result: ExecutionResult): number {
	const run = result.execution as unknown as { startedAt?: string; stoppedAt?: string };
	if (run.startedAt && run.stoppedAt) return Date.parse(run.stoppedAt) - Date.parse(run.startedAt);
	return spanMs(result, Object.keys(result.execution.data.resultData.runData));
}

/** From the first of `nodes` starting to the last one ending (the measured copy when warm). */
function spanMs(result: ExecutionResult, nodes: string[]): number {
	const runData = result.execution.data.resultData.runData as Record<string, Array<{ startTime: number; executionTime: number }>>;
	const runs = nodes.flatMap((node) => runData[node] ?? []);
	return Math.max(...runs.map((r) => r.startTime + r.executionTime)) - Math.min(...runs.map((r) => r.startTime));
}

/** Whether execution data holds the image as base64 (its start, or any long base64 run). */
function hasBase64(text: string, png: Buffer): boolean {
	return text.includes(png.subarray(0, 48).toString('base64')) || /[A-Za-z0-9+/]{512,}/.test(text);
}

function log(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
