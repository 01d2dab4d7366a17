// What `npm run bench` (bench.cts) measured, as the table and checks it prints: one row per path and case,
// the median of its rounds, and whether the targets hold.
import { mb, median } from './measure.cts';
import { describeRetained, type Retained } from './memory-breakdown.cts';

export interface Settings {
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

export interface Row {
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

export interface Growth {
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

export function report(runs: Row[], growth: Growth, settings: Settings, imageBytes: number): void {
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
