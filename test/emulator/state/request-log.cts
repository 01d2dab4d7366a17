import type { LoggedRequest, RequestFilter } from '../core/types.cts';

/** The in-memory request log. `entries` is one live array for the emulator's lifetime (cleared in place). */
export class RequestLog {
	readonly entries: LoggedRequest[] = [];
	private seq = 0;

	constructor(
		private readonly limit: number,
		private readonly basePath: string,
	) {}

	/** Appends a new entry (status and duration are filled in when the reply goes out). */
	start(entry: Omit<LoggedRequest, 'seq' | 'status' | 'durationMs'>): LoggedRequest {
		const full: LoggedRequest = { seq: ++this.seq, ...entry, status: null, durationMs: null };
		this.entries.push(full);
		if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
		return full;
	}

	clear(): void {
		this.entries.length = 0;
	}

	/** Entries matching every given filter field, oldest first. */
	filter(filter: RequestFilter = {}): LoggedRequest[] {
		return this.entries.filter(
			(e) =>
				(filter.token === undefined || e.token === filter.token) &&
				(filter.path === undefined || e.path === filter.path || e.path === this.basePath + filter.path),
		);
	}
}
