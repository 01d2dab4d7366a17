// Parses a query string against a table of parameters (rules/queries.cts), with 422 issues at
// `["query", name]` (and the index for repeated values) like FastAPI.
import type { QueryParam } from '../rules/queries.cts';
import * as err from './errors.cts';

export type QueryResult = { ok: true; value: Record<string, unknown> } | { ok: false; errors: err.ValidationIssue[] };

export function parseQuery(params: readonly QueryParam[], q: URLSearchParams): QueryResult {
	const errors: err.ValidationIssue[] = [];
	const value: Record<string, unknown> = {};
	for (const p of params) {
		const loc = ['query', p.name];
		const raw = q.get(p.name);
		switch (p.type) {
			case 'int': {
				if (raw === null) {
					value[p.name] = p.default;
					break;
				}
				const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
				const problem = Number.isNaN(n) ? err.intType(loc) : err.rangeIssue(loc, n, p.range);
				if (problem) errors.push(problem);
				value[p.name] = n;
				break;
			}
			case 'bool':
				if (raw === null) break;
				if (/^(true|false)$/i.test(raw)) value[p.name] = raw.toLowerCase() === 'true';
				else errors.push(err.boolType(loc));
				break;
			case 'string':
				if (raw !== null) value[p.name] = raw;
				break;
			case 'enum':
				if (raw === null) break;
				if (p.values.includes(raw)) value[p.name] = raw;
				else errors.push(err.enumValue(loc, p.values));
				break;
			case 'enumList': {
				const all = q.getAll(p.name);
				if (all.length === 0) break;
				all.forEach((v, i) => {
					if (!p.values.includes(v)) errors.push(err.enumValue([...loc, i], p.values));
				});
				value[p.name] = all;
				break;
			}
			case 'stringList': {
				const all = q.getAll(p.name).flatMap((v) => (p.split ? v.split(p.split) : [v])).map((v) => v.trim()).filter(Boolean);
				if (all.length > 0) value[p.name] = all;
				break;
			}
		}
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
