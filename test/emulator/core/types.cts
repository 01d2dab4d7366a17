/** Options of {@link startEmulator}; every field is optional. */
export interface EmulatorOptions {
	/** TCP port; 0 (the default) picks a free one. */
	port?: number;
	/** Interface to listen on; defaults to loopback so the emulator is never reachable from outside. */
	host?: string;
	/** Bearer tokens accepted from the start (default `["test-token"]`). */
	tokens?: string[];
	/** A prompt containing this word (case-insensitive) gets every image removed for safety (default `"nsfw"`). */
	safetyWord?: string;
	/** Path prefix for every API route, e.g. `/api/v2`; admin routes stay at `/_emulator/`. */
	basePath?: string;
	/** Extra latency added to every API request, in milliseconds. */
	latencyMs?: number;
	/** Per-account rate limit of generation requests, answered 429 with Retry-After (pace/pace.cts; default none). */
	rateLimit?: { requests: number; perMs: number };
	/** GPU capacity: `slots` generations at once, each `generationMs` long, the rest queued (default none). */
	capacity?: { slots: number; generationMs: number };
	/** Share (0..1) of API requests that get a random transient fault (429, 500, 502, 503 or a dropped socket). */
	faultRate?: number;
	/** Seed of the RNG behind `faultRate`, so a load test sees the same fault sequence each run. */
	faultSeed?: number;
	/** Keeps the request log from growing without bound in long load tests (default 5000 entries). */
	logLimit?: number;
	/** `false` prints one line per request (tokens redacted); in-process the default is quiet. The CLI sets it false. */
	quiet?: boolean;
	/** How long an asset stays `uploaded` after its upload completes before it is `ready` or `rejected` (default 30 ms). */
	assetReadyMs?: number;
	/** Each step of a tune, pending -> running -> finished, takes this long (default 50 ms). */
	tuneStepMs?: number;
	/** Asynchronous inference: how long a request is `pending`, then `running`, before it is `completed` (defaults 20 and 30 ms). */
	asyncPendingMs?: number;
	asyncRunningMs?: number;
	/** How long a completed asynchronous result can be fetched (default 24 h, as the service documents). */
	asyncRetentionMs?: number;
	/** Clock of asynchronous inference (ms since the epoch; default `Date.now`), so a test can step through its phases. */
	clock?: () => number;
	/**
	 * Token -> tenant name, so several tokens share one account (its private assets and tunes).
	 * Other tokens are each their own tenant, named `tenant-<first 8 hex of its uuid>`.
	 */
	tenants?: Record<string, string>;
	/** Called with each finished request (the CLI prints from here). */
	onRequest?: (entry: LoggedRequest) => void;
}

/** Kinds of injected faults; see README.md for what each one does on the wire. */
export type Fault =
	| { kind: 'latency'; ms: number; times?: number }
	| { kind: 'status'; status: number; retryAfter?: number; html?: boolean; times?: number }
	| { kind: 'drop'; times?: number }
	| { kind: 'truncate'; times?: number }
	| { kind: 'non-json'; times?: number }
	| { kind: 'no-images'; times?: number };

/** Where the fault applied to a request came from. */
export type FaultSource = 'header' | 'queue' | 'random';

/** One API request as the emulator saw it and answered it. */
export interface LoggedRequest {
	seq: number;
	/** ISO-8601 arrival time. */
	time: string;
	method: string;
	/** Path as received (including any basePath), without the query string. */
	path: string;
	/** Query parameters; repeated keys become arrays. */
	query: Record<string, string | string[]>;
	/** Request headers, lowercased, as received. */
	headers: Record<string, string | string[] | undefined>;
	/** The bearer token sent, or null when there was none. */
	token: string | null;
	/** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
	body: unknown;
	/** Status sent; null while in flight or when the socket was dropped. */
	status: number | null;
	fault?: Fault & { source: FaultSource };
	/** Things a client should not do, e.g. `authorization-sent-to-upload-url` (a bearer token sent to a presigned URL). */
	warnings?: string[];
	durationMs: number | null;
}

/** Filter for {@link Emulator.requests}. */
export interface RequestFilter {
	token?: string;
	/** Matches the logged path either as received or relative to the basePath. */
	path?: string;
}

/** A running emulator. */
export interface Emulator {
	/** Base URL of the API routes, e.g. `http://127.0.0.1:PORT` plus the basePath. */
	url: string;
	port: number;
	/** Live request log, oldest first. */
	log: LoggedRequest[];
	requests(filter?: RequestFilter): LoggedRequest[];
	clearLog(): void;
	addToken(token: string): void;
	queueFaults(token: string, faults: Fault[]): void;
	/** Replaces the rate limit and GPU capacity (null turns one off); the rate-limit counts start afresh. */
	setPace(settings: { rateLimit?: { requests: number; perMs: number } | null; capacity?: { slots: number; generationMs: number } | null }): void;
	close(): Promise<void>;
}
