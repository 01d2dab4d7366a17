// The emulator for scripts/reliability.cts, in its own process so the script's peak memory is the
// n8n side's alone. Like `npm run emulator`, plus a request-log limit that fits a long load run.
// Prints one JSON line {"url": ...} once it listens; stops on SIGTERM or when its parent goes.
import { parseArgs } from 'node:util';

import { startEmulator } from '../test/emulator/index.cts';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			token: { type: 'string' },
			'latency-ms': { type: 'string', default: '0' },
			'fault-rate': { type: 'string', default: '0' },
			'fault-seed': { type: 'string', default: '1' },
			'log-limit': { type: 'string', default: '5000' },
		},
	});
	if (!values.token) throw new Error('--token is required');
	const emulator = await startEmulator({
		tokens: [values.token],
		latencyMs: Number(values['latency-ms']),
		faultRate: Number(values['fault-rate']),
		faultSeed: Number(values['fault-seed']),
		logLimit: Number(values['log-limit']),
		quiet: true,
	});
	process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
	const stop = () => void emulator.close().finally(() => process.exit(0));
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
	// The parent holds our stdin open; when it exits, stdin ends and we go too.
	process.stdin.on('end', stop);
	process.stdin.resume();
}

main().catch((error: unknown) => {
	process.stderr.write(`${String(error)}\n`);
	process.exit(1);
});
