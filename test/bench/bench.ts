/**
 * `npm run bench`: our node against the hand-built chain (HTTP Request → Split Out → Convert to
 * File) in the real n8n app, and a bare Node client as the floor. What it prints, and the
 * figures of the last run: docs/benchmark.md.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { executeWorkflow, importCredentials, importWorkflow } from '../e2e/lib/cli';
import { installCommunityPackage } from '../e2e/lib/community-package';
import type { ExecutionResult } from '../e2e/lib/execution';
import { octoAiCredential } from '../e2e/lib/octoai';
import { packThisPackage } from '../e2e/lib/pack';
import { n8nPackageDir, nodeBinary, REPO_ROOT } from '../e2e/lib/paths';
import { createUserFolder } from '../e2e/lib/user-folder';
import { noisePng } from './image';
import { mb, MB, median, peakRssSampler } from './measure';
import { describeMemory, describeRetained, memorySamplerEnv, readRetained, retainedSamplerEnv, type Retained } from './memory-breakdown';
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
	/**
	 * Times each 32-image case runs (chain, ours, floor in turn); the table shows medians and the
	 * checks each round's ratio too, because one run of each moves by a tenth or more on a busy machine.
	 */
	rounds: number;
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

interface Row {
	path: 'ours' | 'chain' | 'floor';
	/** Measured on the second copy of the path's nodes in one execution (see WARM_UP), not the first. */
	warm: boolean;
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
	/** What survived full collections during the run (`retained` runs only). */
	retained?: Retained;
}

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

interface Growth {
	/** Our node with 1 image: the base line. */
	single?: Row;
	/** Peak RSS of our node at more item counts (a tenth of the large case, and the large case). */
	points: Array<{ images: number; peakRss: number }>;
	/** What survived full collections in a run of the large case of its own (not one of the above). */
	retained?: Retained;
}

/** One row per path and case: the median of its rounds (each figure on its own). */
function medians(runs: Row[]): Row[] {
	const groups = new Map<string, Row[]>();
	for (const run of runs) {
		const key = [run.path, run.warm, run.images, run.latencyMs, run.concurrency].join('/');
		groups.set(key, [...(groups.get(key) ?? []), run]);
	}
	return [...groups.values()].map((group) => ({
		...group[0],
		nodeMs: median(group.map((run) => run.nodeMs)),
		wallMs: median(group.map((run) => run.wallMs)),
		peakRss: median(group.map((run) => run.peakRss)),
		base64Found: group.some((run) => run.base64Found),
	}));
}

function report(runs: Row[], growth: Growth, settings: Settings, imageBytes: number): void {
	const rows = medians(runs);
	const matching = (list: Row[], path: Row['path'], images: number, latencyMs: number, warm: boolean, concurrency = settings.concurrency) =>
		list.filter(
			(row) =>
				row.path === path &&
				row.warm === warm &&
				row.images === images &&
				row.latencyMs === latencyMs &&
				(path !== 'ours' || row.concurrency === concurrency),
		);
	const find = (path: Row['path'], images: number, latencyMs: number, warm: boolean, concurrency = settings.concurrency) =>
		matching(rows, path, images, latencyMs, warm, concurrency)[0];
	const ratio = (a: number | undefined, b: number | undefined) =>
		a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
	/** " (rounds 0.71×, 0.80×, 0.77×)": ours / other within each round, when there were several. */
	const perRound = (ours: Row[], other: Row[], figure: 'nodeMs' | 'wallMs') =>
		ours.length > 1 && ours.length === other.length
			? ` (rounds ${ours.map((row, n) => ratio(row[figure], other[n][figure])).join(', ')})`
			: '';
	const cell = (value: number, unit: string) => (Number.isFinite(value) ? `${Math.round(value)} ${unit}` : '–');
	const label = (row: Row) =>
		row.path === 'ours' ? `OctoAI SDXL (c${row.concurrency})` : row.path === 'chain' ? 'HTTP Request → Split Out → Convert to File' : 'bare Node fetch + decode';
	const lines = [
		'| run | images | latency | path | node time | wall time | execution data | peak RSS | ours/chain node · wall · RSS | ours/floor node |',
		'|---|---:|---:|---|---:|---:|---:|---:|---|---:|',
	];
	for (const row of rows) {
		const chain = find('chain', row.images, row.latencyMs, row.warm);
		const floor = find('floor', row.images, row.latencyMs, row.warm);
		// Warm runs hold the warm-up copy's data too (the chain's base64 twice over), so their RSS is not compared.
		const rss = row.warm ? '–' : ratio(row.peakRss, chain?.peakRss);
		const ratios =
			row.path === 'ours'
				? [`${ratio(row.nodeMs, chain?.nodeMs)} · ${ratio(row.wallMs, chain?.wallMs)} · ${rss}`, ratio(row.nodeMs, floor?.nodeMs)]
				: ['', ''];
		lines.push(
			`| ${row.warm ? 'warm' : 'first'} | ${row.images} | ${row.latencyMs} ms | ${label(row)}${row.note ? ` (${row.note})` : ''} | ${cell(row.nodeMs, 'ms')} | ${cell(row.wallMs, 'ms')} | ${row.dataBytes === undefined ? '–' : mb(row.dataBytes)} | ${Number.isFinite(row.peakRss) ? mb(row.peakRss) : '–'} | ${ratios[0]} | ${ratios[1]} |`,
		);
	}
	const roundsNote = settings.rounds > 1 ? `The ${settings.cases[0].images}-image cases: medians of ${settings.rounds} rounds; the large case ran once.\n` : '';
	console.log(`\n${lines.join('\n')}\n\n${roundsNote}`);

	const [fast, slow] = settings.cases;
	const checks: Array<[string, boolean, string]> = [];
	for (const warm of [false, true]) {
		const ours0 = find('ours', fast.images, 0, warm);
		const chain0 = find('chain', fast.images, 0, warm);
		const floor0 = find('floor', fast.images, 0, warm);
		const oursSlow = find('ours', slow.images, slow.latencyMs, warm);
		const chainSlow = find('chain', slow.images, slow.latencyMs, warm);
		if (!ours0 || !chain0 || !floor0 || !oursSlow || !chainSlow) continue;
		const run = warm ? 'warm' : 'first run';
		const rounds = (path: Row['path'], { images, latencyMs }: { images: number; latencyMs: number }) =>
			matching(runs, path, images, latencyMs, warm);
		checks.push(
			[
				`${run}, ${fast.images} images, 0 ms: node time ≤ 0.8× chain`,
				ours0.nodeMs <= 0.8 * chain0.nodeMs,
				ratio(ours0.nodeMs, chain0.nodeMs) + perRound(rounds('ours', fast), rounds('chain', fast), 'nodeMs'),
			],
			[
				`${run}, ${fast.images} images, 0 ms: node time ≤ 1.5× floor`,
				ours0.nodeMs <= 1.5 * floor0.nodeMs,
				ratio(ours0.nodeMs, floor0.nodeMs) + perRound(rounds('ours', fast), rounds('floor', fast), 'nodeMs'),
			],
			[
				`${run}, ${slow.images} images, ${slow.latencyMs} ms, concurrency ${settings.concurrency}: wall time ≤ 0.7× chain`,
				oursSlow.wallMs <= 0.7 * chainSlow.wallMs,
				ratio(oursSlow.wallMs, chainSlow.wallMs) + perRound(rounds('ours', slow), rounds('chain', slow), 'wallMs'),
			],
		);
		if (!warm) checks.push([`${fast.images} images: peak RSS ≤ 0.4× chain`, ours0.peakRss <= 0.4 * chain0.peakRss, ratio(ours0.peakRss, chain0.peakRss)]);
	}
	const inFlight = settings.concurrency * imageBytes;
	const base = growth.single?.peakRss;
	const [tenth, all] = growth.points;
	const grew = (point?: { peakRss: number }) => (point && base !== undefined ? point.peakRss - base : NaN);
	const inFlightText = (bytes: number) => `${mb(bytes)} = ${(bytes / inFlight).toFixed(2)}× in flight`;
	checks.push(
		[
			`${settings.large} images: peak RSS growth over 1 image ≤ 3× in flight (${settings.concurrency} × ${mb(imageBytes)})`,
			grew(all) <= 3 * inFlight,
			Number.isFinite(grew(all)) ? inFlightText(grew(all)) : 'not run (--no-large)',
		],
		[
			`peak RSS does not grow with the item count: ${tenth?.images ?? '–'} → ${settings.large} images adds ≤ 1× in flight`,
			grew(all) - grew(tenth) <= inFlight,
			Number.isFinite(grew(all) - grew(tenth))
				? `${inFlightText(grew(tenth))} at ${tenth.images}, ${inFlightText(grew(all))} at ${all.images}`
				: 'not run (--no-large)',
		],
		['no base64 in our execution data', rows.every((row) => row.path !== 'ours' || row.base64Found === false), ''],
	);
	for (const [name, ok, figure] of checks) {
		const status = figure.startsWith('not run') ? 'skip  ' : ok ? 'met   ' : 'MISSED';
		console.log(`${status}  ${name}${figure ? `: ${figure}` : ''}`);
	}
	for (const warm of [false, true]) {
		const allAtOnce = find('ours', slow.images, slow.latencyMs, warm, settings.allAtOnce);
		const chainSlow = find('chain', slow.images, slow.latencyMs, warm);
		if (!allAtOnce || !chainSlow || settings.allAtOnce === settings.concurrency) continue;
		// Not a target: the same case with our node sending every request at once, as the chain does.
		console.log(
			`info    ${warm ? 'warm' : 'first run'}, ${slow.images} images, ${slow.latencyMs} ms, concurrency ${settings.allAtOnce}: wall time ${ratio(allAtOnce.wallMs, chainSlow.wallMs)} chain`,
		);
	}
	if (growth.retained) {
		// Not a target: tells what the node's process holds on to from the garbage a peak also contains.
		console.log(`info    ${settings.large} images, left after a full collection ${describeRetained(growth.retained)}`);
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
