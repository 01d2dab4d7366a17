import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

import type { Emulator } from '../../emulator/index.cts';
import { databaseBinaryDigests } from './executions.cts';
import type { QueueStack } from './stack.cts';
import { BURST_IMAGES_PER_CALL, SCALE_PATHS, SCALE_TOKENS } from './workflows.cts';

const PNG_SIGNATURE = '89504e470d0a1a0a';

/** What the burst workflow answers each call with (its Respond to Webhook node). */
interface BurstAnswer {
	call: number;
	executionId: string;
	images: Array<{ seed: number; binaryId: string; mimeType: string; fileSize: string }>;
}

export interface BurstResult {
	calls: number;
	images: number;
	/** The executions that answered the calls (from their answers). */
	executionIds: string[];
	wallMs: number;
	/** CPU seconds used during the burst: the main instance, each worker, and this process (the emulator). */
	cpu: { main: number; workers: number[]; emulator: number };
	/**
	 * When the API requests arrived and ended, in ms since the burst began: the first arrival shows the
	 * queue's pick-up delay, the gap from the last reply to wallMs what came after generation.
	 */
	timeline: { firstArrival: number; lastArrival: number; lastReply: number };
	/** The machine's 1-minute load average when the burst ended (other processes share the cores). */
	loadAverage: number;
	/** Everything found wrong: failed calls, images lost or made twice, outputs that do not match the log. */
	problems: string[];
}

/**
 * Sends `calls` webhook calls at once to the burst workflow (each generating 2 SD 1.5 images, every
 * API request held `latencyMs` by the emulator, as a GPU would take), waits for every answer, then
 * checks every image against the emulator's request log and the binary data in Postgres: each call
 * made exactly one API request and got exactly its images back, each image is stored once.
 */
export async function runBurst(stack: QueueStack, emulator: Emulator, calls: number, latencyMs: number): Promise<BurstResult> {
	const token = SCALE_TOKENS.burst;
	const before = emulator.requests({ token }).length;
	if (latencyMs > 0) emulator.queueFaults(token, [{ kind: 'latency', ms: latencyMs, times: calls }]);
	const cpuBefore = cpuSnapshot(stack);
	const started = Date.now();
	const answers = await Promise.all(
		Array.from({ length: calls }, async (_, call) => {
			const response = await fetch(`${stack.main.url}/webhook/${SCALE_PATHS.burst}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ call }),
			});
			const text = await response.text();
			return { call, status: response.status, text };
		}),
	);
	const wallMs = Date.now() - started;
	const loadAverage = loadavg()[0];
	const cpuAfter = cpuSnapshot(stack);
	const problems: string[] = [];

	// The emulator's log: one generation request per call, its prompt naming the call, 2 images each.
	const requests = emulator.requests({ token }).slice(before);
	const requestsPerCall = new Map<number, number>();
	for (const request of requests) {
		const body = request.body as { prompt?: string; num_images?: number };
		const call = Number(/scale burst call (\d+)$/.exec(body.prompt ?? '')?.[1]);
		if (!Number.isInteger(call)) problems.push(`request ${request.seq} has an unexpected prompt ${JSON.stringify(body.prompt)}`);
		if (body.num_images !== BURST_IMAGES_PER_CALL) problems.push(`request ${request.seq} asked for ${body.num_images} images`);
		if (request.status !== 200) problems.push(`request ${request.seq} (call ${call}) answered ${request.status}`);
		requestsPerCall.set(call, (requestsPerCall.get(call) ?? 0) + 1);
	}

	// The outputs: every call answered with its own 2 images, each stored once in Postgres as a PNG.
	const bodies: BurstAnswer[] = [];
	for (const answer of answers) {
		const made = requestsPerCall.get(answer.call) ?? 0;
		if (made !== 1) problems.push(`call ${answer.call}: ${made} API requests in the emulator's log`);
		if (answer.status !== 200) {
			problems.push(`call ${answer.call}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
			continue;
		}
		const body = JSON.parse(answer.text) as BurstAnswer;
		if (body.call !== answer.call) problems.push(`call ${answer.call} was answered for call ${body.call}`);
		if (body.images.length !== BURST_IMAGES_PER_CALL) problems.push(`call ${answer.call}: ${body.images.length} images`);
		bodies.push(body);
	}
	const stored = await databaseBinaryDigests(stack.postgres, bodies.flatMap((body) => body.images.map((image) => image.binaryId)));
	const binaryIds = new Set<string>();
	const digests = new Set<string>();
	for (const body of bodies) {
		for (const image of body.images) {
			if (binaryIds.has(image.binaryId)) problems.push(`call ${body.call}: binary ${image.binaryId} appears twice`);
			binaryIds.add(image.binaryId);
			const file = stored.get(image.binaryId);
			if (!file) {
				problems.push(`call ${body.call}: ${image.binaryId} is not in Postgres`);
				continue;
			}
			if (!file.head.startsWith(PNG_SIGNATURE)) problems.push(`call ${body.call}: ${image.binaryId} is not a PNG`);
			if (digests.has(file.sha256)) problems.push(`call ${body.call}: seed ${image.seed} has the same bytes as another image`);
			digests.add(file.sha256);
		}
	}
	const arrivals = requests.map((r) => Date.parse(r.time) - started);
	const replies = requests.map((r, n) => arrivals[n] + (r.durationMs ?? 0));
	const timeline = { firstArrival: Math.min(...arrivals), lastArrival: Math.max(...arrivals), lastReply: Math.max(...replies) };
	if (requests.length !== calls) problems.push(`${requests.length} API requests for ${calls} calls`);

	return {
		calls,
		images: digests.size,
		executionIds: bodies.map((body) => String(body.executionId)),
		wallMs,
		timeline,
		loadAverage,
		cpu: {
			main: cpuAfter.main - cpuBefore.main,
			workers: cpuAfter.workers.map((seconds, n) => seconds - (cpuBefore.workers[n] ?? 0)),
			emulator: cpuAfter.emulator - cpuBefore.emulator,
		},
		problems,
	};
}

/** One line saying what a burst took and what bounded it. */
export function describeBurst(label: string, result: BurstResult, latencyMs: number, slots: number): string {
	const seconds = result.wallMs / 1000;
	const floor = Math.ceil(result.calls / slots) * (latencyMs / 1000);
	const cpu = result.cpu.main + result.cpu.emulator + result.cpu.workers.reduce((a, b) => a + b, 0);
	const cores = cpu / seconds;
	// Each share is how close that resource came to its limit; the larger one is what bounded the run.
	const slotShare = floor / seconds;
	const cpuShare = cores / cpus().length;
	// Other processes on the machine count too: a load average above the core count means everything waited for CPU.
	const load = result.loadAverage;
	const contended = isContended(result);
	const bound = contended
		? `bounded by a contended machine: load average ${load.toFixed(1)} on ${cpus().length} cores (this stack used ${pct(cpuShare)} of them; slot floor ${floor.toFixed(1)} s)`
		: slotShare >= cpuShare
			? `bounded by execution slots: ${slots} at once x ${latencyMs} ms generation need at least ${floor.toFixed(1)} s (${pct(slotShare)} of the wall time); CPU ${pct(cpuShare)} of ${cpus().length} cores`
			: `bounded by CPU: this stack kept ${pct(cpuShare)} of ${cpus().length} cores busy; the slot floor (${slots} at once x ${latencyMs} ms) is only ${floor.toFixed(1)} s`;
	return (
		`${label}: ${result.calls} calls, ${result.images} images in ${seconds.toFixed(1)} s ` +
		`(${(result.calls / seconds).toFixed(2)} executions/s, ${(result.images / seconds).toFixed(2)} images/s); ` +
		`CPU s main ${result.cpu.main.toFixed(1)}, workers ${result.cpu.workers.map((s) => s.toFixed(1)).join('+')}, ` +
		`test process with the emulator ${result.cpu.emulator.toFixed(1)}; ` +
		`API requests arrived ${secs(result.timeline.firstArrival)}-${secs(result.timeline.lastArrival)} s, last reply ${secs(result.timeline.lastReply)} s; ${bound}`
	);
}

function cpuSnapshot(stack: QueueStack): { main: number; workers: number[]; emulator: number } {
	const usage = process.cpuUsage();
	return {
		main: processCpuSeconds(stack.main.pid),
		workers: stack.workers.map((worker) => processCpuSeconds(worker.pid)),
		emulator: (usage.user + usage.system) / 1e6,
	};
}

/** User + system CPU seconds of a live process (from /proc; 0 once it is gone). */
export function processCpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return 0;
	}
}

function secs(ms: number): string {
	return (ms / 1000).toFixed(1);
}

function pct(share: number): string {
	return `${Math.round(share * 100)}%`;
}

/** Whether other work on the machine kept the cores busier than they are (load average above the core count). */
export function isContended(result: BurstResult): boolean {
	return result.loadAverage > cpus().length;
}
