import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isToken } from './server/admin.cts';
import { AssetStore } from './state/assets.cts';
import { AsyncStore } from './state/async.cts';
import { FaultQueues, parseFault, randomFaults } from './pace/faults.cts';
import { logLine } from './server/log-line.cts';
import { Pace, paceProblem } from './pace/pace.cts';
import { RequestLog } from './state/request-log.cts';
import { createHandler } from './server/server.cts';
import type { ServerState } from './state/server-state.cts';
import { TenantDirectory } from './state/tenants.cts';
import { TuneStore } from './state/tunes.cts';
import type { Emulator, EmulatorOptions, Fault, LoggedRequest } from './core/types.cts';
import { buildValidator } from './validation/validator.cts';

export type { Emulator, EmulatorOptions, Fault, FaultSource, LoggedRequest, RequestFilter } from './core/types.cts';

/** Token accepted when no `tokens` option is given. */
export const DEFAULT_TOKEN = 'test-token';

/**
 * Starts an OctoAI-compatible API server on loopback (see README.md). Resolves once it listens;
 * `close()` stops it. Each instance has its own tokens, log, fault queues, asset library and tunes.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const basePath = normalizeBasePath(options.basePath);
	const tokens = options.tokens ?? [DEFAULT_TOKEN];
	for (const t of tokens) if (!isToken(t)) throw new Error(`invalid token ${JSON.stringify(t)}: must be non-empty, without spaces`);
	const faultRate = options.faultRate ?? 0;
	if (!(faultRate >= 0 && faultRate <= 1)) throw new Error('faultRate must be between 0 and 1');
	const pace = { rateLimit: options.rateLimit, capacity: options.capacity };
	const paceError = paceProblem(pace);
	if (paceError) throw new Error(`pace: ${paceError}`);
	const log = new RequestLog(options.logLimit ?? 5000, basePath);
	const assets = new AssetStore(timing(options.assetReadyMs, 30, 'assetReadyMs'));
	const state: ServerState = {
		tokens: new Set(tokens),
		validate: buildValidator(),
		assets,
		tunes: new TuneStore(assets, timing(options.tuneStepMs, 50, 'tuneStepMs')),
		async: new AsyncStore({
			pendingMs: timing(options.asyncPendingMs, 20, 'asyncPendingMs'),
			runningMs: timing(options.asyncRunningMs, 30, 'asyncRunningMs'),
			retentionMs: timing(options.asyncRetentionMs, 24 * 60 * 60 * 1000, 'asyncRetentionMs'),
		}),
		clock: options.clock ?? Date.now,
		tenants: new TenantDirectory(options.tenants),
		safetyWord: options.safetyWord ?? 'nsfw',
		basePath,
		origin: '',
		latencyMs: options.latencyMs ?? 0,
		pace: new Pace(pace),
		log,
		faults: new FaultQueues(),
		chance: randomFaults(faultRate, options.faultSeed ?? 1),
		onRequest: requestPrinter(options),
		startedAt: Date.now(),
	};

	const server = createServer(createHandler(state));
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
	state.origin = `http://${urlHost}:${port}`;

	return {
		url: state.origin + basePath,
		port,
		log: log.entries,
		requests: (filter) => log.filter(filter),
		clearLog: () => log.clear(),
		addToken: (token) => {
			if (!isToken(token)) throw new Error(`invalid token ${JSON.stringify(token)}`);
			state.tokens.add(token);
		},
		setPace: (settings) => {
			const problem = paceProblem(settings);
			if (problem) throw new Error(`pace: ${problem}`);
			state.pace.set(settings);
		},
		queueFaults: (token: string, faults: Fault[]) => {
			for (const f of faults) {
				const checked = parseFault(f);
				if (typeof checked === 'string') throw new Error(`invalid fault ${JSON.stringify(f)}: ${checked}`);
			}
			state.faults.add(token, faults);
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeIdleConnections();
				// Requests still in flight get a moment to finish, then their sockets are cut.
				setTimeout(() => server.closeAllConnections(), 1000).unref();
			}),
	};
}

function timing(value: number | undefined, fallback: number, name: string): number {
	if (value === undefined) return fallback;
	if (!(Number.isFinite(value) && value >= 0)) throw new Error(`${name} must be a number of milliseconds >= 0`);
	return value;
}

function normalizeBasePath(basePath: string | undefined): string {
	if (!basePath || basePath === '/') return '';
	const trimmed = basePath.replace(/\/+$/, '');
	return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function requestPrinter(options: EmulatorOptions): ((entry: LoggedRequest) => void) | undefined {
	const print = options.quiet === false ? (entry: LoggedRequest) => console.log(logLine(entry)) : undefined;
	if (!print) return options.onRequest;
	return (entry) => {
		print(entry);
		options.onRequest?.(entry);
	};
}
