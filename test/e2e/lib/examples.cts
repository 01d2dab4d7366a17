import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { CredentialToImport, WorkflowToImport } from './cli.cts';
import { octoAiCredential } from './octoai.cts';
import { REPO_ROOT } from './paths.cts';

/** The example workflows a user imports through the editor (one n8n workflow export per file). */
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/**
 * Where the examples read their input pictures and write their images, relative to n8n's working
 * directory: the Read/Write Files node resolves relative paths against it.
 */
export const EXAMPLE_ASSETS = path.join('examples', 'assets');
export const EXAMPLE_OUTPUT = 'demo-output';

/** The credential every example's OctoAI nodes name; the scripts create it for the emulator. */
export const EXAMPLE_CREDENTIAL = { id: 'octoaiEmulator01', name: 'OctoAI (local emulator)' } as const;

/** One example file. */
export interface Example {
	/** e.g. `01-text-to-image-sdxl.json` */
	file: string;
	/** The two-digit number its file and its written images start with, e.g. `01`. */
	number: string;
	id: string;
	name: string;
	workflow: WorkflowToImport;
	/**
	 * Whether `n8n execute` can run it. A workflow started by a Webhook or a Chat Trigger waits for
	 * its HTTP call, so it runs only published in `n8n start` (test/e2e/triggers.test.cts; the demo
	 * chats with the chat example, scripts/demo-chat.cts).
	 */
	runsFromCli: boolean;
}

/** Trigger nodes that start a workflow only when called over HTTP. */
const WAITS_FOR_A_CALL = ['n8n-nodes-base.webhook', '@n8n/n8n-nodes-langchain.chatTrigger'];

/** The examples in file order. */
export function loadExamples(): Example[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => /^\d\d-.*\.json$/.test(file))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowToImport;
			const runsFromCli = !workflow.nodes.some((node) => WAITS_FOR_A_CALL.includes(String(node.type)));
			return { file, number: file.slice(0, 2), id: String(workflow.id), name: workflow.name, workflow, runsFromCli };
		});
}

/** The examples' credential with a token and both API base URLs pointing at `baseUrl` (an emulator). */
export function exampleCredential(token: string, baseUrl: string): CredentialToImport {
	return octoAiCredential(EXAMPLE_CREDENTIAL.id, EXAMPLE_CREDENTIAL.name, token, baseUrl);
}

/**
 * Makes `workDir` a place to run the examples from: real copies of the input pictures under
 * examples/assets (n8n refuses paths with a symlinked component) and an empty demo-output/
 * (the Read/Write Files node does not create folders).
 */
export function prepareExampleWorkDir(workDir: string): void {
	cpSync(path.join(REPO_ROOT, EXAMPLE_ASSETS), path.join(workDir, EXAMPLE_ASSETS), { recursive: true });
	mkdirSync(path.join(workDir, EXAMPLE_OUTPUT), { recursive: true });
}

/**
 * n8n's environment for running the examples with `workDir` as its working directory: the Read/Write
 * Files node may reach the input pictures and the output folder there, and nothing else.
 */
export function exampleFileAccessEnv(workDir: string): Record<string, string> {
	return {
		N8N_RESTRICT_FILE_ACCESS_TO: [EXAMPLE_ASSETS, EXAMPLE_OUTPUT].map((dir) => path.join(workDir, dir)).join(';'),
	};
}
