/**
 * `npm run bench`: our node against the hand-built chain (HTTP Request → Split Out → Convert to
 * File) in the real n8n app, and a bare Node client as the floor. See test/bench/README.md.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { executeWorkflow, importCredentials, importWorkflow } from '../e2e/lib/cli';
import { installCommunityPackage } from '../e2e/lib/community-package';
import type { ExecutionResult } from '../e2e/lib/execution';
import { octoAiCredential } from '../e2e/lib/octoai';
import { packThisPackage } from '../e2e/lib/pack';
import { nodeBinary } from '../e2e/lib/paths';
import { createUserFolder } from '../e2e/lib/user-folder';
import { noisePng } from './image';
import { mb, MB, peakRssSampler } from './measure';
import { startFixedAnswerServer } from './server';
import { CHAIN_NODES, chainWorkflow, OUR_NODES, ourWorkflow } from './workflows';

const execFileAsync = promisify(execFile);

interface Settings {
	/** Image side in pixels and target PNG size. */
	side: number;
	imageBytes: number;
	concurrency: number;
	/**
	 * Also run our node with this concurrency in the latency cases: the chain sends every request at
	 * once, so this shows how much of the difference is that alone. Reported beside the target, not for it.
	 */
	allAtOnce: number;
	/** [images, latency ms] cases; the first one with 0 ms is the one the targets name. */
	cases: Array<{ images: number; latencyMs: number }>;
	/** Items of the large case, run for our node and the floor (see `chainLimitBytes`). */
	large: number;
	/** The chain is not run when its base64 in the execution data would pass this. */
	chainLimitBytes: number;
}

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
};

interface Row {
	path: 'ours' | 'chain' | 'floor';
	/** Our node's Concurrency option. */
	concurrency?: number;
	images: number;
	latencyMs: number;
	nodeMs: number;
	wallMs: number;
	dataBytes?: number;
	peakRss: number;
	base64Found?: boolean;
	note?: string;
}

const TOKEN = 'bench-token';

async function main(): Promise<void> {
	const settings = process.argv.includes('--quick') ? QUICK : FULL;
	// `--no-large`: without the 1,000-image case (minutes on a busy machine); its check is then "not run".
	const large = !process.argv.includes('--no-large');
	// `--profile <dir>`: only our node's first case, with n8n under --cpu-prof (the .cpuprofile lands in <dir>).
	const profileAt = process.argv.indexOf('--profile');
	const profileDir = profileAt === -1 ? undefined : path.resolve(process.argv[profileAt + 1] ?? 'bench-profile');
	// `--n8n-env NAME=value` (repeatable): set in our node's n8n process, for experiments (e.g. malloc tuning).
	const ourEnv: Record<string, string> = profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {};
	process.argv.forEach((arg, n) => {
		if (arg !== '--n8n-env') return;
		const [name, ...value] = (process.argv[n + 1] ?? '').split('=');
		if (name) ourEnv[name] = value.join('=');
	});
	const onlyLarge = process.argv.includes('--only-large');
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

		const runN8n = async (kind: 'ours' | 'chain', images: number, latencyMs: number, concurrency = settings.concurrency): Promise<Row> => {
			server.setLatency(latencyMs);
			const workflow =
				kind === 'ours' ? ourWorkflow(images, concurrency, credential) : chainWorkflow(images, server.url);
			const id = await importWorkflow(userFolder.path, workflow);
			const before = server.answered();
			const sampler = peakRssSampler();
			let result: ExecutionResult;
			try {
				result = await executeWorkflow(userFolder.path, id, {
					onSpawn: sampler.attach,
					timeoutMs: 20 * 60_000,
					stdoutFile: path.join(packDir.path, 'n8n-stdout.log'),
					env: kind === 'ours' ? ourEnv : undefined,
				});
			} finally {
				sampler.stop();
			}
			const peakRss = sampler.stop();
			if (result.status !== 'success') throw new Error(`${kind} ×${images}: execution ${result.status}: ${result.errorMessage}`);
			const nodes = kind === 'ours' ? OUR_NODES : CHAIN_NODES;
			const outputs = result.output(nodes[nodes.length - 1]);
			if (outputs.length !== images || outputs.some((item) => !item.binary?.data)) {
				throw new Error(`${kind} ×${images}: ${outputs.length} items out, not ${images} with binary data`);
			}
			if (server.answered() - before !== images) throw new Error(`${kind}: ${server.answered() - before} requests, not ${images}`);
			const data = nodes.map((node) => JSON.stringify(result.execution.data.resultData.runData[node]));
			return {
				path: kind,
				concurrency: kind === 'ours' ? concurrency : undefined,
				images,
				latencyMs,
				nodeMs: nodes.reduce((sum, node) => sum + executionTime(result, node), 0),
				wallMs: workflowMs(result),
				dataBytes: data.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
				peakRss,
				base64Found: data.some((text) => hasBase64(text, png)),
			};
		};

		const runFloor = async (images: number, latencyMs: number): Promise<Row> => {
			server.setLatency(latencyMs);
			const script = path.join(__dirname, 'floor.mjs');
			const { stdout } = await execFileAsync(
				nodeBinary(),
				[script, `${server.url}/generate/sdxl`, String(images), String(settings.concurrency)],
				{ maxBuffer: 1 << 20 },
			);
			const floor = JSON.parse(stdout) as { ms: number; bytes: number; maxRssBytes: number };
			if (floor.bytes !== images * png.length) throw new Error(`floor decoded ${floor.bytes} bytes`);
			return { path: 'floor', images, latencyMs, nodeMs: floor.ms, wallMs: floor.ms, peakRss: floor.maxRssBytes };
		};

		const chainBytes = (images: number) => images * Math.ceil(png.length / 3) * 4;
		const runCase = async (images: number, latencyMs: number) => {
			log(`${images} images, ${latencyMs} ms latency`);
			if (chainBytes(images) <= settings.chainLimitBytes) rows.push(await runN8n('chain', images, latencyMs));
			else {
				rows.push({
					path: 'chain',
					images,
					latencyMs,
					nodeMs: NaN,
					wallMs: NaN,
					peakRss: NaN,
					note: `not run: ${mb(chainBytes(images))} of base64 would sit in its execution data`,
				});
			}
			rows.push(await runN8n('ours', images, latencyMs));
			if (latencyMs > 0 && settings.allAtOnce !== settings.concurrency) {
				rows.push(await runN8n('ours', images, latencyMs, settings.allAtOnce));
			}
			rows.push(await runFloor(images, latencyMs));
		};

		if (profileDir) {
			const [first] = settings.cases;
			const row = await runN8n('ours', first.images, first.latencyMs);
			log(`node time ${Math.round(row.nodeMs)} ms; profile in ${profileDir}`);
			return;
		}
		if (onlyLarge) {
			// `--only-large`: our node's memory growth alone (1 image, then the large case), e.g. with --n8n-env.
			const one = await runN8n('ours', 1, 0);
			const many = await runN8n('ours', settings.large, 0);
			log(`peak RSS ${mb(one.peakRss)} for 1 image, ${mb(many.peakRss)} for ${settings.large}: growth ${mb(many.peakRss - one.peakRss)}; node time ${Math.round(many.nodeMs)} ms`);
			return;
		}
		for (const { images, latencyMs } of settings.cases) await runCase(images, latencyMs);
		let single: Row | undefined;
		if (large) {
			await runCase(settings.large, 0);
			log('our node with 1 image, the base line for memory growth');
			single = await runN8n('ours', 1, 0);
		}

		report(rows, single, settings, png.length);
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
	const runData = result.execution.data.resultData.runData as Record<string, Array<{ startTime: number; executionTime: number }>>;
	const runs = Object.values(runData).flat();
	return Math.max(...runs.map((r) => r.startTime + r.executionTime)) - Math.min(...runs.map((r) => r.startTime));
}

/** Whether execution data holds the image as base64 (its start, or any long base64 run). */
function hasBase64(text: string, png: Buffer): boolean {
	return text.includes(png.subarray(0, 48).toString('base64')) || /[A-Za-z0-9+/]{512,}/.test(text);
}

function report(rows: Row[], single: Row | undefined, settings: Settings, imageBytes: number): void {
	const find = (path: Row['path'], images: number, latencyMs: number, concurrency = settings.concurrency) =>
		rows.find(
			(row) =>
				row.path === path && row.images === images && row.latencyMs === latencyMs && (path !== 'ours' || row.concurrency === concurrency),
		);
	const ratio = (a: number | undefined, b: number | undefined) =>
		a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
	const cell = (value: number, unit: string) => (Number.isFinite(value) ? `${Math.round(value)} ${unit}` : '–');
	const label = (row: Row) =>
		row.path === 'ours' ? `OctoAI SDXL (c${row.concurrency})` : row.path === 'chain' ? 'HTTP Request → Split Out → Convert to File' : 'bare Node fetch + decode';
	const lines = [
		'| images | latency | path | node time | wall time | execution data | peak RSS | ours/chain node · wall · RSS | ours/floor node |',
		'|---:|---:|---|---:|---:|---:|---:|---|---:|',
	];
	for (const row of rows) {
		const chain = find('chain', row.images, row.latencyMs);
		const floor = find('floor', row.images, row.latencyMs);
		const ratios =
			row.path === 'ours'
				? [`${ratio(row.nodeMs, chain?.nodeMs)} · ${ratio(row.wallMs, chain?.wallMs)} · ${ratio(row.peakRss, chain?.peakRss)}`, ratio(row.nodeMs, floor?.nodeMs)]
				: ['', ''];
		lines.push(
			`| ${row.images} | ${row.latencyMs} ms | ${label(row)}${row.note ? ` (${row.note})` : ''} | ${cell(row.nodeMs, 'ms')} | ${cell(row.wallMs, 'ms')} | ${row.dataBytes === undefined ? '–' : mb(row.dataBytes)} | ${Number.isFinite(row.peakRss) ? mb(row.peakRss) : '–'} | ${ratios[0]} | ${ratios[1]} |`,
		);
	}
	console.log(`\n${lines.join('\n')}\n`);

	const [fast, slow] = settings.cases;
	const ours0 = find('ours', fast.images, 0);
	const chain0 = find('chain', fast.images, 0);
	const floor0 = find('floor', fast.images, 0);
	const oursSlow = find('ours', slow.images, slow.latencyMs);
	const chainSlow = find('chain', slow.images, slow.latencyMs);
	const oursAllAtOnce = find('ours', slow.images, slow.latencyMs, settings.allAtOnce);
	const large = find('ours', settings.large, 0);
	const inFlight = settings.concurrency * imageBytes;
	const growth = large && single ? large.peakRss - single.peakRss : NaN;
	const checks: Array<[string, boolean, string]> = [
		[`${fast.images} images, 0 ms: node time ≤ 0.8× chain`, ours0!.nodeMs <= 0.8 * chain0!.nodeMs, ratio(ours0!.nodeMs, chain0!.nodeMs)],
		[`${fast.images} images, 0 ms: node time ≤ 1.5× floor`, ours0!.nodeMs <= 1.5 * floor0!.nodeMs, ratio(ours0!.nodeMs, floor0!.nodeMs)],
		[`${slow.images} images, ${slow.latencyMs} ms, concurrency ${settings.concurrency}: wall time ≤ 0.7× chain`, oursSlow!.wallMs <= 0.7 * chainSlow!.wallMs, ratio(oursSlow!.wallMs, chainSlow!.wallMs)],
		[`${fast.images} images: peak RSS ≤ 0.4× chain`, ours0!.peakRss <= 0.4 * chain0!.peakRss, ratio(ours0!.peakRss, chain0!.peakRss)],
		[
			`${settings.large} images: peak RSS growth over 1 image ≤ 3× in flight (${settings.concurrency} × ${mb(imageBytes)})`,
			growth <= 3 * inFlight,
			Number.isFinite(growth) ? `${mb(growth)} = ${(growth / inFlight).toFixed(2)}× in flight` : 'not run (--no-large)',
		],
		['no base64 in our execution data', rows.every((row) => row.path !== 'ours' || row.base64Found === false), ''],
	];
	for (const [name, ok, figure] of checks) {
		const status = figure.startsWith('not run') ? 'skip  ' : ok ? 'met   ' : 'MISSED';
		console.log(`${status}  ${name}${figure ? `: ${figure}` : ''}`);
	}
	if (oursAllAtOnce && chainSlow && settings.allAtOnce !== settings.concurrency) {
		// Not a target: the same case with our node sending every request at once, as the chain does.
		console.log(
			`info    ${slow.images} images, ${slow.latencyMs} ms, concurrency ${settings.allAtOnce}: wall time ${ratio(oursAllAtOnce.wallMs, chainSlow.wallMs)} chain`,
		);
	}
	if (!checks[checks.length - 1][1]) process.exitCode = 1;
}

function log(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
