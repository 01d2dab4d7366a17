// LoRA fine-tuning jobs. A tune's whole timeline is planned when it is created (when it starts,
// when it ends, how it ends) and its status is read off the clock, so no timer keeps the process
// alive. A succeeded tune's LoRA is added to the tenant's library by `settle`, which the server
// runs before every API request, with the tune's end time as its creation time.
import type { AssetRecord } from './asset-record.cts';
import type { AssetStore } from './assets.cts';
import { newId } from '../core/ids.cts';
import { ASSET_NAME_MAX } from '../rules/asset-requests.cts';
import type { TuneStatus } from '../rules/asset-enums.cts';
import type { Tenant } from './tenants.cts';

/** `details` of a lora_tune as stored and echoed (nulls removed, checkpoint engine and name filled in). */
export interface LoraTuneDetails {
	tune_type: 'lora_tune';
	base_checkpoint: { checkpoint_id: string; engine?: string; name?: string };
	files: Array<{ file_id: string; caption?: string }>;
	steps: number;
	trigger_words: string[];
	seed?: number;
	resize_images?: boolean;
}

/** A validated CreateTuneRequest with its assets resolved. */
export interface NewTune {
	name: string;
	description?: string;
	continueOnRejection: boolean;
	details: LoraTuneDetails;
	checkpoint: AssetRecord;
	files: AssetRecord[];
}

/** Tune filters of GET /v1/tunes. */
export interface TuneQuery {
	limit: number;
	offset: number;
	name?: string;
	tune_type?: string;
	base_checkpoint_id?: string;
	trigger_words?: string[];
	engine?: string;
}

/** How a tune ends; `atStart` failures (unusable files) never reach `running`. */
type Outcome = { status: 'succeeded' } | { status: 'failed'; atStart: boolean; details: string };

interface TuneRecord {
	seq: number;
	id: string;
	tenant: Tenant;
	name: string;
	description: string;
	details: LoraTuneDetails;
	checkpoint: { id: string; name: string; engine: string };
	/** File asset ids and when each one's upload verdict shows. */
	files: Array<{ id: string; readyAt: number }>;
	usable: string[];
	rejected: string[];
	createdAt: number;
	startAt: number;
	endAt: number;
	outcome: Outcome;
	cancelledAt?: number;
	deletedAt?: number;
	outputLoraId?: string;
}

/** Tunes whose name contains this word fail at the end of training, so tests can make one fail on purpose. */
export const FAILING_TUNE_WORD = 'fail';

export class TuneStore {
	private readonly tunes: TuneRecord[] = [];
	private seq = 0;

	/** `stepMs`: how long a tune stays pending, and then running. */
	constructor(
		private readonly assets: AssetStore,
		private readonly stepMs: number,
	) {}

	create(tenant: Tenant, input: NewTune, now: number): TuneRecord {
		// A file whose upload verdict is not out yet holds the tune in `pending` until it is.
		const files = input.files.map((f) => ({ id: f.id, readyAt: f.readyAt ?? now }));
		const startAt = Math.max(now + this.stepMs, ...files.map((f) => f.readyAt));
		const usable = input.files.filter((f) => f.verdict?.status === 'ready' && f.image !== undefined);
		const unusable = input.files.filter((f) => !usable.includes(f));
		const tune: TuneRecord = {
			seq: ++this.seq,
			id: newId('tune'),
			tenant,
			name: input.name,
			description: input.description ?? '',
			details: input.details,
			checkpoint: { id: input.checkpoint.id, name: input.checkpoint.name, engine: input.checkpoint.data.engine! },
			files,
			usable: usable.map((f) => f.id),
			rejected: unusable.map((f) => f.id),
			createdAt: now,
			startAt,
			endAt: startAt + this.stepMs,
			outcome: outcomeOf(input, usable, unusable),
		};
		this.tunes.push(tune);
		return tune;
	}

	/** A live tune of the tenant. */
	get(tenant: Tenant, id: string): TuneRecord | undefined {
		return this.tunes.find((t) => t.id === id && t.tenant.uuid === tenant.uuid && t.deletedAt === undefined);
	}

	list(tenant: Tenant, q: TuneQuery, now: number) {
		const matching = this.tunes.filter(
			(t) =>
				t.tenant.uuid === tenant.uuid &&
				t.deletedAt === undefined &&
				(q.name === undefined || t.name === q.name) &&
				(q.tune_type === undefined || q.tune_type === 'lora_tune') &&
				(q.base_checkpoint_id === undefined || [t.checkpoint.id, t.details.base_checkpoint.checkpoint_id].includes(q.base_checkpoint_id)) &&
				(q.trigger_words === undefined || t.details.trigger_words.some((w) => q.trigger_words!.includes(w))) &&
				(q.engine === undefined || t.checkpoint.engine === q.engine),
		);
		const data = matching.slice(q.offset, q.offset + q.limit).map((t) => this.view(t, now));
		return { data, total: matching.length, has_more: q.offset + data.length < matching.length };
	}

	status(t: TuneRecord, now: number): TuneStatus {
		if (t.cancelledAt !== undefined) return 'cancelled';
		if (now < t.startAt) return 'pending';
		if (t.outcome.status === 'failed' && t.outcome.atStart) return 'failed';
		return now < t.endAt ? 'running' : t.outcome.status;
	}

	/** Cancels a pending or running tune; false when it has already finished. */
	cancel(t: TuneRecord, now: number): boolean {
		const status = this.status(t, now);
		if (status !== 'pending' && status !== 'running') return false;
		t.cancelledAt = now;
		return true;
	}

	delete(t: TuneRecord, now: number): void {
		t.deletedAt = now;
	}

	/** Adds the LoRA of every tune that has succeeded by `now` (once), created at the tune's end. */
	settle(now: number): void {
		for (const t of this.tunes) this.settleTune(t, now);
	}

	private settleTune(t: TuneRecord, now: number): void {
		if (t.outputLoraId !== undefined || t.outcome.status !== 'succeeded' || t.cancelledAt !== undefined || t.deletedAt !== undefined) return;
		if (now < t.endAt) return;
		t.outputLoraId = this.addLora(t).id;
	}

	/**
	 * The Tune object of the reference (§5), as of `now`. The tune is settled as of the same `now`
	 * first: a request's earlier settle read the clock before this view did, and a tune that ended
	 * in between must not show `succeeded` without its LoRA.
	 */
	view(t: TuneRecord, now: number) {
		this.settleTune(t, now);
		const status = this.status(t, now);
		const iso = (ms: number) => new Date(ms).toISOString();
		const changedAt = { pending: t.createdAt, running: t.startAt, succeeded: t.endAt, failed: failedAt(t), cancelled: t.cancelledAt ?? t.createdAt }[status];
		const outputs = t.outputLoraId === undefined ? [] : [t.outputLoraId];
		return {
			id: t.id,
			name: t.name,
			description: t.description,
			details: t.details,
			tune_type: 'lora_tune',
			status,
			status_details: status === 'failed' && t.outcome.status === 'failed' ? t.outcome.details : status === 'cancelled' ? 'Cancelled on request' : '',
			tenant_id: t.tenant.uuid,
			output_lora_ids: outputs,
			created_at: iso(t.createdAt),
			updated_at: iso(changedAt),
			...(status === 'succeeded' && { succeeded_at: iso(t.endAt) }),
			result: {
				number_of_available_assets: t.usable.length,
				output_assets: outputs,
				rejected_assets: t.rejected,
				unready_assets: status === 'pending' ? t.files.filter((f) => f.readyAt > now).map((f) => f.id) : [],
			},
		};
	}

	private addLora(t: TuneRecord): AssetRecord {
		const base = t.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, ASSET_NAME_MAX - 4) || 'lora';
		const trigger = t.details.trigger_words[0];
		const header = JSON.stringify({ __metadata__: { tune_id: t.id, base_checkpoint: t.checkpoint.name, trigger_word: trigger } });
		const length = Buffer.alloc(8);
		length.writeBigUInt64LE(BigInt(Buffer.byteLength(header)));
		return this.assets.addReady(
			t.tenant,
			{
				name: this.assets.freeName(t.tenant, base),
				assetType: 'lora',
				data: { asset_type: 'lora', engine: t.checkpoint.engine, data_type: 'fp16', file_format: 'safetensors', checkpoint: t.checkpoint.name, trigger_words: [trigger] },
				description: `LoRA trained by tune ${t.id}: ${t.details.steps} steps on ${t.usable.length} image(s)`,
				bytes: Buffer.concat([length, Buffer.from(header)]),
			},
			t.endAt,
		);
	}
}

function outcomeOf(input: NewTune, usable: AssetRecord[], unusable: AssetRecord[]): Outcome {
	const why = (f: AssetRecord) => (f.verdict?.status === 'rejected' ? `${f.id} (rejected: ${f.verdict.details})` : `${f.id} (not an image)`);
	if (unusable.length > 0 && !input.continueOnRejection) {
		return { status: 'failed', atStart: true, details: `Files not usable for training: ${unusable.map(why).join('; ')}. Set continue_on_rejection to train on the others.` };
	}
	if (usable.length === 0) return { status: 'failed', atStart: true, details: `No usable image among the files: ${unusable.map(why).join('; ')}` };
	if (input.name.toLowerCase().includes(FAILING_TUNE_WORD)) {
		return { status: 'failed', atStart: false, details: `Training failed (the emulator fails every tune whose name contains "${FAILING_TUNE_WORD}")` };
	}
	return { status: 'succeeded' };
}

function failedAt(t: TuneRecord): number {
	return t.outcome.status === 'failed' && t.outcome.atStart ? t.startAt : t.endAt;
}
