import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** What a finished child process left behind. */
export interface ProcessResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Kills the process group and rejects after this long. */
	timeoutMs: number;
	/** Called with the child's pid once it started (the benchmark samples its memory). */
	onSpawn?: (pid: number) => void;
	/**
	 * Send stdout to this file instead of a pipe. Writes to a file are synchronous in Node, so a
	 * process that exits right after a huge write (n8n printing an execution of many MB) loses none of it.
	 */
	stdoutFile?: string;
}

/**
 * Runs a command to completion and collects its output. It runs in its own process group so
 * that a timeout also ends its children (n8n starts a task runner process of its own).
 */
export function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
			detached: true,
		});
		if (stdoutFd !== undefined) closeSync(stdoutFd);
		// Detached, the process would outlive this one if it exits first (Ctrl-C in the demo, a
		// jest worker torn down): end its group then.
		const killOnExit = () => killGroup(child.pid, 'SIGKILL');
		if (child.pid !== undefined) options.onSpawn?.(child.pid);
		process.once('exit', killOnExit);
		let stdout = '';
		let stderr = '';
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => {
			killGroup(child.pid, 'SIGKILL');
			reject(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms\n${tail(stdout + stderr)}`));
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			process.off('exit', killOnExit);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			process.off('exit', killOnExit);
			if (options.stdoutFile !== undefined) stdout = readFileSync(options.stdoutFile, 'utf8');
			resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

/** Sends a signal to a whole process group, ignoring one that is already gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

/** The last lines of some output, for error messages. */
export function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}
