import type { AssetStore } from './assets.cts';
import type { AsyncStore } from './async.cts';
import type { FaultQueues } from '../pace/faults.cts';
import type { Pace } from '../pace/pace.cts';
import type { RequestLog } from './request-log.cts';
import type { TenantDirectory } from './tenants.cts';
import type { TuneStore } from './tunes.cts';
import type { Fault, LoggedRequest } from '../core/types.cts';
import type { Validator } from '../validation/validator.cts';

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
	/** Rate limit and GPU capacity of generation requests (pace/pace.cts). */
	pace: Pace;
	log: RequestLog;
	faults: FaultQueues;
	/** Draws the next server-wide random fault, if any. */
	chance: () => Fault | undefined;
	onRequest?: (entry: LoggedRequest) => void;
	startedAt: number;
}
