// Query parameters of the list endpoints (reference §4 `assetLibrary.list`, §5 `fineTuning.list`).
// Parameters not listed here are ignored, as FastAPI does.
import { ASSET_TYPES, BASE_ENGINE_TYPES, BASE_ENGINES, DATA_TYPES, FILE_EXTENSIONS, FILE_FORMATS, TUNE_BASE_ENGINES, TUNE_TYPES } from './asset-enums.cts';
import type { Range } from './values.cts';

/** One query parameter. `list` ones may repeat (`?a=x&a=y`); `split` also splits each value on a comma. */
export type QueryParam =
	| { name: string; type: 'int'; default: number; range: Range }
	| { name: string; type: 'bool' }
	| { name: string; type: 'string' }
	| { name: string; type: 'enum'; values: readonly string[] }
	| { name: string; type: 'enumList'; values: readonly string[] }
	| { name: string; type: 'stringList'; split?: string };

const PAGE: QueryParam[] = [
	{ name: 'limit', type: 'int', default: 100, range: { ge: 1, le: 1000 } },
	{ name: 'offset', type: 'int', default: 0, range: { ge: 0 } },
];

export const ASSET_LIST_QUERY: QueryParam[] = [
	...PAGE,
	{ name: 'name', type: 'string' },
	{ name: 'owner', type: 'string' },
	{ name: 'is_public', type: 'bool' },
	{ name: 'data_type', type: 'enum', values: DATA_TYPES },
	{ name: 'engine_type', type: 'enum', values: BASE_ENGINE_TYPES },
	{ name: 'asset_type', type: 'enumList', values: ASSET_TYPES },
	{ name: 'engine', type: 'enumList', values: BASE_ENGINES },
	// "a FileFormat or FileExtension value"
	{ name: 'file_format', type: 'enumList', values: [...FILE_FORMATS, ...FILE_EXTENSIONS] },
	// "one string; format not stated": comma-separated ids, and repeating the parameter works too.
	{ name: 'asset_ids', type: 'stringList', split: ',' },
	// Accepted and ignored: the emulator has no preview images.
	{ name: 'get_preview_urls', type: 'bool' },
];

export const TUNE_LIST_QUERY: QueryParam[] = [
	...PAGE,
	{ name: 'name', type: 'string' },
	{ name: 'tune_type', type: 'enum', values: TUNE_TYPES },
	{ name: 'base_checkpoint_id', type: 'string' },
	{ name: 'trigger_words', type: 'stringList' },
	{ name: 'engine', type: 'enum', values: TUNE_BASE_ENGINES },
];

/** `transfer_api_type` of GET /v1/assets/{id}. */
export const ASSET_GET_QUERY: QueryParam[] = [{ name: 'transfer_api_type', type: 'enum', values: ['presigned-url', 'sts', 'gcp-oauth', 'any'] }];
