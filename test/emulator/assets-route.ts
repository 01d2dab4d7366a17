import { ASSET_TYPES, BASE_ENGINE_TYPES, BASE_ENGINES, DATA_TYPES, type AssetQuery, type AssetType } from './assets';
import { json, type Reply } from './http';
import type { RouteContext } from './routes';
import type { ServerState } from './state';
import * as err from './validation/errors';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** GET /v1/assets: the asset list with the SDK's filters and limit/offset pagination. */
export function listAssetsRoute(state: ServerState, ctx: RouteContext): Reply {
	const parsed = parseQuery(ctx.query);
	if ('errors' in parsed) return json(422, { detail: parsed.errors });
	return json(200, state.assets.list(parsed.query));
}

function parseQuery(q: URLSearchParams): { query: AssetQuery } | { errors: err.ValidationIssue[] } {
	const errors: err.ValidationIssue[] = [];
	const int = (name: string, fallback: number, range: { ge: number; le?: number }): number => {
		const raw = q.get(name);
		if (raw === null) return fallback;
		const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
		const loc = ['query', name];
		if (Number.isNaN(value)) errors.push(err.intType(loc));
		else {
			const problem = err.rangeIssue(loc, value, range);
			if (problem) errors.push(problem);
		}
		return value;
	};
	const query: AssetQuery = {
		limit: int('limit', DEFAULT_LIMIT, { ge: 1, le: MAX_LIMIT }),
		offset: int('offset', 0, { ge: 0 }),
	};
	if (q.has('name')) query.name = q.get('name')!;
	if (q.has('owner')) query.owner = q.get('owner')!;
	if (q.has('is_public')) {
		const raw = q.get('is_public')!.toLowerCase();
		if (raw === 'true' || raw === 'false') query.is_public = raw === 'true';
		else errors.push(err.boolType(['query', 'is_public']));
	}
	for (const [name, values] of [['engine_type', BASE_ENGINE_TYPES], ['data_type', DATA_TYPES]] as const) {
		const raw = q.get(name);
		if (raw === null) continue;
		if ((values as readonly string[]).includes(raw)) query[name] = raw;
		else errors.push(err.enumValue(['query', name], values));
	}
	const types = q.getAll('asset_type');
	if (types.length > 0) {
		types.forEach((t, i) => {
			if (!(ASSET_TYPES as readonly string[]).includes(t)) errors.push(err.enumValue(['query', 'asset_type', i], ASSET_TYPES));
		});
		query.asset_type = types as AssetType[];
	}
	const engines = q.getAll('engine');
	if (engines.length > 0) {
		engines.forEach((e, i) => {
			if (!(BASE_ENGINES as readonly string[]).includes(e)) errors.push(err.enumValue(['query', 'engine', i], BASE_ENGINES));
		});
		query.engine = engines;
	}
	return errors.length > 0 ? { errors } : { query };
}
