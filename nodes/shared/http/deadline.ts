import { sleep } from 'n8n-workflow';

import type { ByteStream } from './response-body';
import { WORK_DONE } from './work-done';

/** Why the deadline (or the execution's cancellation) ended a request before its answer was in. */
export class DeadlineError extends Error {
	constructor(readonly reason: 'deadline' | 'cancelled') {
		super(reason);
	}
}

/**
 * One request's deadline over headers and body together. n8n's request helper takes only the
 * execution's cancel signal, so the wait for headers is raced here and the body reader gets the signal.
 * Used by the transport, the storage upload (platform/storage-put.ts) and image downloads.
 */
export class Deadline {
	private readonly controller = new AbortController();
	private readonly done = new AbortController();
	private why: 'deadline' | 'cancelled' = 'deadline';

	constructor(ms: number, cancel: AbortSignal | undefined) {
		sleep(ms, this.done.signal).then(
			() => this.controller.abort(),
			() => undefined,
		);
		const onCancel = () => {
			this.why = 'cancelled';
			this.controller.abort();
		};
		if (cancel?.aborted) onCancel();
		cancel?.addEventListener('abort', onCancel, { once: true });
		this.done.signal.addEventListener('abort', () => cancel?.removeEventListener('abort', onCancel), { once: true });
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	reason(): 'deadline' | 'cancelled' {
		return this.why;
	}

	/** The request, or a DeadlineError when the deadline comes first (a late answer's body is then discarded). */
	async race<R extends { body?: unknown }>(request: Promise<R>): Promise<R> {
		if (this.signal.aborted) throw new DeadlineError(this.why);
		return await new Promise<R>((resolve, reject) => {
			const onAbort = () => {
				reject(new DeadlineError(this.why));
				request.then((late) => (late.body as ByteStream | undefined)?.destroy?.(), () => undefined);
			};
			this.signal.addEventListener('abort', onAbort, { once: true });
			request.then(
				(value) => {
					this.signal.removeEventListener('abort', onAbort);
					resolve(value);
				},
				(error: unknown) => {
					this.signal.removeEventListener('abort', onAbort);
					reject(error);
				},
			);
		});
	}

	clear(): void {
		this.done.abort(WORK_DONE);
	}
}
