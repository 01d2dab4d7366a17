/**
 * `npm run bench -- --realistic [--quick]`: our node at the service's real pace, in the real n8n app.
 * 32 and 200 prompts (`--quick`: 32 only) against (a) 2 s per answer and no limit, (b) 60 requests per
 * minute (5 per 5 s, answered 429 with Retry-After), (c) one GPU and (d) four GPUs at 2 s per image,
 * each path in its own `n8n execute`: Concurrency Auto, fixed numbers, and the hand-built chain with and
 * without Retry On Fail. What it prints: docs/benchmark-realistic.md.
 */
import nodePath from 'node:path';

import { executeWorkflow, importCredentials, importWorkflow, type WorkflowToImport } from '../e2e/lib/cli.cts';
import { installCommunityPackage } from '../e2e/lib/community-package.cts';
import { octoAiCredential } from '../e2e/lib/octoai.cts';
import { packThisPackage } from '../e2e/lib/pack.cts';
import { createUserFolder } from '../e2e/lib/user-folder.cts';
import type { WorkflowNode } from '../e2e/lib/workflow.cts';
import { maxOverlap, settledConcurrency } from '../reliability/support/timeline.cts';
import { noisePng } from './image.cts';
import { mb } from './measure.cts';
import { startPacedServer, type Regime } from './paced-server.cts';
import { CHAIN_NODES, chainWorkflow, OUR_NODES, ourWorkflow } from './workflows.cts';

const TOKEN = 'bench-token';
const SECOND = 1000;

interface Scenario {
	key: 'a' | 'b' | 'c' | 'd';
	name: string;
	regime: Regime;
	/** Generations per second the server allows at most (b), for the limit's own minimum N / rate. */
	ratePerSecond?: number;
}

const SCENARIOS: Scenario[] = [
	{ key: 'a', name: '2 s per answer, no limit', regime: { latencyMs: 2 * SECOND } },
	{ key: 'b', name: '60 requests/minute (5 per 5 s), 500 ms per answer', regime: { rateLimit: { requests: 5, perMs: 5 * SECOND }, latencyMs: 500 }, ratePerSecond: 1 },
	{ key: 'c', name: 'one GPU, 2 s per image', regime: { capacity: { slots: 1, generationMs: 2 * SECOND } } },
	{ key: 'd', name: 'four GPUs, 2 s per image', regime: { capacity: { slots: 4, generationMs: 2 * SECOND } } },
];

type Path = { kind: 'auto' } | { kind: 'fixed'; concurrency: number } | { kind: 'chain'; retry: boolean };

interface Row {
	scenario: Scenario;
	prompts: number;
	path: Path;
	status: string;
	wallMs: number;
	imagesOut: number;
	ok: number;
	limited: number;
	settled: number;
	most: number;
	error?: string;
}

function label(path: Path): string {
	if (path.kind === 'auto') return 'OctoAI SDXL, Concurrency Auto';
	if (path.kind === 'fixed') return `OctoAI SDXL, Concurrency ${path.concurrency}`;
	return `HTTP Request chain${path.retry ? ' + Retry On Fail (5 tries, 5 s)' : ''}`;
}

/** Our node at version 1.1 with Concurrency left out (Auto), or a fixed number. */
function ourPathWorkflow(prompts: number, path: Path, credential: ReturnType<typeof octoAiCredential>): WorkflowToImport {
	const workflow = ourWorkflow(prompts, 4, credential);
	for (const node of workflow.nodes as unknown as WorkflowNode[]) {
		if (!OUR_NODES.includes(node.name)) continue;
		node.typeVersion = 1.1;
		const options = node.parameters.options as Record<string, unknown>;
		if (path.kind === 'fixed') options.concurrency = path.concurrency;
		else delete options.concurrency;
	}
	return workflow;
}

function chainPathWorkflow(prompts: number, url: string, retry: boolean): WorkflowToImport {
	const workflow = chainWorkflow(prompts, url);
	if (retry) {
		const http = (workflow.nodes as unknown as Array<WorkflowNode & Record<string, unknown>>).find((node) => node.name === CHAIN_NODES[0])!;
		Object.assign(http, { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 });
	}
	return workflow;
}

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	const sizes = quick ? [32] : [32, 200];
	const fixed = quick ? [4, 16] : [1, 4, 16, 32];
	const only = process.argv.filter((arg) => /^--only=[abcd]+$/.test(arg)).map((arg) => arg.slice(7)).join('');
	const png = await noisePng(1024, 1024, 1_580_000);
	log(`image: 1024×1024 PNG of ${mb(png.length)}`);
	const server = await startPacedServer(png);
	const userFolder = createUserFolder('octoai-bench-real-');
	const packDir = createUserFolder('octoai-bench-real-pack-');
	const rows: Row[] = [];
	try {
		await installCommunityPackage(userFolder.path, await packThisPackage(packDir.path));
		const credential = octoAiCredential('benchCredential1', 'OctoAI (bench server)', TOKEN, server.url);
		await importCredentials(userFolder.path, [credential]);
		for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.key))) {
			for (const prompts of sizes) {
				const paths: Path[] = [
					{ kind: 'chain', retry: false },
					...(scenario.key === 'b' ? [{ kind: 'chain', retry: true } as Path] : []),
					{ kind: 'auto' },
					...fixed.map((concurrency): Path => ({ kind: 'fixed', concurrency })),
				];
				for (const path of paths) {
					log(`(${scenario.key}) ${scenario.name}, ${prompts} prompts: ${label(path)}`);
					server.reset(scenario.regime);
					const workflow = path.kind === 'chain' ? chainPathWorkflow(prompts, server.url, path.retry) : ourPathWorkflow(prompts, path, credential);
					const id = await importWorkflow(userFolder.path, workflow);
					const result = await executeWorkflow(userFolder.path, id, { timeoutMs: 40 * 60_000, stdoutFile: nodePath.join(packDir.path, 'n8n-stdout.log') });
					const last = path.kind === 'chain' ? CHAIN_NODES[CHAIN_NODES.length - 1] : OUR_NODES[0];
					const out = result.execution.data.resultData.runData[last] ? result.output(last) : [];
					const answered = server.answered();
					const run = result.execution as unknown as { startedAt?: string; stoppedAt?: string };
					rows.push({
						scenario,
						prompts,
						path,
						status: result.status,
						wallMs: run.startedAt && run.stoppedAt ? Date.parse(run.stoppedAt) - Date.parse(run.startedAt) : NaN,
						imagesOut: out.filter((item) => item.binary?.data).length,
						ok: answered.ok,
						limited: answered.limited,
						settled: settledConcurrency(answered.spans),
						most: maxOverlap(answered.spans),
						error: result.errorMessage,
					});
					log(`  ${result.status}, ${rows[rows.length - 1].imagesOut} images, ${Math.round(rows[rows.length - 1].wallMs)} ms`);
				}
			}
		}
	} finally {
		await server.close();
		userFolder.remove();
		packDir.remove();
	}
	report(rows);
}

function report(rows: Row[]): void {
	const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');
	const lines = [
		'| case | prompts | path | result | wall time | images out | 200s / 429s | most in flight | settled |',
		'|---|---:|---|---|---:|---:|---:|---:|---:|',
	];
	for (const row of rows) {
		const result = row.status === 'success' && row.imagesOut === row.prompts ? 'all done' : `${row.status}${row.error ? `: ${row.error.slice(0, 60)}` : ''}`;
		lines.push(
			`| (${row.scenario.key}) ${row.scenario.name} | ${row.prompts} | ${label(row.path)} | ${result} | ${seconds(row.wallMs)} | ${row.imagesOut} | ${row.ok} / ${row.limited} | ${row.most} | ${row.settled} |`,
		);
	}
	console.log(`\n${lines.join('\n')}\n`);
	const done = (row: Row) => row.status === 'success' && row.imagesOut === row.prompts;
	const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');
	for (const group of groups(rows)) {
		const [first] = group;
		const auto = group.find((row) => row.path.kind === 'auto');
		const chain = group.find((row) => row.path.kind === 'chain' && !row.path.retry);
		const fixedDone = group.filter((row) => row.path.kind === 'fixed' && done(row));
		const bestFixed = fixedDone.sort((x, y) => x.wallMs - y.wallMs)[0];
		if (!auto) continue;
		const name = `(${first.scenario.key}) ${first.prompts} prompts`;
		const line = (ok: boolean, text: string) => console.log(`${ok ? 'met   ' : 'MISSED'}  ${name}: ${text}`);
		if (first.scenario.key === 'a') {
			line(done(auto) && !!chain && auto.wallMs <= 1.2 * chain.wallMs, `Auto ${ratio(auto.wallMs, chain?.wallMs ?? NaN)} the chain's time (target ≤ 1.2×), reached ${auto.most} in flight`);
		} else if (first.scenario.key === 'b') {
			const minimum = (first.prompts / first.scenario.ratePerSecond!) * 1000;
			const ours = group.filter((row) => row.path.kind !== 'chain');
			const failed = ours.reduce((sum, row) => sum + (row.prompts - row.imagesOut), 0);
			line(done(auto) && auto.wallMs <= 1.1 * minimum, `Auto ${ratio(auto.wallMs, minimum)} of N / rate (${seconds(minimum)}; target ≤ 1.1×)`);
			line(failed === 0, `${failed} items failed over every Concurrency setting (target 0)`);
			const chains = group.filter((row) => row.path.kind === 'chain');
			line(chains.every((row) => !done(row) || row.wallMs > auto.wallMs), `the chain ${chains.map((row) => (done(row) ? seconds(row.wallMs) : 'failed')).join(', ')} (target: fails or is slower)`);
		} else {
			line(
				done(auto) && !!bestFixed && auto.wallMs <= bestFixed.wallMs * 1.05,
				`Auto ${ratio(auto.wallMs, bestFixed?.wallMs ?? NaN)} the best fixed (Concurrency ${bestFixed?.path.kind === 'fixed' ? bestFixed.path.concurrency : '–'}; target ≤ 1× within 5% noise), settled at ${auto.settled} in flight, no request timed out: ${done(auto) ? 'yes' : 'no'}`,
			);
		}
	}
}

function groups(rows: Row[]): Row[][] {
	const map = new Map<string, Row[]>();
	for (const row of rows) {
		const key = `${row.scenario.key}/${row.prompts}`;
		map.set(key, [...(map.get(key) ?? []), row]);
	}
	return [...map.values()];
}

function log(message: string): void {
	process.stderr.write(`[bench:realistic] ${message}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
