import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IBinaryData,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IWorkflowBase,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { BINARY_MODE_COMBINED, BINARY_MODE_SEPARATE, Workflow, createRunExecutionData } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data.cts';
import { binaryBuffer, binaryDataOf } from './binary.cts';
import type { CredentialStore } from './credentials-helper.cts';
import { HarnessCredentialsHelper } from './credentials-helper.cts';
import { getEngine } from './engine.cts';
import type { LogEntry } from './log-capture.cts';
import { withLogScope } from './log-capture.cts';

/** A workflow as the n8n editor exports it; only `nodes` and `connections` are required. */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
}

/**
 * - `filesystem`: n8n 2.x's default — binary files on disk, items carry `binary.<field>` with an id.
 * - `combined`: the workflow setting `binaryMode: 'combined'` — after each node the engine moves
 *   stored binaries from `item.binary` into `item.json._files.<field>`.
 */
export type HarnessBinaryMode = 'filesystem' | 'combined';

export interface RunOptions {
	/** Decrypted credential data: type -> id -> data. Nodes reference `{ id, name }`. */
	credentials?: CredentialStore;
	/** Overrides `settings.binaryMode` of the workflow JSON; the store is on disk in both. */
	binaryMode?: HarnessBinaryMode;
	/** Items the start node receives (and the fixture Start node passes on); default one empty item. */
	inputItems?: INodeExecutionData[];
	/** Name of the node to start from; default: the workflow's only node without a main input. */
	startNode?: string;
	/** Execution mode the engine is told; default `manual` (the editor's "Execute workflow"). */
	mode?: WorkflowExecuteMode;
	/** Cancels the run, as the editor's stop button does. */
	signal?: AbortSignal;
	/** Run under this execution id, as a second tool call of the same execution would (default: a new id). */
	executionId?: string;
	/** Cancels the run after this long, as n8n's execution timeout does; default 30 s. */
	timeoutMs?: number;
}

export interface RunResult {
	run: IRun;
	status: ExecutionStatus;
	/** The execution error (the failing node's error), if the run failed. */
	error?: ExecutionError;
	/** True when `timeoutMs` cancelled the run. */
	timedOut: boolean;
	/** Node names in the order they finished. */
	nodeOrder: string[];
	/** Everything n8n and the nodes logged during this run. */
	logs: LogEntry[];
	/** All log entries as one string, to grep. */
	logText(): string;
	/** Items a node put out on one output (json, binary, pairedItem); throws if the node did not run. */
	outputs(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The error a node ended with, if it did. */
	nodeError(nodeName: string, runIndex?: number): ExecutionError | undefined;
	/** The binary data object behind an item's field, in either binary mode. */
	binaryData(item: INodeExecutionData, field?: string): IBinaryData;
	/** An item's binary field read back from the store. */
	binaryBuffer(item: INodeExecutionData, field?: string): Promise<Buffer>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
let executionCounter = 0;

/**
 * Runs workflow JSON through n8n-core's `WorkflowExecute`, with this package's built nodes and
 * the fixture nodes loaded, credentials from `options.credentials`, binary data on disk.
 * A failing node gives a result with `status: 'error'`; a workflow the engine refuses to start
 * (a required field empty: `WorkflowHasIssuesError`, an unknown node type) rejects instead.
 */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	const engine = await getEngine();
	const executionId = options.executionId ?? String(++executionCounter);
	const mode = options.mode ?? 'manual';
	const data = structuredClone(workflowJson); // the Workflow constructor fills defaults into node parameters
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...data.settings };
	if (options.binaryMode) {
		settings.binaryMode = options.binaryMode === 'combined' ? BINARY_MODE_COMBINED : BINARY_MODE_SEPARATE;
	}
	const workflowId = data.id ?? 'harness-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: data.name ?? 'Harness workflow',
		nodes: data.nodes,
		connections: data.connections,
		settings,
		pinData: data.pinData,
		staticData: data.staticData,
		active: false,
		nodeTypes: engine.registry,
	});
	const startNode = pickStartNode(workflow, options.startNode);

	const nodeOrder: string[] = [];
	// The engine reports the end (also of a cancelled run) through this hook, as the n8n app waits on it.
	let resolveRun!: (run: IRun) => void;
	let rejectRun!: (error: unknown) => void;
	const finished = new Promise<IRun>((resolve, reject) => {
		resolveRun = resolve;
		rejectRun = reject;
	});
	const hooks = new ExecutionLifecycleHooks(mode, executionId, asWorkflowBase(workflow, data));
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeOrder.push(nodeName);
	});
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(engine.registry, structuredClone(options.credentials ?? {})),
		hooks,
		executionId,
		workflowId,
		workflowSettings: settings,
		executionTimeoutTimestamp: Date.now() + timeoutMs,
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [structuredClone(options.inputItems ?? [{ json: {} }])] }, source: null }],
		},
		resultData: { pinData: data.pinData },
	});

	const logs: LogEntry[] = [];
	let timedOut = false;
	const run = await withLogScope(logs, async () => {
		const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
		const cancel = () => execution.cancel();
		// The engine checks the timestamp only between nodes; the timer also aborts a node mid-request.
		const timer = setTimeout(() => {
			timedOut = true;
			cancel();
		}, timeoutMs);
		options.signal?.addEventListener('abort', cancel, { once: true });
		if (options.signal?.aborted) cancel();
		execution.catch(rejectRun);
		try {
			return await finished;
		} finally {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', cancel);
		}
	});

	return buildResult(run, { nodeOrder, logs, timedOut });
}

function buildResult(run: IRun, parts: Pick<RunResult, 'nodeOrder' | 'logs' | 'timedOut'>): RunResult {
	const { runData } = run.data.resultData;
	const taskOf = (nodeName: string, runIndex: number) => {
		const task = runData[nodeName]?.[runIndex];
		if (!task) {
			const ran = Object.keys(runData).join(', ') || 'none';
			const why = run.data.resultData.error?.message;
			throw new Error(`Node "${nodeName}" has no run ${runIndex} (nodes that ran: ${ran})${why ? `; execution error: ${why}` : ''}`);
		}
		return task;
	};
	return {
		run,
		status: run.status,
		error: run.data.resultData.error,
		...parts,
		logText: () => parts.logs.map((entry) => `${entry.level}: ${entry.text}`).join('\n'),
		outputs: (nodeName, outputIndex = 0, runIndex = 0) => taskOf(nodeName, runIndex).data?.main?.[outputIndex] ?? [],
		nodeError: (nodeName, runIndex = 0) => runData[nodeName]?.[runIndex]?.error,
		binaryData: (item, field) => binaryDataOf(item, field),
		binaryBuffer: async (item, field) => await binaryBuffer(item, field),
	};
}

/** The named node, else the one enabled node no main connection leads into. */
function pickStartNode(workflow: Workflow, name: string | undefined): INode {
	if (name) {
		const node = workflow.getNode(name);
		if (!node) throw new Error(`Start node "${name}" is not in the workflow`);
		return node;
	}
	const roots = Object.values(workflow.nodes).filter(
		(node) => !node.disabled && !(workflow.connectionsByDestinationNode[node.name]?.main ?? []).some((inputs) => inputs?.length),
	);
	if (roots.length === 1) return roots[0];
	const trigger = workflow.getStartNode();
	if (trigger && roots.includes(trigger)) return trigger;
	throw new Error(
		`Cannot tell which node starts the workflow (candidates: ${roots.map((n) => n.name).join(', ') || 'none'}); pass options.startNode`,
	);
}

function asWorkflowBase(workflow: Workflow, data: WorkflowJson): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: data.nodes,
		connections: data.connections,
		settings: workflow.settings,
	};
}
