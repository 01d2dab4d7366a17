import { readFileSync } from 'node:fs';

/**
 * Samples a process's peak resident set (VmHWM in /proc, the kernel's own high-water mark) until
 * `stop()`. The mark only grows, so sampling every 50 ms loses nothing but the last moments.
 */
export function peakRssSampler(): { attach(pid: number): void; stop(): number } {
	let pid: number | undefined;
	let peak = 0;
	const sample = () => {
		if (pid === undefined) return;
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (match) peak = Math.max(peak, Number(match[1]) * 1024);
		} catch {
			// the process has exited
		}
	};
	const timer = setInterval(sample, 50);
	timer.unref();
	return {
		attach: (id) => {
			pid = id;
		},
		stop: () => {
			clearInterval(timer);
			return peak;
		},
	};
}

export const MB = 1024 * 1024;
export const mb = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 2 : 0)} MB`;

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
	const sorted = [...values].sort((x, y) => x - y);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
