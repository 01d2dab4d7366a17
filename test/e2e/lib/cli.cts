import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { n8nEnv } from './env.cts';
import { parseExecution, type ExecutionResult } from './execution.cts';
import { parseLogLines, type LogLine } from './logs.cts';
import { n8nBin, nodeBinary } from './paths.cts';
import { freePort } from './ports.cts';
import { runProcess, tail, type ProcessResult } from './process.cts';

/** Each CLI command starts the whole app (database migrations, node loading): allow for it. */
const CLI_TIMEOUT_MS = 3 * 60_000;

/** A finished n8n CLI command with its parsed log. */
export interface CliRun extends ProcessResult {
	logs: LogLine[];
}

export interface CliOptions {
	timeoutMs?: number;
	/** Extra environment variables (see `n8nEnv`). */
	env?: Record<string, string>;
	/**
	 * n8n's working directory (default: the user folder). Relative paths in the Read/Write Files
	 * node resolve against it, as they would for someone running n8n from a project folder.
	 */
	cwd?: string;
	/** Called with n8n's pid once it started. */
	onSpawn?: (pid: number) => void;
	/** See `RunOptions.stdoutFile`. */
	stdoutFile?: string;
}

/** Runs `n8n <args>` against the data in `userFolder`, to completion. */
export async function runN8nCli(userFolder: string, args: string[], options: CliOptions = {}): Promise<CliRun> {
	const env = n8nEnv(userFolder, { brokerPort: await freePort(), extra: options.env });
	const result = await runProcess(nodeBinary(), [n8nBin(), ...args], {
		cwd: options.cwd ?? userFolder,
		env,
		timeoutMs: options.timeoutMs ?? CLI_TIMEOUT_MS,
		onSpawn: options.onSpawn,
		stdoutFile: options.stdoutFile,
	});
	return { ...result, logs: parseLogLines(result.stdout) };
}

/** A credential as `n8n import:credentials` reads it; `data` in plain text is encrypted on import. */
export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** A workflow as `n8n import:workflow` reads it (an n8n workflow export). */
export interface WorkflowToImport {
	id?: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** Imports credentials with `n8n import:credentials --input` (owned by the instance owner). */
export async function importCredentials(
	userFolder: string,
	credentials: CredentialToImport[],
	options: CliOptions = {},
): Promise<void> {
	const file = writeImportFile(userFolder, 'credentials', credentials);
	const run = await runN8nCli(userFolder, ['import:credentials', `--input=${file}`], options);
	expectLogged(run, `Successfully imported ${credentials.length} credential`, 'import:credentials');
}

/**
 * Imports one workflow with `n8n import:workflow --input` and returns its id (the workflow's
 * own, or a new random one: `execute --id` needs to know it).
 */
export async function importWorkflow(userFolder: string, workflow: WorkflowToImport): Promise<string> {
	const id = workflow.id ?? randomBytes(8).toString('hex');
	const file = writeImportFile(userFolder, `workflow-${id}`, { ...workflow, id, active: false });
	const run = await runN8nCli(userFolder, ['import:workflow', `--input=${file}`]);
	expectLogged(run, 'Successfully imported 1 workflow', 'import:workflow');
	return id;
}

/**
 * Imports every `*.json` workflow export in `dir` as it is, with `n8n import:workflow --separate`
 * (each keeps its own id). Returns how many there were.
 */
export async function importWorkflowFiles(userFolder: string, dir: string, options: CliOptions = {}): Promise<number> {
	const count = readdirSync(dir).filter((file) => file.endsWith('.json')).length;
	const run = await runN8nCli(userFolder, ['import:workflow', '--separate', `--input=${dir}`], options);
	expectLogged(run, `Successfully imported ${count} workflow`, 'import:workflow');
	return count;
}

/**
 * Runs an imported workflow with `n8n execute --id` (mode `cli`, started at its trigger) and
 * returns the execution n8n printed. A failed execution is a result too (status `error`),
 * not an exception; a command that printed no execution at all throws with its output.
 */
export async function executeWorkflow(userFolder: string, id: string, options: CliOptions = {}): Promise<ExecutionResult> {
	const run = await runN8nCli(userFolder, ['execute', `--id=${id}`], options);
	const result = parseExecution(run.logs);
	if (!result) {
		throw new Error(`n8n execute --id=${id} printed no execution (exit ${run.code})\n${tail(run.stdout + run.stderr)}`);
	}
	return result;
}

function writeImportFile(userFolder: string, name: string, content: unknown): string {
	const dir = path.join(userFolder, 'import');
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(content, null, 2));
	return file;
}

// The import commands log their failures and may still exit 0, so success is read from the log.
function expectLogged(run: CliRun, message: string, command: string): void {
	if (run.code === 0 && run.logs.some((line) => line.message.startsWith(message))) return;
	throw new Error(`n8n ${command} failed (exit ${run.code})\n${tail(run.stdout + run.stderr)}`);
}
