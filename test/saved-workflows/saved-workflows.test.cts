// Saved workflows keep working: the example workflows and a set of saved nodes (saved-nodes.json),
// as a user of today's release has them, run through n8n's engine against the emulator. The
// requests the API gets and the items every node puts out must equal the golden files in golden/.
// A difference means a change alters saved workflows: give the node a new version instead
// (docs/development.md, "Changing a default"). To accept an intended change of output:
//   npm run test:saved-workflows:update   (UPDATE_GOLDEN=1 jest test/saved-workflows)
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { binaryItem, packageNode, PACKAGE_ROOT, runWorkflow, type WorkflowJson } from '../harness/index.cts';
import { CREDENTIAL, useEmulator } from '../nodes/helpers.cts';
import { runnableExample } from './examples.cts';
import { record, type Recording } from './record.cts';

const env = useEmulator();
const GOLDEN_DIR = path.join(__dirname, 'golden');
const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
const ROOM_PNG = path.join(EXAMPLES_DIR, 'assets', 'room.png');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface SavedNode {
	name: string;
	type: string;
	input: 'none' | 'image';
	parameters: Record<string, unknown>;
}

function savedNodeWorkflow(saved: SavedNode): WorkflowJson {
	return {
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'Saved',
				type: packageNode(saved.type as 'octoAiSdxl'),
				typeVersion: 1,
				position: [200, 0],
				parameters: saved.parameters as WorkflowJson['nodes'][number]['parameters'],
				credentials: { octoAiApi: CREDENTIAL },
			},
		],
		connections: { Start: { main: [[{ node: 'Saved', type: 'main', index: 0 }]] } },
	};
}

async function runAndRecord(workflow: WorkflowJson, inputItems?: INodeExecutionData[]): Promise<Recording> {
	env.emulator.clearLog();
	const result = await runWorkflow(workflow, { credentials: env.credentials(), inputItems, timeoutMs: 120_000 });
	const requests = env.emulator.requests({ token: env.token });
	const origin = new URL(env.emulator.url).origin;
	return record(result, requests, origin, workflow.nodes.map((n) => n.name));
}

function expectGolden(name: string, recording: Recording): void {
	const file = path.join(GOLDEN_DIR, `${name}.json`);
	const text = `${JSON.stringify(recording, null, '\t')}\n`;
	if (UPDATE || !existsSync(file)) {
		if (!UPDATE) throw new Error(`No golden file ${file}: run with UPDATE_GOLDEN=1 to write it`);
		mkdirSync(GOLDEN_DIR, { recursive: true });
		writeFileSync(file, text);
		return;
	}
	expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

const savedNodes = (JSON.parse(readFileSync(path.join(__dirname, 'saved-nodes.json'), 'utf8')) as { cases: SavedNode[] }).cases;

describe('saved nodes (typeVersion 1, defaults omitted) send and output what they did', () => {
	it.each(savedNodes.map((c) => [c.name, c] as const))('%s', async (name, saved) => {
		const input = saved.input === 'image' ? [await binaryItem(readFileSync(ROOM_PNG), 'image/png', 'room.png')] : undefined;
		const recording = await runAndRecord(savedNodeWorkflow(saved), input);
		expectGolden(`node-${name}`, recording);
	});
});

/**
 * Agent examples (an AI Agent and its chat model, n8n's langchain nodes) need the real app: the harness
 * loads only this package's nodes. They run end to end instead (test/e2e/agent-chat.test.cts, the demo).
 */
const needsTheApp = (file: string) =>
	(JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson).nodes.some((n) => n.type.startsWith('@n8n/n8n-nodes-langchain.'));
const examples = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json') && !needsTheApp(f)).sort();

describe('example workflows send and output what they did', () => {
	it.each(examples)('%s', async (file) => {
		const workflow = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson;
		const runnable = runnableExample(workflow, PACKAGE_ROOT, CREDENTIAL.id);
		const recording = await runAndRecord(runnable.workflow, runnable.inputItems);
		expectGolden(`example-${file.replace(/\.json$/, '')}`, recording);
	});
});
