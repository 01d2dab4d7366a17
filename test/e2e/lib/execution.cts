import type { LogLine } from './logs.cts';

/** An item of node output as the execution data holds it. */
export interface OutputItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryRef>;
	pairedItem?: unknown;
	error?: unknown;
}

/** A binary property of an output item; with filesystem storage, `id` points at the file. */
export interface BinaryRef {
	id?: string;
	data?: string;
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
}

/** A node's error as n8n serialises it into execution data. */
export interface NodeErrorData {
	message: string;
	description?: string | null;
	name?: string;
	httpCode?: string;
	[key: string]: unknown;
}

/** One run of one node (n8n's ITaskData, as much as the tests read). */
export interface NodeRun {
	executionStatus?: string;
	data?: { main?: Array<OutputItem[] | null> };
	error?: NodeErrorData;
}

/** What `n8n execute` printed, as n8n's IRun (trimmed to what the tests read). */
export interface ExecutionData {
	status: string;
	finished?: boolean;
	mode: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: NodeErrorData;
			lastNodeExecuted?: string;
		};
	};
}

/** The outcome of `n8n execute --id`. */
export interface ExecutionResult {
	/** n8n's execution status: `success`, `error`, `crashed`, ... */
	status: string;
	/** The whole execution as printed by the CLI. */
	execution: ExecutionData;
	/** The workflow-level error message, when the execution failed. */
	errorMessage?: string;
	/**
	 * Output items of a node's first run on one output: the first by default; with "On Error:
	 * Continue (using error output)" a node's error items are on its last output.
	 */
	output(nodeName: string, outputIndex?: number): OutputItem[];
	/**
	 * Output items of every run of a node on its first output, in run order. A node fed by two
	 * branches runs once per branch (execution order v1).
	 */
	outputOfAllRuns(nodeName: string): OutputItem[];
	/** A node's error, when it failed. */
	nodeError(nodeName: string): NodeErrorData | undefined;
}

/**
 * Finds the execution in `n8n execute`'s log. On success n8n logs it after "Execution was
 * successful:", on failure after "Execution error:"; either way it is a log message that is the
 * whole execution as JSON (with N8N_LOG_FORMAT=json each message is one line).
 */
export function parseExecution(logs: LogLine[]): ExecutionResult | undefined {
	for (const line of logs) {
		if (!line.message.startsWith('{')) continue;
		let value: unknown;
		try {
			value = JSON.parse(line.message);
		} catch {
			continue;
		}
		if (isExecution(value)) return toResult(value);
	}
	return undefined;
}

function isExecution(value: unknown): value is ExecutionData {
	const run = value as ExecutionData | null;
	return typeof run?.status === 'string' && typeof run.data?.resultData?.runData === 'object';
}

function toResult(execution: ExecutionData): ExecutionResult {
	const { runData, error } = execution.data.resultData;
	const firstRun = (nodeName: string): NodeRun => {
		const runs = runData[nodeName];
		if (!runs?.length) {
			throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(runData).join(', ') || 'none'}`);
		}
		return runs[0];
	};
	return {
		status: execution.status,
		execution,
		errorMessage: error?.message,
		output: (nodeName, outputIndex = 0) => firstRun(nodeName).data?.main?.[outputIndex] ?? [],
		outputOfAllRuns: (nodeName) => {
			firstRun(nodeName);
			return runData[nodeName].flatMap((run) => run.data?.main?.[0] ?? []);
		},
		nodeError: (nodeName) => firstRun(nodeName).error,
	};
}
