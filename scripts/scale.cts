// The queue-mode stack behind `bash scripts/scale.sh`: Postgres, Redis, an n8n main instance and
// N workers with this package, the OctoAI emulator behind the examples' credential, every example
// imported; runs until Ctrl-C, then stops all of it and removes its data.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startEmulator, type Emulator } from '../test/emulator/index.cts';
import {
	E2E_OWNER,
	EXAMPLES_DIR,
	EXAMPLE_OUTPUT,
	REPO_ROOT,
	exampleCredential,
	exampleFileAccessEnv,
	packThisPackage,
	tail,
} from '../test/e2e/lib/index.cts';
import { startQueueStack, type QueueStack } from '../test/scale/lib/stack.cts';
import { onInterrupt, say } from './demo-setup.cts';

const log = (message: string) => say('scale', message);
const TOKEN = 'scale-token';

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			workers: { type: 'string', default: '2' },
			concurrency: { type: 'string', default: '10' },
			port: { type: 'string', default: '0' },
			'latency-ms': { type: 'string', default: '0' },
		},
	});
	const workers = positiveInteger('workers', values.workers);
	const concurrency = positiveInteger('concurrency', values.concurrency);
	const scratch = mkdtempSync(path.join(tmpdir(), 'octoai-scale-'));
	let emulator: Emulator | undefined;
	let stack: QueueStack | undefined;
	let stopping: Promise<void> | undefined;
	const stop = () =>
		(stopping ??= (async () => {
			await stack?.stop();
			await emulator?.close();
			rmSync(scratch, { recursive: true, force: true });
		})());
	onInterrupt(stop, log);

	try {
		mkdirSync(path.join(REPO_ROOT, EXAMPLE_OUTPUT), { recursive: true });
		log('building and packing n8n-nodes-octoai');
		const tarball = await packThisPackage(path.join(scratch, 'pack'));
		emulator = await startEmulator({ tokens: [TOKEN], latencyMs: Number(values['latency-ms']), quiet: true });
		log(`OctoAI emulator listening on ${emulator.url}`);
		stack = await startQueueStack({
			tarball,
			workers,
			concurrency,
			port: Number(values.port) || undefined,
			credentials: [exampleCredential(TOKEN, emulator.url)],
			workflowDirs: [EXAMPLES_DIR],
			// The repository is every process's working directory, so the examples read examples/assets
			// and write demo-output/ here, as in the demo (all processes share this machine's disk).
			cwd: REPO_ROOT,
			env: exampleFileAccessEnv(REPO_ROOT),
			logDir: path.join(scratch, 'logs'),
			log,
		});
	} catch (error) {
		await stop();
		throw error;
	}

	console.log('');
	console.log(`n8n editor:       ${stack.main.url}`);
	console.log(`log in as:        ${E2E_OWNER.email} / ${E2E_OWNER.password}`);
	console.log(`queue mode:       ${stack.workers.length} worker(s), concurrency ${concurrency} each (pids ${stack.workers.map((w) => w.pid).join(', ')})`);
	console.log(`Postgres:         127.0.0.1:${stack.postgres.port} (database ${stack.postgres.database}, user ${stack.postgres.user})`);
	console.log(`Redis:            127.0.0.1:${stack.redis.port}`);
	console.log(`OctoAI emulator:  ${emulator.url} (token ${TOKEN}), behind the credential "OctoAI (local emulator)"`);
	console.log(`logs:             ${stack.logDir}/ (main.log, worker-N.log)`);
	console.log(`images go to:     ${path.join(REPO_ROOT, EXAMPLE_OUTPUT)}/`);
	console.log('Ctrl-C stops all of it.');

	await Promise.race([stack.main.exited, ...stack.workers.map((worker) => worker.exited)]);
	if (stopping) {
		await stopping; // Ctrl-C: the interrupt handler exits when done
		return 130;
	}
	log(`an n8n process exited by itself\n${tail(stack.main.output())}`);
	await stop();
	return 1;
}

function positiveInteger(name: string, raw: string | undefined): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number >= 1, got ${JSON.stringify(raw)}`);
	return value;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		log(`failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
