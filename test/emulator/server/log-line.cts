import type { LoggedRequest } from '../core/types.cts';

/** One line per request; the token itself is never printed. */
export function logLine(entry: LoggedRequest): string {
	const query = new URLSearchParams(
		Object.entries(entry.query).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
	).toString();
	const parts = [
		entry.time,
		entry.method,
		entry.path + (query ? `?${query}` : ''),
		entry.status === null ? 'DROPPED' : String(entry.status),
		`${entry.durationMs}ms`,
		entry.token === null ? 'auth=none' : 'auth=bearer(redacted)',
	];
	if (entry.fault) parts.push(`fault=${entry.fault.kind}${entry.fault.kind === 'status' ? `:${entry.fault.status}` : ''}(${entry.fault.source})`);
	if (entry.warnings) parts.push(`warning=${entry.warnings.join(',')}`);
	return parts.join(' ');
}
