// `npm run emulator [-- flags]`: runs the emulator in the foreground until Ctrl-C. See README.md.
import { parseArgs } from 'node:util';
import { isLoopback } from './core/http.cts';
import { DEFAULT_TOKEN, startEmulator, type Emulator } from './index.cts';

const DEFAULT_PORT = 8787;

const HELP = `OctoAI API emulator

Usage: npm run emulator -- [options]

  --port, -p <n>        port (env OCTOAI_EMULATOR_PORT, default ${DEFAULT_PORT}; 0 = any free port)
  --host <addr>         interface (env OCTOAI_EMULATOR_HOST, default 127.0.0.1)
  --tokens <a,b>        accepted bearer tokens (env OCTOAI_EMULATOR_TOKENS, default ${DEFAULT_TOKEN})
  --safety-word <w>     prompt word that triggers removed_for_safety (env OCTOAI_EMULATOR_SAFETY_WORD, default nsfw)
  --base-path <p>       path prefix for the API routes, e.g. /api/v2 (env OCTOAI_EMULATOR_BASE_PATH)
  --latency-ms <n>      extra latency on every API request
  --rate-limit <n/ms>   per-account limit of generation requests, e.g. 60/60000 (429 with Retry-After past it)
  --gpus <n>            generations that run at once; the rest queue (with --generation-ms)
  --generation-ms <n>   how long each generation takes on its GPU (default 2000 with --gpus)
  --fault-rate <0..1>   share of requests answered with a random transient fault
  --fault-seed <n>      seed for --fault-rate
  --asset-ready-ms <n>  how long an uploaded asset stays "uploaded" before ready/rejected (default 30)
  --tune-step-ms <n>    how long a tune stays pending, then running (default 50)
  --async-pending-ms <n>, --async-running-ms <n>
                        how long an X-OctoAI-Async request is pending, then running (defaults 20, 30)
  --async-retention-ms <n>  how long its result can be fetched (default 86400000, 24 h)
  --tenants <t=name,..> tokens that share an account, e.g. a=studio,b=studio
  --quiet, -q           no per-request log lines
  --help, -h            this text
`;

function main(): void {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', short: 'p' },
			host: { type: 'string' },
			tokens: { type: 'string' },
			'safety-word': { type: 'string' },
			'base-path': { type: 'string' },
			'latency-ms': { type: 'string' },
			'rate-limit': { type: 'string' },
			gpus: { type: 'string' },
			'generation-ms': { type: 'string' },
			'fault-rate': { type: 'string' },
			'fault-seed': { type: 'string' },
			'asset-ready-ms': { type: 'string' },
			'tune-step-ms': { type: 'string' },
			'async-pending-ms': { type: 'string' },
			'async-running-ms': { type: 'string' },
			'async-retention-ms': { type: 'string' },
			tenants: { type: 'string' },
			quiet: { type: 'boolean', short: 'q' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		process.stdout.write(HELP);
		return;
	}
	const env = process.env;
	const host = values.host ?? env.OCTOAI_EMULATOR_HOST ?? '127.0.0.1';
	const tokens = (values.tokens ?? env.OCTOAI_EMULATOR_TOKENS ?? DEFAULT_TOKEN)
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
	const quiet = values.quiet ?? false;

	startEmulator({
		port: numberOption('port', values.port ?? env.OCTOAI_EMULATOR_PORT, DEFAULT_PORT),
		host,
		tokens,
		safetyWord: values['safety-word'] ?? env.OCTOAI_EMULATOR_SAFETY_WORD,
		basePath: values['base-path'] ?? env.OCTOAI_EMULATOR_BASE_PATH,
		latencyMs: numberOption('latency-ms', values['latency-ms'], 0),
		rateLimit: rateLimitOption(values['rate-limit']),
		capacity:
			values.gpus === undefined
				? undefined
				: { slots: numberOption('gpus', values.gpus, 1), generationMs: numberOption('generation-ms', values['generation-ms'], 2000) },
		faultRate: numberOption('fault-rate', values['fault-rate'], 0),
		faultSeed: numberOption('fault-seed', values['fault-seed'], 1),
		assetReadyMs: numberOption('asset-ready-ms', values['asset-ready-ms'], 30),
		tuneStepMs: numberOption('tune-step-ms', values['tune-step-ms'], 50),
		// Absent: startEmulator's own defaults apply.
		asyncPendingMs: optionalNumber('async-pending-ms', values['async-pending-ms']),
		asyncRunningMs: optionalNumber('async-running-ms', values['async-running-ms']),
		asyncRetentionMs: optionalNumber('async-retention-ms', values['async-retention-ms']),
		tenants: tenantsOption(values.tenants),
		quiet,
	})
		.then((emulator) => announce(emulator, host, tokens))
		.catch((error: Error) => {
			console.error(`Could not start the emulator: ${error.message}`);
			process.exit(1);
		});
}

/** Prints where the emulator listens and stops it on Ctrl-C or SIGTERM. */
function announce(emulator: Emulator, host: string, tokens: string[]): void {
	if (!isLoopback(host) && host !== 'localhost') {
		console.warn(`WARNING: listening on ${host}, not loopback: anyone who can reach this address and knows a token can use it.`);
	}
	console.log(`OctoAI emulator listening on ${emulator.url}`);
	console.log(`  credential: Image API Base URL = ${emulator.url}, Platform API Base URL = ${emulator.url}`);
	console.log(`  tokens: ${tokens.join(', ')}`);
	console.log(`  admin: http://${host.includes(':') ? `[${host}]` : host}:${emulator.port}/_emulator/health`);
	const stop = (signal: string) => {
		console.log(`${signal}: stopping`);
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

function optionalNumber(name: string, raw: string | undefined): number | undefined {
	return raw === undefined || raw === '' ? undefined : numberOption(name, raw, 0);
}

function numberOption(name: string, raw: string | undefined, fallback: number): number {
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value)) {
		console.error(`--${name} must be a number, got ${JSON.stringify(raw)}`);
		process.exit(2);
	}
	return value;
}

/** `a=studio,b=studio` -> `{a: 'studio', b: 'studio'}`. */
function tenantsOption(raw: string | undefined): Record<string, string> | undefined {
	if (!raw) return undefined;
	const pairs = raw.split(',').map((pair) => pair.trim().split('='));
	if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) {
		console.error(`--tenants must be token=name pairs separated by commas, got ${JSON.stringify(raw)}`);
		process.exit(2);
	}
	return Object.fromEntries(pairs);
}

if (require.main === module) main();

/** `--rate-limit 60/60000`: requests per window in milliseconds. */
function rateLimitOption(value: string | undefined): { requests: number; perMs: number } | undefined {
	if (value === undefined) return undefined;
	const match = /^(\d+)\/(\d+)$/.exec(value.trim());
	if (!match) {
		console.error(`--rate-limit must be <requests>/<milliseconds>, e.g. 60/60000; got ${JSON.stringify(value)}`);
		process.exit(2);
	}
	return { requests: Number(match[1]), perMs: Number(match[2]) };
}
