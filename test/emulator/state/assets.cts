// The asset library of one emulator instance: the public `octoai:` seed, visible to every tenant,
// and each tenant's private assets. Status is computed from timestamps when read, so no timer runs.
import { newId, newSignature } from '../core/ids.cts';
import type { AssetStatus, AssetType } from '../rules/asset-enums.cts';
import { PUBLIC_ASSETS, PUBLIC_OWNER, PUBLIC_TENANT_UUID, publicControlnet } from '../rules/asset-library.cts';
import type { Tenant } from './tenants.cts';
import type { AssetLookup } from '../validation/asset-refs.cts';
import { inspectUpload } from '../validation/asset-files.cts';
import type { Asset, AssetPage, AssetQuery, AssetRecord, NewAsset } from './asset-record.cts';

const SEED_SIZES: Partial<Record<AssetType, number>> = { checkpoint: 6_938_040_682, vae: 334_643_268, lora: 228_463_142 };

export class AssetStore {
	private readonly records: AssetRecord[];
	private seq = 0;

	/** `readyMs`: how long an asset stays `uploaded` after its upload completes. */
	constructor(private readonly readyMs: number) {
		this.records = PUBLIC_ASSETS.map((row, i) => {
			const createdAt = Date.UTC(2024, 0, 10 + i);
			return {
				seq: ++this.seq,
				id: `asset_01HPUB${String(i + 1).padStart(20, '0')}`,
				name: `${PUBLIC_OWNER}:${row.name}`,
				owner: PUBLIC_OWNER,
				tenantUuid: PUBLIC_TENANT_UUID,
				isPublic: true,
				assetType: row.type,
				data: { asset_type: row.type, engine: row.engine, data_type: 'fp16', file_format: 'safetensors', ...(row.trigger_words && { trigger_words: row.trigger_words }) },
				description: row.description,
				createdAt,
				transfer: 'none',
				skipValidation: false,
				signatures: { put: newSignature(), get: newSignature() },
				nominalSize: SEED_SIZES[row.type] ?? 131_411,
				completedAt: createdAt,
				readyAt: createdAt,
				verdict: { status: 'ready', details: '' },
			};
		});
	}

	/** One page of what the tenant sees (public, then its own), filtered; deleted assets never listed. */
	list(tenant: Tenant, query: AssetQuery, now: number): AssetPage {
		const visible = this.records.filter((r) => r.deletedAt === undefined && (r.isPublic || r.tenantUuid === tenant.uuid));
		const matching = visible.filter((r) => matches(r, query)).sort(listOrder);
		const data = matching.slice(query.offset, query.offset + query.limit).map((r) => this.view(r, now));
		return { data, total: matching.length, has_more: query.offset + data.length < matching.length };
	}

	/** By id (deleted ones too, so their status can be read), else by name as {@link byName} resolves it. */
	byRef(tenant: Tenant, ref: string): AssetRecord | undefined {
		return this.byId(tenant, ref) ?? this.byName(tenant, ref);
	}

	/** An asset the tenant can see, by id. */
	byId(tenant: Tenant, id: string): AssetRecord | undefined {
		return this.records.find((r) => r.id === id && (r.isPublic || r.tenantUuid === tenant.uuid));
	}

	/**
	 * A live asset by name: `octoai:<name>` (public), `<owner>:<name>` when owner is the caller's
	 * tenant, or a bare name: the caller's private asset of that name, else the public one (clients
	 * named public assets without the prefix too). Another tenant's assets are not found.
	 */
	byName(tenant: Tenant, ref: string): AssetRecord | undefined {
		const colon = ref.indexOf(':');
		if (colon === -1) return this.ownByName(tenant, ref) ?? this.publicByName(ref);
		const owner = ref.slice(0, colon);
		const bare = ref.slice(colon + 1);
		if (owner === PUBLIC_OWNER) return this.publicByName(bare);
		return owner === tenant.name ? this.ownByName(tenant, bare) : undefined;
	}

	private publicByName(bare: string): AssetRecord | undefined {
		return this.records.find((r) => r.isPublic && r.name === `${PUBLIC_OWNER}:${bare}`);
	}

	/** The tenant's live private asset of that name (names are unique per tenant). */
	private ownByName(tenant: Tenant, name: string): AssetRecord | undefined {
		return this.records.find((r) => !r.isPublic && r.deletedAt === undefined && r.tenantUuid === tenant.uuid && r.name === name);
	}

	/** Any asset by id, whatever its tenant: the presigned upload URLs are authorized by signature alone. */
	forTransfer(id: string): AssetRecord | undefined {
		return this.records.find((r) => r.id === id && !r.isPublic);
	}

	/** A new private asset of the tenant, or undefined when the tenant already has a live asset of that name. */
	create(tenant: Tenant, input: NewAsset, now: number): AssetRecord | undefined {
		if (this.ownByName(tenant, input.name)) return undefined;
		const record: AssetRecord = {
			seq: ++this.seq,
			id: newId('asset'),
			name: input.name,
			owner: tenant.name,
			tenantUuid: tenant.uuid,
			isPublic: false,
			assetType: input.assetType,
			data: input.data,
			description: input.description ?? '',
			createdAt: now,
			transfer: input.transfer,
			url: input.url,
			hfRepo: input.hfRepo,
			skipValidation: input.skipValidation ?? false,
			signatures: { put: newSignature(), get: newSignature() },
			nominalSize: 0,
		};
		this.records.push(record);
		return record;
	}

	/** First of `base`, `base-2`, `base-3`... that the tenant does not use. */
	freeName(tenant: Tenant, base: string): string {
		let name = base;
		for (let n = 2; this.ownByName(tenant, name); n++) name = `${base}-${n}`;
		return name;
	}

	/**
	 * Marks the upload complete at `now` and inspects the file: `bytes` as uploaded, or the reason the
	 * file never arrived. The verdict shows after `readyMs`; until then the status is `uploaded`.
	 */
	async complete(record: AssetRecord, file: { bytes: Buffer } | { failed: string }, skipValidation: boolean, now: number): Promise<void> {
		record.completedAt = now;
		if ('failed' in file) {
			record.verdict = { status: 'rejected', details: file.failed };
		} else {
			record.bytes = file.bytes;
			const inspection = await inspectUpload(record.assetType, record.data.file_format, file.bytes);
			if ('problem' in inspection && !(skipValidation || record.skipValidation)) {
				record.verdict = { status: 'rejected', details: `The uploaded file ${inspection.problem}.` };
			} else {
				record.verdict = { status: 'ready', details: '' };
				if ('ok' in inspection) record.image = inspection.image;
			}
		}
		record.readyAt = now + this.readyMs;
	}

	/** A private asset that is ready at once (a fine-tuned LoRA). */
	addReady(tenant: Tenant, input: Omit<NewAsset, 'transfer'> & { bytes: Buffer }, at: number): AssetRecord {
		const record = this.create(tenant, { ...input, transfer: 'none' }, at)!;
		Object.assign(record, { bytes: input.bytes, completedAt: at, readyAt: at, verdict: { status: 'ready', details: '' } });
		return record;
	}

	delete(record: AssetRecord, now: number): void {
		record.deletedAt = now;
	}

	status(record: AssetRecord, now: number): AssetStatus {
		if (record.deletedAt !== undefined) return 'deleted';
		if (record.verdict && record.readyAt !== undefined && now >= record.readyAt) return record.verdict.status;
		return record.completedAt !== undefined ? 'uploaded' : 'ready_to_upload';
	}

	/** The asset in the wire shape, its status as of `now`. */
	view(record: AssetRecord, now: number): Asset {
		const status = this.status(record, now);
		return {
			id: record.id,
			name: record.name,
			asset_type: record.assetType,
			data: record.data,
			description: record.description,
			created_at: new Date(record.createdAt).toISOString(),
			size_bytes: record.bytes?.length ?? record.nominalSize,
			status,
			status_details: status === 'rejected' ? record.verdict!.details : '',
			tenant_uuid: record.tenantUuid,
			is_public: record.isPublic,
			file_structure: 'single_file',
			...(record.url !== undefined && { url: record.url }),
			...(record.hfRepo !== undefined && { hf_repo: record.hfRepo }),
		};
	}

	/**
	 * How generation resolves an asset reference for this tenant: a public ControlNet (with or without
	 * `octoai:`), else a visible asset by id (`asset_...`, as OctoAI's guides used them) or by name.
	 */
	lookup(tenant: Tenant, now: number): AssetLookup {
		return (ref) => {
			const controlnet = publicControlnet(ref);
			if (controlnet) return { kind: 'controlnet', engine: controlnet, status: 'ready' };
			const record = this.byRef(tenant, ref);
			return record && { kind: record.assetType, engine: record.data.engine, status: this.status(record, now) };
		};
	}
}

function matches(r: AssetRecord, q: AssetQuery): boolean {
	const bare = r.isPublic ? r.name.slice(PUBLIC_OWNER.length + 1) : r.name;
	if (q.name !== undefined && q.name !== bare && q.name !== `${r.owner}:${bare}`) return false;
	if (q.owner !== undefined && q.owner !== r.owner) return false;
	if (q.asset_type && !q.asset_type.includes(r.assetType)) return false;
	if (q.engine && !(r.data.engine !== undefined && q.engine.includes(r.data.engine))) return false;
	if (q.engine_type !== undefined && !r.data.engine?.startsWith(`${q.engine_type}/`)) return false;
	if (q.data_type !== undefined && r.data.data_type !== q.data_type) return false;
	if (q.is_public !== undefined && r.isPublic !== q.is_public) return false;
	if (q.file_format && !(r.data.file_format !== undefined && q.file_format.includes(r.data.file_format))) return false;
	return !(q.asset_ids && !q.asset_ids.includes(r.id));
}

/** Public assets first, by name (case-insensitively), then private ones in creation order. */
function listOrder(a: AssetRecord, b: AssetRecord): number {
	if (a.isPublic !== b.isPublic) return a.isPublic ? -1 : 1;
	if (a.isPublic) return compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(a.name, b.name);
	return a.createdAt - b.createdAt || a.seq - b.seq;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
