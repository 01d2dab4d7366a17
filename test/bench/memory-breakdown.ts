import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { mb } from './measure';

/**
 * `--memory-breakdown`: what n8n's resident set was made of at its peak, sampled inside the process
 * by memory-sampler.cjs: the JavaScript heap, memory outside it that the engine counts (Buffers,
 * socket reads), and the rest (native memory: the C allocator's, code, stacks).
 */
export function memorySamplerEnv(file: string, env: Record<string, string>): Record<string, string> {
	return { ...withRequire(env, 'memory-sampler.cjs'), OCTOAI_BENCH_MEMORY_FILE: file };
}

/**
 * A run that runs a full collection in n8n's process as it starts the given requests
 * (retained-sampler.cjs), to tell what the process holds on to from the garbage a peak also contains.
 */
export function retainedSamplerEnv(file: string, requests: number[], env: Record<string, string>): Record<string, string> {
	return { ...withRequire(env, 'retained-sampler.cjs'), OCTOAI_BENCH_RETAINED_FILE: file, OCTOAI_BENCH_RETAINED_AT: requests.join(',') };
}

function withRequire(env: Record<string, string>, script: string): Record<string, string> {
	return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--require=${path.join(__dirname, script)}`].filter(Boolean).join(' ') };
}

/** What survived a full collection as the process started its `request`th request. */
export interface RetainedNote {
	request: number;
	heapUsed: number;
	arrayBuffers: number;
	error?: string;
}

export function readRetained(file: string): RetainedNote[] {
	return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RetainedNote[]) : [];
}

/** "at request A: heap X, ArrayBuffers Y; at request B: …" */
export function describeRetained(notes: RetainedNote[]): string {
	if (notes.length === 0) return 'no note (no request reached a sampling point)';
	return notes
		.map((note) =>
			note.error ? `at request ${note.request}: collection failed (${note.error})` : `at request ${note.request}: heap ${mb(note.heapUsed)}, ArrayBuffers ${mb(note.arrayBuffers)}`,
		)
		.join('; ');
}
/** One line: "rss X: heap Y, outside the heap Z (ArrayBuffers W), other native V". */
export function describeMemory(file: string): string {
	if (!existsSync(file)) return 'no memory sample (the process wrote none)';
	const peak = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
	const other = peak.rss - peak.heapTotal - peak.external;
	return `resident ${mb(peak.rss)} at its highest sample: JavaScript heap ${mb(peak.heapTotal)}, outside the heap ${mb(peak.external)} (ArrayBuffers ${mb(peak.arrayBuffers)}), other native ${mb(other)}`;
}
