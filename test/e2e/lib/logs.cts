/** One line of n8n's console log in its JSON format (N8N_LOG_FORMAT=json). */
export interface LogLine {
	level: string;
	message: string;
	metadata?: Record<string, unknown>;
	timestamp?: string;
}

/**
 * The JSON log lines in some n8n output. Lines that are not JSON (a child process writing
 * directly to the console, a crash trace) are skipped; they stay in the raw output.
 */
export function parseLogLines(output: string): LogLine[] {
	const lines: LogLine[] = [];
	for (const text of output.split('\n')) {
		if (!text.startsWith('{')) continue;
		try {
			const value = JSON.parse(text) as Partial<LogLine>;
			if (typeof value.level === 'string' && typeof value.message === 'string') lines.push(value as LogLine);
		} catch {
			// Not a log line after all.
		}
	}
	return lines;
}
