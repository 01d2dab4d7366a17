// What the demo (scripts/demo.cts) and the dev command (scripts/demo-editor.cts) share: this package
// packed and installed into an n8n user folder as a community package, the OctoAI emulator, and the
// examples imported with the credential they name. Built on the end-to-end test helpers, so the demo
// runs the package exactly as the tests check it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { startEmulator, type Emulator } from '../test/emulator/index.cts';
import {
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIAL,
	exampleCredential,
	importCredentials,
	importWorkflowFiles,
	installCommunityPackage,
	packThisPackage,
} from '../test/e2e/lib/index.cts';

/** Prints a progress line on stderr, so stdout keeps only what the command made. */
export function say(prefix: string, message: string): void {
	process.stderr.write(`[${prefix}] ${message}\n`);
}

export interface SetupOptions {
	/** The n8n user folder to install into (its `.n8n/` holds the database and the package). */
	userFolder: string;
	/** A scratch folder for the packed tarball. */
	scratch: string;
	token: string;
	/** The emulator's port; 0 for any free one. */
	emulatorPort?: number;
	log: (message: string) => void;
}

export interface Setup {
	emulator: Emulator;
	exampleCount: number;
}

/**
 * Builds and packs the package, installs it into `userFolder` as n8n installs community packages,
 * starts the emulator, and imports the examples' credential (pointing at the emulator) and every
 * example. The caller closes the emulator.
 */
export async function setUpN8nWithExamples(options: SetupOptions): Promise<Setup> {
	const { userFolder, log } = options;
	mkdirSync(userFolder, { recursive: true });
	log('building and packing n8n-nodes-octoai');
	const tarball = await packThisPackage(path.join(options.scratch, 'pack'));
	const installed = await installCommunityPackage(userFolder, tarball);
	log(`installed ${installed.name}@${installed.version} as a community package in ${path.join(userFolder, '.n8n')}`);

	const emulator = await startEmulator({ tokens: [options.token], port: options.emulatorPort ?? 0, quiet: true });
	try {
		log(`OctoAI emulator listening on ${emulator.url}`);
		await importCredentials(userFolder, [exampleCredential(options.token, emulator.url)]);
		log(`credential "${EXAMPLE_CREDENTIAL.name}" (${EXAMPLE_CREDENTIAL.id}) points at the emulator`);
		const exampleCount = await importWorkflowFiles(userFolder, EXAMPLES_DIR);
		log(`imported ${exampleCount} example workflows from examples/`);
		return { emulator, exampleCount };
	} catch (error) {
		await emulator.close();
		throw error;
	}
}

/**
 * Runs `stop` once on SIGINT, SIGTERM or SIGHUP, then exits with 130. Ctrl-C can arrive twice (from the
 * terminal and relayed by tsx); the second must not cut the first one's cleanup short.
 */
export function onInterrupt(stop: () => Promise<void>, log: (message: string) => void): void {
	let stopping = false;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			if (stopping) return;
			stopping = true;
			log(`${signal}: stopping what was started`);
			void stop().finally(() => process.exit(130));
		});
	}
}
