import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import {
	CREDENTIAL_TYPE,
	EXAMPLE_CREDENTIAL,
	EXAMPLE_OUTPUT,
	createUserFolder,
	decodeImages,
	exampleCredential,
	exampleFileAccessEnv,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	installCommunityPackage,
	loadExamples,
	octoAiCredential,
	packThisPackage,
	prepareExampleWorkDir,
	workflowNode,
	type CredentialToImport,
	type ExecutionResult,
	type WorkflowToImport,
} from './lib/index.cts';

// Failures as a user meets them when running the examples: a credential with a wrong token, and
// items that fail while the node is set to continue through its error output.

const TOKEN = 'e2e-failures-token';
/** A token of its own for the test that queues an API fault, so the fault cannot reach another test. */
const FAULT_TOKEN = 'e2e-failures-fault-token';
const WRITE_NODE = 'Write Images to Disk';

const examples = loadExamples();
let emulator: Emulator;
let userFolder: ReturnType<typeof createUserFolder>;
let workDir: ReturnType<typeof createUserFolder>;

const wrongToken = () => octoAiCredential('octoaiWrongToken01', 'OctoAI (wrong token)', 'revoked-token', emulator.url);
const faultCredential = () => octoAiCredential('octoaiFaults01', 'OctoAI (fault queue)', FAULT_TOKEN, emulator.url);

beforeAll(async () => {
	userFolder = createUserFolder();
	workDir = createUserFolder('octoai-failures-');
	prepareExampleWorkDir(workDir.path);
	await installCommunityPackage(userFolder.path, await packThisPackage(path.join(workDir.path, 'pack')));
	emulator = await startEmulator({ tokens: [TOKEN, FAULT_TOKEN], quiet: true });
	await importCredentials(userFolder.path, [exampleCredential(TOKEN, emulator.url), wrongToken(), faultCredential()]);
}, 600_000);

afterAll(async () => {
	await emulator?.close();
	userFolder?.remove();
	workDir?.remove();
});

it('a wrong token fails the execution with a message that says so, after one request', async () => {
	const workflow = fromExample('01', 'failWrongToken01', (wf) => {
		useCredential(wf, wrongToken());
		writeWithPrefix(wf, 'fail-01-');
	});
	const result = await run(await importWorkflow(userFolder.path, workflow));

	expect(result.status).toBe('error');
	expect(result.execution.data.resultData.lastNodeExecuted).toBe('OctoAI SDXL');
	expect(result.errorMessage).toMatch(/^OctoAI rejected the API token \(401\): \S/);
	expect(result.nodeError('OctoAI SDXL')).toMatchObject({
		message: result.errorMessage,
		description: 'Check the API token in the OctoAI credential.',
	});
	expect(result.execution.data.resultData.runData[WRITE_NODE]).toBeUndefined();
	expect(writtenFiles('fail-01-')).toEqual([]);
	// A 401 is not retried: one billed-looking request, not three.
	expect(emulator.requests({ token: 'revoked-token' }).map((r) => r.status)).toEqual([401]);
});

it('with "continue using error output", a prompt with a weighting error is an error item and the other prompts are written', async () => {
	const prompts = ['a red fox in the snow', 'a koi pond (from above', 'an owl on a branch', 'a hot air balloon', 'a lighthouse'];
	const workflow = fromExample('08', 'failBadPrompt01', (wf) => {
		setPrompts(wf, prompts);
		continueThroughErrorOutput(wf, 'OctoAI SD 1.5');
		writeWithPrefix(wf, 'fail-08a-');
	});
	emulator.clearLog();
	const result = await run(await importWorkflow(userFolder.path, workflow));

	expect({ status: result.status, error: result.errorMessage }).toEqual({ status: 'success', error: undefined });
	const [errorItem, ...moreErrors] = result.output('OctoAI SD 1.5', 1);
	expect(moreErrors).toEqual([]);
	expect(errorItem.json.error).toBe("Prompt has a weighting error at character 12: '(' is never closed");
	expect(errorItem.pairedItem).toEqual({ item: 1 });
	expect(result.output('Failed Prompts')).toHaveLength(1);

	expect(result.output('OctoAI SD 1.5').map((item) => item.json.seed)).toEqual([800, 802, 803, 804]);
	expect(await imagesOnDisk('fail-08a-')).toEqual(Array(4).fill(['jpeg', 640, 512]));
	// The broken prompt never reached the API.
	expect(emulator.requests({ token: TOKEN }).map((r) => (r.body as { prompt: string }).prompt).sort()).toEqual(
		prompts.filter((_, index) => index !== 1).sort(),
	);
});

it('with "continue using error output", an API error for one item is an error item and the other items are written', async () => {
	const workflow = fromExample('08', 'failApiError01', (wf) => {
		useCredential(wf, faultCredential());
		continueThroughErrorOutput(wf, 'OctoAI SD 1.5');
		writeWithPrefix(wf, 'fail-08b-');
		// One request at a time, so the queued fault meets the first item.
		nodeNamed(wf, 'OctoAI SD 1.5').parameters.options = {
			...(nodeNamed(wf, 'OctoAI SD 1.5').parameters.options as object),
			concurrency: 1,
		};
	});
	emulator.queueFaults(FAULT_TOKEN, [{ kind: 'status', status: 403 }]);
	const result = await run(await importWorkflow(userFolder.path, workflow));

	expect({ status: result.status, error: result.errorMessage }).toEqual({ status: 'success', error: undefined });
	const errors = result.output('OctoAI SD 1.5', 1);
	expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	expect(errors[0].json.error).toMatch(/^The API token may not do this \(403\): \S/);
	expect(await imagesOnDisk('fail-08b-')).toEqual(Array(4).fill(['jpeg', 640, 512]));
	// A 403 is not retried either.
	expect(emulator.requests({ token: FAULT_TOKEN }).map((r) => r.status)).toEqual([403, 200, 200, 200, 200]);
});

async function run(id: string): Promise<ExecutionResult> {
	return await executeWorkflow(userFolder.path, id, { cwd: workDir.path, env: exampleFileAccessEnv(workDir.path) });
}

type WorkflowNode = { name: string; type: string; parameters: Record<string, unknown>; credentials?: unknown; onError?: string };

/** A copy of an example under a new id and name, changed by `change`. */
function fromExample(number: string, id: string, change: (workflow: WorkflowToImport) => void): WorkflowToImport {
	const example = examples.find((candidate) => candidate.number === number);
	if (!example) throw new Error(`no example ${number}`);
	const workflow = structuredClone(example.workflow);
	change(workflow);
	return { ...workflow, id, name: `${workflow.name} (${id})` };
}

function nodeNamed(workflow: WorkflowToImport, name: string): WorkflowNode {
	const node = (workflow.nodes as WorkflowNode[]).find((candidate) => candidate.name === name);
	if (!node) throw new Error(`no node ${name} in ${workflow.name}`);
	return node;
}

/** Points every node that uses the examples' credential at another one. */
function useCredential(workflow: WorkflowToImport, credential: CredentialToImport): void {
	for (const node of workflow.nodes as WorkflowNode[]) {
		const current = (node.credentials as Record<string, { id: string }> | undefined)?.[CREDENTIAL_TYPE];
		if (current?.id === EXAMPLE_CREDENTIAL.id) {
			node.credentials = { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
		}
	}
}

/** The node setting "On Error: Continue (using error output)", its error output led to a No Operation node. */
function continueThroughErrorOutput(workflow: WorkflowToImport, nodeName: string): void {
	nodeNamed(workflow, nodeName).onError = 'continueErrorOutput';
	workflow.nodes.push({ ...workflowNode('Failed Prompts', 'n8n-nodes-base.noOp', {}, { position: [1000, 200] }) });
	const connections = workflow.connections as Record<string, { main: unknown[][] }>;
	connections[nodeName].main[1] = [{ node: 'Failed Prompts', type: 'main', index: 0 }];
}

function setPrompts(workflow: WorkflowToImport, prompts: string[]): void {
	nodeNamed(workflow, 'Prompts').parameters.jsonOutput = JSON.stringify({ prompts }, null, 2);
}

/** Each test writes under a file name prefix of its own. */
function writeWithPrefix(workflow: WorkflowToImport, prefix: string): void {
	nodeNamed(workflow, WRITE_NODE).parameters.fileName = `=${EXAMPLE_OUTPUT}/${prefix}{{ $json.fileName }}`;
}

function writtenFiles(prefix: string): string[] {
	const dir = path.join(workDir.path, EXAMPLE_OUTPUT);
	return existsSync(dir) ? readdirSync(dir).filter((file) => file.startsWith(prefix)) : [];
}

async function imagesOnDisk(prefix: string): Promise<Array<[string, number, number]>> {
	const images = await decodeImages(path.join(workDir.path, EXAMPLE_OUTPUT), prefix);
	return images.map(({ format, width, height }) => [format, width, height]);
}
