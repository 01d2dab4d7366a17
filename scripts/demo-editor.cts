// The dev command behind `bash scripts/dev.sh`: the n8n editor on localhost with this package
// loaded, the OctoAI emulator behind the examples' credential and every example imported, until
// Ctrl-C. The n8n user folder stays in .cache/n8n-dev/ so the workflows you make survive restarts;
// the package is rebuilt and reinstalled, and the examples re-imported, on every start.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Emulator } from '../test/emulator/index.cts';
import {
	E2E_OWNER,
	EXAMPLE_OUTPUT,
	REPO_ROOT,
	exampleFileAccessEnv,
	startN8nServer,
	tail,
	type N8nServer,
} from '../test/e2e/lib/index.cts';
import { onInterrupt, say, setUpN8nWithExamples } from './demo-setup.cts';

const log = (message: string) => say('dev', message);
const TOKEN = 'dev-token';

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '5678' },
			'emulator-port': { type: 'string', default: '0' },
		},
	});
	const port = Number(values.port);
	const devDir = path.join(REPO_ROOT, '.cache', 'n8n-dev');
	const userFolder = path.join(devDir, 'user-folder');
	const logFile = path.join(devDir, 'n8n.log');
	let emulator: Emulator | undefined;
	let server: N8nServer | undefined;
	let exampleCount = 0;
	// One stop for Ctrl-C and for n8n ending by itself; the first caller starts it, others wait for it.
	let stopping: Promise<void> | undefined;
	const stop = () =>
		(stopping ??= (async () => {
			await server?.stop();
			await emulator?.close();
		})());
	onInterrupt(stop, log);

	try {
		mkdirSync(path.join(REPO_ROOT, EXAMPLE_OUTPUT), { recursive: true });
		const setup = await setUpN8nWithExamples({
			userFolder,
			scratch: devDir,
			token: TOKEN,
			emulatorPort: Number(values['emulator-port']),
			log,
		});
		emulator = setup.emulator;
		exampleCount = setup.exampleCount;
		log(`starting the n8n editor on port ${port} (log: ${path.relative(REPO_ROOT, logFile)})`);
		// The repository is n8n's working directory, so the examples read examples/assets and write
		// demo-output/ here, as in the demo.
		server = await startN8nServer(userFolder, {
			port,
			cwd: REPO_ROOT,
			env: exampleFileAccessEnv(REPO_ROOT),
			logFile,
		});
	} catch (error) {
		await stop();
		throw error;
	}

	console.log('');
	console.log(`n8n editor:       ${server.url}`);
	console.log(`log in as:        ${E2E_OWNER.email} / ${E2E_OWNER.password}`);
	console.log(`examples:         ${exampleCount} workflows named "OctoAI 01" ... under Overview > Workflows`);
	console.log(`OctoAI emulator:  ${emulator.url} (token ${TOKEN}), behind the credential "OctoAI (local emulator)"`);
	console.log(`images go to:     ${path.join(REPO_ROOT, EXAMPLE_OUTPUT)}/`);
	console.log('Ctrl-C stops n8n and the emulator.');

	await server.exited;
	if (stopping) {
		await stopping; // Ctrl-C: the interrupt handler exits when done
		return 130;
	}
	log(`n8n exited by itself\n${tail(server.output())}`);
	await stop();
	return 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		log(`failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
