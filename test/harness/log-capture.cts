import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** One line logged through n8n's `Logger` (what nodes see as `this.logger`) or its `LoggerProxy`. */
export interface LogEntry {
	level: LogLevel;
	message: string;
	metadata?: Record<string, unknown>;
	/** Message plus every metadata value flattened to text (error causes and hidden fields included), for grepping. */
	text: string;
}

const runScope = new AsyncLocalStorage<LogEntry[]>();
const everything: LogEntry[] = [];
const echoLevels = echoLevelsFromEnv();

function echoLevelsFromEnv(): Set<LogLevel> {
	const order: LogLevel[] = ['error', 'warn', 'info', 'debug'];
	const wanted = process.env.HARNESS_LOG_LEVEL as LogLevel | undefined;
	const cut = wanted ? order.indexOf(wanted) : -1;
	return new Set(cut < 0 ? [] : order.slice(0, cut + 1));
}

/**
 * Flattens metadata to text. `inspect` with `showHidden` walks non-enumerable properties and
 * `cause` chains too, so a secret tucked inside an error's request config still shows up.
 */
function flatten(metadata: Record<string, unknown> | undefined): string {
	if (!metadata || Object.keys(metadata).length === 0) return '';
	return inspect(metadata, { depth: 12, showHidden: true, breakLength: Infinity, maxStringLength: null, maxArrayLength: 200 });
}

function record(level: LogLevel, message: string, metadata?: Record<string, unknown>): void {
	const text = [message, flatten(metadata)].filter(Boolean).join(' ');
	const entry: LogEntry = { level, message, metadata, text };
	everything.push(entry);
	runScope.getStore()?.push(entry);
	if (echoLevels.has(level)) process.stderr.write(`[harness ${level}] ${text}\n`);
}

/**
 * Stands in for `@n8n/backend-common`'s `Logger` in the DI container and for `LoggerProxy`:
 * nothing is printed (unless HARNESS_LOG_LEVEL is set), everything is kept.
 */
export class CapturingLogger {
	error(message: string, metadata?: Record<string, unknown>): void {
		record('error', message, metadata);
	}

	warn(message: string, metadata?: Record<string, unknown>): void {
		record('warn', message, metadata);
	}

	info(message: string, metadata?: Record<string, unknown>): void {
		record('info', message, metadata);
	}

	debug(message: string, metadata?: Record<string, unknown>): void {
		record('debug', message, metadata);
	}

	/** n8n services ask for scoped loggers; scoping only filters output, so the same sink serves. */
	scoped(): this {
		return this;
	}
}

/**
 * Runs `fn` with its own log list: everything logged in its async call tree, and only that,
 * lands in `sink`. Runs going on at the same time in one worker do not mix their logs.
 */
export async function withLogScope<T>(sink: LogEntry[], fn: () => Promise<T>): Promise<T> {
	return await runScope.run(sink, fn);
}

/** Every entry logged in this test file's harness since it started, inside a run or not. */
export function harnessLogs(): readonly LogEntry[] {
	return everything;
}
