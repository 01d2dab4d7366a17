import type { LoggedRequest } from '../../emulator/index.cts';

/** The marker every reliability prompt carries, so each logged request can be traced to its input item. */
export const itemMarker = (index: number) => `item-${index}`;
const MARKER = /\bitem-(\d+)\b/;

export function isGeneration(entry: LoggedRequest): boolean {
	return entry.path.includes('/generate/');
}

/** Generation requests in a log, after a given sequence number (the log before a run), of one token. */
export function generationsSince(log: readonly LoggedRequest[], afterSeq: number, token?: string): LoggedRequest[] {
	return log.filter((e) => e.seq > afterSeq && isGeneration(e) && (token === undefined || e.token === token));
}

export function lastSeq(log: readonly LoggedRequest[]): number {
	return log.length === 0 ? 0 : log[log.length - 1].seq;
}

function promptOf(entry: LoggedRequest): string {
	const body = entry.body as { prompt?: unknown } | null;
	return typeof body?.prompt === 'string' ? body.prompt : '';
}

/** The input item a request was sent for, from the marker in its prompt; undefined without one. */
export function itemOf(entry: LoggedRequest): number | undefined {
	const match = MARKER.exec(promptOf(entry));
	return match ? Number(match[1]) : undefined;
}

/** Requests grouped by input item, each group in the order the emulator received them. */
export function byItem(requests: readonly LoggedRequest[]): Map<number, LoggedRequest[]> {
	const groups = new Map<number, LoggedRequest[]>();
	for (const entry of requests) {
		const item = itemOf(entry);
		if (item === undefined) throw new Error(`request ${entry.seq} carries no item marker: ${promptOf(entry).slice(0, 80)}`);
		groups.set(item, [...(groups.get(item) ?? []), entry]);
	}
	return groups;
}

/** A 429, a 5xx or a dropped socket: what the retry policy may retry. */
export function isTransient(entry: LoggedRequest): boolean {
	if (entry.status === null) return entry.fault?.kind === 'drop';
	return entry.status === 429 || entry.status >= 500;
}

/**
 * Checks one item's attempts against the policy: at most 1 + maxRetries attempts, and every attempt
 * but the last one failed transiently (nothing else may be retried: each attempt is a billed generation).
 */
export function retryPolicyViolations(item: number, attempts: readonly LoggedRequest[], maxRetries: number): string[] {
	const problems: string[] = [];
	if (attempts.length > 1 + maxRetries) {
		problems.push(`item ${item}: ${attempts.length} requests, the policy allows ${1 + maxRetries}`);
	}
	attempts.slice(0, -1).forEach((entry, n) => {
		if (!isTransient(entry)) problems.push(`item ${item}: attempt ${n + 1} (status ${entry.status}) was retried although not transient`);
	});
	return problems;
}

export interface FaultTally {
	injected: number;
	survived: number;
	endedAsErrors: number;
}

/**
 * Counts injected faults per outcome. A latency fault on an attempt that then succeeded was only a
 * delay, not a fault the node had to survive, so it is not counted.
 */
export function tallyFaults(groups: Map<number, LoggedRequest[]>, succeeded: (item: number) => boolean): FaultTally {
	const tally: FaultTally = { injected: 0, survived: 0, endedAsErrors: 0 };
	for (const [item, attempts] of groups) {
		const ok = succeeded(item);
		attempts.forEach((entry, n) => {
			if (!entry.fault) return;
			const harmlessDelay = entry.fault.kind === 'latency' && ok && n === attempts.length - 1;
			if (harmlessDelay) return;
			tally.injected += 1;
			if (ok) tally.survived += 1;
			else tally.endedAsErrors += 1;
		});
	}
	return tally;
}
