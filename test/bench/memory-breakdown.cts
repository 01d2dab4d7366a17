import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { mb } from './measure.cts';

/**
 * `--memory-breakdown`: what n8n's resident set was made of at its peak, sampled inside the process
 * by memory-sampler.cjs: the JavaScript heap, memory outside it that the engine counts (Buffers,
 * socket reads), and the rest (native memory: the C allocator's, code, stacks).
 */
export function memorySamplerEnv(file: string, env: Record<string, string>): Record<string, string> {
	return { ...withRequire(env, 'memory-sampler.cjs'), OCTOAI_BENCH_MEMORY_FILE: file };
}

/**
 * The environment for a run whose n8n process collects fully as it starts the given requests
 * (retained-sampler.cjs), to tell what the process holds on to from the garbage a peak also contains.
 */
export function retainedSamplerEnv(file: string, requests: number[], env: Record<string, string>): Record<string, string> {
	return { ...withRequire(env, 'retained-sampler.cjs'), OCTOAI_BENCH_RETAINED_FILE: file, OCTOAI_BENCH_RETAINED_AT: requests.join(',') };
}

function withRequire(env: Record<string, string>, script: string): Record<string, string> {
	return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--require=${path.join(__dirname, script)}`].filter(Boolean).join(' ') };
}

/** What survived the full collection the process ran as it started its `request`th request. */
export interface RetainedNote {
	request: number;
	heapUsed: number;
	arrayBuffers: number;
	rss: number;
	error?: string;
}

/** The notes of a run at its sampling points; `problem` when the process left nothing usable. */
export interface Retained {
	points: number[];
	notes: RetainedNote[];
	problem?: string;
}

export function readRetained(file: string, points: number[]): Retained {
	if (!existsSync(file)) return { points, notes: [], problem: 'no notes (the process wrote none)' };
	try {
		return { points, notes: JSON.parse(readFileSync(file, 'utf8')) as RetainedNote[] };
	} catch (error) {
		return { points, notes: [], problem: `no notes (they do not parse: ${String(error)})` };
	}
}

/** "at request A: heap X, ArrayBuffers Y, resident Z; at request B: …", naming any point without a note. */
export function describeRetained({ points, notes, problem }: Retained): string {
	if (problem) return problem;
	return points
		.map((point) => {
			const note = notes.find((entry) => entry.request === point);
			if (!note) return `at request ${point}: no note (the process ended before the collection)`;
			if (note.error) return `at request ${point}: the collection failed (${note.error})`;
			return `at request ${point}: heap ${mb(note.heapUsed)}, ArrayBuffers ${mb(note.arrayBuffers)}, resident ${mb(note.rss)}`;
		})
		.join('; ');
}

/** One line: "rss X: heap Y, outside the heap Z (ArrayBuffers W), other native V". */
export function describeMemory(file: string): string {
	if (!existsSync(file)) return 'no memory sample (the process wrote none)';
	const peak = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
	const other = peak.rss - peak.heapTotal - peak.external;
	return `resident ${mb(peak.rss)} at its highest sample: JavaScript heap ${mb(peak.heapTotal)}, outside the heap ${mb(peak.external)} (ArrayBuffers ${mb(peak.arrayBuffers)}), other native ${mb(other)}`;
}
