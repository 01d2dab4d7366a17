import { STATUS_CODES } from 'node:http';
import { json, type Reply } from '../core/http.cts';
import { seededRandom } from '../images/random.cts';
import type { Fault, FaultSource } from '../core/types.cts';

const KINDS = ['latency', 'status', 'drop', 'truncate', 'non-json', 'no-images'] as const;

/** Checks a fault description from a header or the admin API; returns the fault or why it is invalid. */
export function parseFault(value: unknown): Fault | string {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a fault must be a JSON object';
	const f = value as Record<string, unknown>;
	if (!KINDS.includes(f.kind as Fault['kind'])) return `fault kind must be one of ${KINDS.join(', ')}`;
	if (f.times !== undefined && !(Number.isInteger(f.times) && (f.times as number) >= 1)) return 'times must be an integer >= 1';
	if (f.kind === 'latency' && !(typeof f.ms === 'number' && f.ms >= 0)) return 'latency needs ms >= 0';
	if (f.kind === 'status') {
		if (!(Number.isInteger(f.status) && (f.status as number) >= 400 && (f.status as number) <= 599)) return 'status needs an integer status 400..599';
		if (f.retryAfter !== undefined && !(typeof f.retryAfter === 'number' && f.retryAfter >= 0)) return 'retryAfter must be a number of seconds >= 0';
		if (f.html !== undefined && typeof f.html !== 'boolean') return 'html must be a boolean';
	}
	return f as unknown as Fault;
}

/** Per-token fault queues: each request with that token consumes the head fault once (`times` counts down). */
export class FaultQueues {
	private readonly queues = new Map<string, Array<Fault & { left: number }>>();

	add(token: string, faults: Fault[]): void {
		const queue = this.queues.get(token) ?? [];
		queue.push(...faults.map((f) => ({ ...f, left: f.times ?? 1 })));
		this.queues.set(token, queue);
	}

	take(token: string | null): Fault | undefined {
		const queue = token === null ? undefined : this.queues.get(token);
		const head = queue?.[0];
		if (!queue || !head) return undefined;
		head.left -= 1;
		if (head.left <= 0) queue.shift();
		const { left: _left, ...fault } = head;
		return fault as Fault;
	}
}

const TRANSIENT: Fault[] = [
	{ kind: 'status', status: 429 },
	{ kind: 'status', status: 500 },
	{ kind: 'status', status: 502 },
	{ kind: 'status', status: 503 },
	{ kind: 'drop' },
];

/** Server-wide random transient faults at a given rate, from a seeded RNG so load tests reproduce. */
export function randomFaults(rate: number, seed: number): () => Fault | undefined {
	const random = seededRandom(seed);
	return () => {
		if (rate <= 0 || random() >= rate) return undefined;
		return TRANSIENT[Math.floor(random() * TRANSIENT.length)];
	};
}

/** Picks this request's fault: the X-Emulator-Fault header wins, then the token's queue, then chance. */
export function selectFault(
	header: string | undefined,
	token: string | null,
	queues: FaultQueues,
	chance: () => Fault | undefined,
): { fault?: Fault & { source: FaultSource }; error?: string } {
	if (header !== undefined) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(header);
		} catch {
			return { error: 'X-Emulator-Fault must be a JSON fault object' };
		}
		const fault = parseFault(parsed);
		return typeof fault === 'string' ? { error: `X-Emulator-Fault: ${fault}` } : { fault: { ...fault, source: 'header' } };
	}
	const queued = queues.take(token);
	if (queued) return { fault: { ...queued, source: 'queue' } };
	const random = chance();
	return random ? { fault: { ...random, source: 'random' } } : {};
}

/** The reply of a fault that answers instead of the route (status, non-json, no-images). */
export function faultReply(fault: Fault): Reply | undefined {
	switch (fault.kind) {
		case 'status': {
			const reason = STATUS_CODES[fault.status] ?? 'Error';
			const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
			if (fault.html) {
				const page = `<html>\r\n<head><title>${fault.status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${fault.status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
				return { status: fault.status, headers: { ...headers, 'content-type': 'text/html' }, body: page };
			}
			return json(fault.status, { detail: `${reason} (injected by the OctoAI emulator)` }, headers);
		}
		case 'non-json':
			return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body><h1>Welcome</h1><p>Not the API you are looking for.</p></body></html>' };
		case 'no-images':
			return json(200, { images: [], prediction_time_ms: 0 });
		default:
			return undefined;
	}
}
