import type { AssetStore } from './assets';
import type { AsyncStore } from './async';
import type { FaultQueues } from '../pace/faults';
import type { Pace } from '../pace/pace';
import type { RequestLog } from './request-log';
import type { TenantDirectory } from './tenants';
import type { TuneStore } from './tunes';
import type { Fault, LoggedRequest } from '../core/types';
import type { Validator } from '../validation/validator';

/** Everything one emulator instance holds; routes and admin handlers read and change it. */
export interface ServerState {
	tokens: Set<string>;
	validate: Validator;
	assets: AssetStore;
	tunes: TuneStore;
	async: AsyncStore;
	/** Milliseconds since the epoch; asynchronous inference reads time from here so tests can drive it. */
	clock: () => number;
	tenants: TenantDirectory;
	safetyWord: string;
	/** '' or a prefix like '/api/v2' (no trailing slash). */
	basePath: string;
	/** `http://host:port` the server listens on (fallback for URLs handed out when Host is unusable). */
	origin: string;
	latencyMs: number;
	/** Rate limit and GPU capacity of generation requests (pace/pace.ts). */
	pace: Pace;
	log: RequestLog;
	faults: FaultQueues;
	/** Draws the next server-wide random fault, if any. */
	chance: () => Fault | undefined;
	onRequest?: (entry: LoggedRequest) => void;
	startedAt: number;
}
