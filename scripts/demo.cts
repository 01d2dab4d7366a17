// The demo behind `bash scripts/demo.sh`: every example workflow of examples/ run in the real n8n app
// against the OctoAI emulator, its images written by n8n's Read/Write Files node to demo-output/.
// n8n runs with the repository as its working directory, as the examples' relative paths expect,
// allowed to read examples/assets and write demo-output and nothing else.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Emulator } from '../test/emulator/index.cts';
import {
	EXAMPLE_OUTPUT,
	REPO_ROOT,
	decodeImages,
	exampleFileAccessEnv,
	executeWorkflow,
	loadExamples,
	probeVideos,
	type DecodedImage,
} from '../test/e2e/lib/index.cts';
import { CHAT_TRIGGER, runChatExample } from './demo-chat.cts';
import { onInterrupt, say, setUpN8nWithExamples } from './demo-setup.cts';

const log = (message: string) => say('demo', message);

async function main(): Promise<number> {
	const started = Date.now();
	const outputDir = path.join(REPO_ROOT, EXAMPLE_OUTPUT);
	// A throwaway n8n user folder: every run starts from a fresh database and a fresh install.
	const scratch = mkdtempSync(path.join(tmpdir(), 'octoai-demo-'));
	let emulator: Emulator | undefined;
	const stop = async () => {
		await emulator?.close();
		rmSync(scratch, { recursive: true, force: true });
	};
	onInterrupt(stop, log);

	try {
		const setup = await setUpN8nWithExamples({
			userFolder: path.join(scratch, 'n8n'),
			scratch,
			token: `demo-${randomBytes(8).toString('hex')}`,
			log,
		});
		emulator = setup.emulator;

		// The images of earlier runs would be mistaken for this one's.
		rmSync(outputDir, { recursive: true, force: true });
		mkdirSync(outputDir, { recursive: true });

		// A webhook-started example waits for its HTTP call; `bash scripts/dev.sh` serves it (README).
		const examples = loadExamples().filter((example) => example.runsFromCli);
		let failed = 0;
		for (const example of examples) {
			const t0 = Date.now();
			log(`running ${example.file}`);
			const result = await executeWorkflow(path.join(scratch, 'n8n'), example.id, {
				cwd: REPO_ROOT,
				env: exampleFileAccessEnv(REPO_ROOT),
			});
			const images = await decodeImages(outputDir, `${example.number}-`);
			const seconds = ((Date.now() - t0) / 1000).toFixed(1);
			if (result.status !== 'success') failed++;
			console.log(`${example.name}  [${result.status}, ${seconds} s]`);
			if (result.errorMessage) console.log(`    error: ${result.errorMessage}`);
			const videos = await probeVideos(outputDir, `${example.number}-`);
			const notes = readdirSync(outputDir).filter((file) => file.startsWith(`${example.number}-`) && file.endsWith('.json'));
			const width = Math.max(...[...images, ...videos].map((file) => file.file.length));
			for (const image of images) console.log(`    ${describe(image, width)}`);
			for (const video of videos) {
				const file = path.join(EXAMPLE_OUTPUT, video.file.padEnd(width));
				console.log(`    ${file}  ${video.codec.toUpperCase()} ${video.width}×${video.height}  ${video.frames} frames, ${video.durationSeconds.toFixed(2)} s at ${video.fps} fps`);
			}
			for (const note of notes) {
				const items = JSON.parse(readFileSync(path.join(outputDir, note), 'utf8')) as Array<{ error?: string }>;
				console.log(`    ${path.join(EXAMPLE_OUTPUT, note)}: ${items[0]?.error ?? JSON.stringify(items[0])}`);
			}
		}

		// A chat example waits for a chat message: it runs published, and the demo chats with it.
		const chats = loadExamples().filter((example) => example.workflow.nodes.some((node) => node.type === CHAT_TRIGGER));
		for (const example of chats) {
			const t0 = Date.now();
			log(`chatting with ${example.file}`);
			const chat = await runChatExample(path.join(scratch, 'n8n'), example, outputDir);
			if (chat.status !== 'success') failed++;
			console.log(`${example.name}  [${chat.status}, ${((Date.now() - t0) / 1000).toFixed(1)} s]`);
			if (chat.error) console.log(`    error: ${chat.error}`);
			console.log(`    the agent answered: ${chat.answer.replace(/\?token=[^)\s]+/g, '?token=…')}`);
			const images = await decodeImages(outputDir, `${example.number}-`);
			const width = Math.max(...images.map((file) => file.file.length));
			for (const image of images) console.log(`    ${describe(image, width)}`);
		}
		examples.push(...chats);

		const total = readdirSync(outputDir).length;
		const elapsed = Math.round((Date.now() - started) / 1000);
		console.log('');
		console.log(`${total} files from ${examples.length - failed} of ${examples.length} examples in ${outputDir}/ (${elapsed} s)`);
		console.log('To open the examples in the n8n editor: bash scripts/dev.sh');
		return failed === 0 ? 0 : 1;
	} finally {
		await stop();
	}
}

/** `demo-output/<file>  PNG  1152×896  847 kB`, the file name padded to `width`. */
function describe(image: DecodedImage, width: number): string {
	const size = image.bytes >= 1e6 ? `${(image.bytes / 1e6).toFixed(1)} MB` : `${Math.round(image.bytes / 1e3)} kB`;
	const file = path.join(EXAMPLE_OUTPUT, image.file.padEnd(width));
	return `${file}  ${image.format.toUpperCase().padEnd(4)} ${`${image.width}×${image.height}`.padEnd(9)}  ${size}`;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		log(`failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
