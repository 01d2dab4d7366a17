// Asynchronous inferences (reference Part C.3): a generation POST sent with `X-OctoAI-Async: 1` is
// run at once, its reply kept, and shown to its own tenant as pending -> running -> completed by the
// clock; after the retention time it is gone. Status is computed when read, so no timer runs.
import { randomBytes } from 'node:crypto';
import type { Reply } from '../core/http.cts';
import type { Tenant } from './tenants.cts';

export type AsyncStatus = 'pending' | 'running' | 'completed';

/** How long each phase lasts and how long a result is kept, in milliseconds. */
export interface AsyncTiming {
	pendingMs: number;
	runningMs: number;
	retentionMs: number;
}

export interface AsyncJob {
	id: string;
	tenantUuid: string;
	submittedAt: number;
	/** The reply the synchronous call would have given (status, headers, body). */
	reply: Reply;
}

/** Results beyond this many are dropped oldest first, so a long load test cannot fill memory with images. */
const MAX_JOBS = 2000;

export class AsyncStore {
	private readonly jobs = new Map<string, AsyncJob>();

	constructor(readonly timing: AsyncTiming) {}

	submit(tenant: Tenant, reply: Reply, now: number): AsyncJob {
		this.prune(now);
		const job = { id: responseId(), tenantUuid: tenant.uuid, submittedAt: now, reply };
		this.jobs.set(job.id, job);
		while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
		return job;
	}

	/** The tenant's job of that id, unless it expired; another tenant's job is not found. */
	get(tenant: Tenant, id: string, now: number): AsyncJob | undefined {
		const job = this.jobs.get(id);
		if (!job || job.tenantUuid !== tenant.uuid || now >= this.expiresAt(job)) return undefined;
		return job;
	}

	status(job: AsyncJob, now: number): AsyncStatus {
		const elapsed = now - job.submittedAt;
		if (elapsed < this.timing.pendingMs) return 'pending';
		return elapsed < this.timing.pendingMs + this.timing.runningMs ? 'running' : 'completed';
	}

	private expiresAt(job: AsyncJob): number {
		return job.submittedAt + this.timing.pendingMs + this.timing.runningMs + this.timing.retentionMs;
	}

	private prune(now: number): void {
		for (const job of this.jobs.values()) if (now >= this.expiresAt(job)) this.jobs.delete(job.id);
	}
}

/** An id shaped like the service's (`778bbfd58c-hz95k`: 10 hex, a dash, 5 base-36 characters). */
function responseId(): string {
	const tail = [...randomBytes(5)].map((b) => (b % 36).toString(36)).join('');
	return `${randomBytes(5).toString('hex')}-${tail}`;
}
