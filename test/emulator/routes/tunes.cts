// Fine-tuning: POST /v1/tune, GET /v1/tune/{id}, GET /v1/tunes, POST /v1/tune/{id}/cancel, DELETE /v1/tune/{id}.
import type { AssetRecord } from '../state/asset-record.cts';
import { json, type Reply } from '../core/http.cts';
import { engineLabel, TUNABLE_ENGINES } from '../rules/asset-enums.cts';
import { TUNE_LIST_QUERY } from '../rules/queries.cts';
import { CREATE_TUNE_REQUEST } from '../rules/tune-requests.cts';
import { noInput, route, type CallerContext, type Checked, type Route } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';
import type { Tenant } from '../state/tenants.cts';
import type { LoraTuneDetails, TuneQuery } from '../state/tunes.cts';
import { valueError, type ValidationIssue } from '../validation/errors.cts';
import { bodyInput, queryInput, refuse } from './input.cts';

interface CreateTuneBody {
	name: string;
	description?: string;
	continue_on_rejection?: boolean;
	details: LoraTuneDetails;
}

/** A create-tune body that passed its value rules, with its checkpoint and files resolved in the caller's library. */
interface CreateTuneInput {
	body: CreateTuneBody;
	checkpoint: AssetRecord;
	files: AssetRecord[];
}

/** Validates POST /v1/tune: the body's shape, then the checkpoint and files it names as the caller sees them. */
function createTuneInput(state: ServerState, ctx: CallerContext): Checked<CreateTuneInput> {
	const shaped = bodyInput<CreateTuneBody>(CREATE_TUNE_REQUEST)(state, ctx);
	if (!shaped.ok) return shaped;
	const body = shaped.value;
	const errors: ValidationIssue[] = [];
	const checkpoint = resolveCheckpoint(state, ctx.tenant, body.details.base_checkpoint, errors);
	const files = body.details.files.map((f, i) => resolveFile(state, ctx.tenant, f.file_id, i, errors));
	if (errors.length > 0 || !checkpoint) return refuse(errors);
	return { ok: true, value: { body, checkpoint, files: files as AssetRecord[] } };
}

/** POST /v1/tune: a lora_tune on the caller's file assets; answers the Tune, `pending`. */
function createTune(state: ServerState, ctx: CallerContext, { body, checkpoint, files }: CreateTuneInput): Reply {
	const details: LoraTuneDetails = {
		...body.details,
		base_checkpoint: { ...body.details.base_checkpoint, engine: checkpoint.data.engine, name: checkpoint.name },
	};
	const tune = state.tunes.create(
		ctx.tenant,
		{ name: body.name, description: body.description, continueOnRejection: body.continue_on_rejection ?? false, details, checkpoint, files },
		Date.now(),
	);
	return json(200, state.tunes.view(tune, Date.now()));
}

function getTune(state: ServerState, ctx: CallerContext): Reply {
	const tune = state.tunes.get(ctx.tenant, ctx.params[0]);
	return tune ? json(200, state.tunes.view(tune, Date.now())) : notFound(ctx.params[0]);
}

/** GET /v1/tunes: the caller's tunes, oldest first, `{data, has_more, total}`. */
function listTunes(state: ServerState, ctx: CallerContext, query: TuneQuery): Reply {
	return json(200, state.tunes.list(ctx.tenant, query, Date.now()));
}

/** POST /v1/tune/{id}/cancel: a pending or running tune becomes `cancelled`; a finished one is a 409. */
function cancelTune(state: ServerState, ctx: CallerContext): Reply {
	const tune = state.tunes.get(ctx.tenant, ctx.params[0]);
	if (!tune) return notFound(ctx.params[0]);
	const now = Date.now();
	if (!state.tunes.cancel(tune, now)) {
		return json(409, { detail: `Tune ${tune.id} has already ${state.tunes.status(tune, now)}; only pending or running tunes can be cancelled` });
	}
	return json(200, state.tunes.view(tune, now));
}

/** DELETE /v1/tune/{id}: `{}`; the tune is gone (a running one never finishes), its LoRA stays. */
function deleteTune(state: ServerState, ctx: CallerContext): Reply {
	const tune = state.tunes.get(ctx.tenant, ctx.params[0]);
	if (!tune) return notFound(ctx.params[0]);
	state.tunes.delete(tune, Date.now());
	return json(200, {});
}

const TUNE = /^\/v1\/tune\/([^/]+)$/;

export const TUNE_ROUTES: Route[] = [
	route({ method: 'POST', pattern: /^\/v1\/tune$/, validate: createTuneInput, handle: createTune }),
	route({ method: 'GET', pattern: /^\/v1\/tunes$/, validate: queryInput<TuneQuery>(TUNE_LIST_QUERY), handle: listTunes }),
	route({ method: 'GET', pattern: TUNE, validate: noInput, handle: getTune }),
	route({ method: 'DELETE', pattern: TUNE, validate: noInput, handle: deleteTune }),
	route({ method: 'POST', pattern: /^\/v1\/tune\/([^/]+)\/cancel$/, validate: noInput, handle: cancelTune }),
];

/** The base checkpoint by id or name: a ready checkpoint of SD 1.5 or SDXL, of the stated engine if one is given. */
function resolveCheckpoint(state: ServerState, tenant: Tenant, ref: LoraTuneDetails['base_checkpoint'], errors: ValidationIssue[]): AssetRecord | undefined {
	const loc = ['body', 'details', 'base_checkpoint', 'checkpoint_id'];
	const found = state.assets.byRef(tenant, ref.checkpoint_id);
	const record = found?.deletedAt === undefined ? found : undefined;
	const engine = record?.data.engine ?? '';
	let problem: string | undefined;
	if (!record) problem = `checkpoint '${ref.checkpoint_id}' is unknown: give the id or name of a public or private checkpoint`;
	else if (record.assetType !== 'checkpoint') problem = `'${ref.checkpoint_id}' is a ${record.assetType} asset, not a checkpoint`;
	else if (state.assets.status(record, Date.now()) !== 'ready') problem = `checkpoint '${ref.checkpoint_id}' is not ready (status ${state.assets.status(record, Date.now())})`;
	else if (!(TUNABLE_ENGINES as readonly string[]).includes(engine)) problem = `LoRAs are tuned on SD 1.5 or SDXL checkpoints; '${ref.checkpoint_id}' is built for ${engineLabel(engine)}`;
	else if (ref.engine !== undefined && ref.engine !== engine) {
		errors.push(valueError(['body', 'details', 'base_checkpoint', 'engine'], `checkpoint '${ref.checkpoint_id}' is built for ${engine}, not ${ref.engine}`));
		return undefined;
	}
	if (problem) errors.push(valueError(loc, problem));
	return problem ? undefined : record;
}

/** A training file: one of the caller's `file` assets whose upload has completed. */
function resolveFile(state: ServerState, tenant: Tenant, id: string, index: number, errors: ValidationIssue[]): AssetRecord | undefined {
	const record = state.assets.byId(tenant, id);
	let problem: string | undefined;
	if (!record || record.deletedAt !== undefined || record.isPublic) problem = `file asset '${id}' is unknown: give the id of one of this account's file assets`;
	else if (record.assetType !== 'file') problem = `'${id}' is a ${record.assetType} asset, not a file asset`;
	else if (record.completedAt === undefined) problem = `file asset '${id}' has no completed upload (status ready_to_upload)`;
	if (problem) errors.push(valueError(['body', 'details', 'files', index, 'file_id'], problem));
	return problem ? undefined : record;
}

function notFound(id: string): Reply {
	return json(404, { detail: `Tune ${id} not found` });
}
