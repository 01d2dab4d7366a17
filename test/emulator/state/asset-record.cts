// The asset library's record types: an asset as the API returns it, as the emulator keeps it, and the
// parsed list query and create request (reference §4).
import type { AssetStatus, AssetType } from '../rules/asset-enums.cts';

/** `data` of an asset: the CreateAssetRequest variant selected by `asset_type` (reference §4). */
export interface AssetData {
	asset_type: AssetType;
	engine?: string;
	data_type?: string;
	file_format?: string;
	checkpoint?: string;
	trigger_words?: string[];
	preview_url?: string;
	version?: string;
}

/** An asset as the API returns it (reference §4, `Asset`). */
export interface Asset {
	id: string;
	name: string;
	asset_type: AssetType;
	data: AssetData;
	description: string;
	created_at: string;
	size_bytes: number;
	status: AssetStatus;
	status_details: string;
	tenant_uuid: string;
	is_public: boolean;
	file_structure: 'single_file';
	url?: string;
	hf_repo?: string;
}

/** How the asset's file arrives: through the emulator's presigned URL, (fake) STS or GCS keys, or by download. */
export type Transfer = 'presigned-url' | 'sts' | 'gcp-oauth' | 'none';

/** Everything the emulator keeps about an asset; `view` turns it into the wire shape. */
export interface AssetRecord {
	seq: number;
	id: string;
	/** `octoai:<name>` for public assets, the bare name for private ones. */
	name: string;
	owner: string;
	tenantUuid: string;
	isPublic: boolean;
	assetType: AssetType;
	data: AssetData;
	description: string;
	createdAt: number;
	transfer: Transfer;
	url?: string;
	hfRepo?: string;
	skipValidation: boolean;
	signatures: { put: string; get: string };
	bytes?: Buffer;
	/** Size of seeded assets, which have no bytes. */
	nominalSize: number;
	/** When complete-upload (or the download of `url`) happened. */
	completedAt?: number;
	/** When the verdict becomes visible; until then the status is `uploaded`. */
	readyAt?: number;
	verdict?: { status: 'ready' | 'rejected'; details: string };
	/** Format of a `file` asset that is an image (fine-tuning takes only those). */
	image?: string;
	deletedAt?: number;
}

/** Query of GET /v1/assets after parsing; every filter optional. */
export interface AssetQuery {
	limit: number;
	offset: number;
	name?: string;
	owner?: string;
	asset_type?: string[];
	engine?: string[];
	/** `text`, `image`, `audio` or `video`: the prefix of the asset's engine. */
	engine_type?: string;
	data_type?: string;
	is_public?: boolean;
	file_format?: string[];
	asset_ids?: string[];
}

export interface AssetPage {
	data: Asset[];
	total: number;
	has_more: boolean;
}

/** What a new private asset is made from (a validated CreateAssetRequest). */
export interface NewAsset {
	name: string;
	assetType: AssetType;
	data: AssetData;
	description?: string;
	transfer: Transfer;
	url?: string;
	hfRepo?: string;
	skipValidation?: boolean;
}
