/**
 * Wire shapes of the platform API's asset library and fine-tuning endpoints (reference §4 and §5),
 * as far as the nodes read them. Fields the nodes only pass through stay in the index signature.
 */

export type AssetStatus = 'ready_to_upload' | 'uploading' | 'uploaded' | 'ready' | 'rejected' | 'error' | 'deleted';

export interface AssetData {
	asset_type: string;
	engine?: string;
	data_type?: string;
	file_format?: string;
	trigger_words?: string[];
	[key: string]: unknown;
}

export interface Asset {
	id: string;
	name: string;
	asset_type: string;
	data: AssetData;
	description?: string;
	status: AssetStatus;
	/** Text as OctoAI sends it; read through answerText, since a foreign server may send anything. */
	status_details?: unknown;
	is_public?: boolean;
	[key: string]: unknown;
}

export type TransferApi =
	| { type: 'presigned-url'; put_url: string; get_url: string }
	| { type: 'sts' | 'gcp-oauth' | 'none'; [key: string]: unknown };

/** `CreateAssetResponse` and `RetrieveAssetResponse`. */
export interface AssetResponse {
	asset: Asset;
	transfer_api?: TransferApi;
}

export interface CreateAssetRequest {
	name: string;
	asset_type: string;
	data: AssetData;
	/** Required by the service's export, and nullable: createAsset sends null when there is none. */
	description?: string | null;
	url?: string;
	transfer_api_type?: 'presigned-url';
}

export type TuneStatus = 'pending' | 'running' | 'succeeded' | 'cancelled' | 'failed';

export interface LoraTuneDetails {
	tune_type: 'lora_tune';
	base_checkpoint: { checkpoint_id: string; engine?: string; name?: string };
	files: Array<{ file_id: string; caption?: string }>;
	steps: number;
	trigger_words: string[];
	seed?: number;
	resize_images?: boolean;
}

export interface CreateTuneRequest {
	name: string;
	description?: string;
	details: LoraTuneDetails;
}

export interface Tune {
	id: string;
	name: string;
	status: TuneStatus;
	/** Read through answerText, as the asset's. */
	status_details?: unknown;
	output_lora_ids?: string[];
	details?: Partial<LoraTuneDetails> & { tune_type?: string };
	[key: string]: unknown;
}

/** One page of a list endpoint (`/v1/assets`, `/v1/tunes`). */
export interface Page<T> {
	data: T[];
	has_more: boolean;
	total?: number;
}
