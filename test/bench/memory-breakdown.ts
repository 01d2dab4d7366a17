import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { mb } from './measure';

/**
 * `--memory-breakdown`: what n8n's resident set was made of at its peak, sampled inside the process
 * by memory-sampler.cjs: the JavaScript heap, memory outside it that the engine counts (Buffers,
 * socket reads), and the rest (native memory: the C allocator's, code, stacks).
 */
export function memorySamplerEnv(file: string, env: Record<string, string>): Record<string, string> {
	const sampler = `--require=${path.join(__dirname, 'memory-sampler.cjs')}`;
	return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, sampler].filter(Boolean).join(' '), OCTOAI_BENCH_MEMORY_FILE: file };
}

/** One line: "rss X: heap Y, outside the heap Z (ArrayBuffers W), other native V". */
export function describeMemory(file: string): string {
	if (!existsSync(file)) return 'no memory sample (the process wrote none)';
	const peak = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
	const other = peak.rss - peak.heapTotal - peak.external;
	return `resident ${mb(peak.rss)} at its highest sample: JavaScript heap ${mb(peak.heapTotal)}, outside the heap ${mb(peak.external)} (ArrayBuffers ${mb(peak.arrayBuffers)}), other native ${mb(other)}`;
}
