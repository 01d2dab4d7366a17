// Request bodies of the asset library (reference §4 CreateAssetRequest, CompleteAssetUploadRequest),
// as value rules; unknown keys are rejected as in the generation validator.
import { ASSET_TYPES, BASE_ENGINES, DATA_TYPES, FILE_EXTENSIONS, FILE_FORMATS, TRANSFER_API_TYPES } from './asset-enums.cts';
import type { BodyRule, ObjectField, ObjectSpec, ValueSpec } from './values.cts';

/**
 * Private asset names: the older client's `^[a-zA-Z0-9_-]*$`, non-empty and at most 64 characters.
 * No colon, so `<owner>:<name>` is never ambiguous.
 */
export const ASSET_NAME_PATTERN = '^[a-zA-Z0-9_-]+$';
export const ASSET_NAME_MAX = 64;

const ENGINE: ObjectField = { name: 'engine', type: 'enum', values: BASE_ENGINES, required: true };
const DATA_TYPE: ObjectField = { name: 'data_type', type: 'enum', values: DATA_TYPES };
const FILE_FORMAT: ObjectField = { name: 'file_format', type: 'enum', values: FILE_FORMATS };
const TRIGGER_WORDS: ObjectField = { name: 'trigger_words', type: 'list', items: { type: 'string', minLength: 1 } };

const model = (...extra: ObjectField[]): ObjectSpec => ({ type: 'object', fields: [ENGINE, DATA_TYPE, FILE_FORMAT, ...extra] });

/** `data`, selected by `data.asset_type`; `engine` is required in every variant except `file`. */
export const ASSET_DATA: ValueSpec = {
	type: 'union',
	tag: 'asset_type',
	variants: {
		checkpoint: model(),
		lora: model({ name: 'checkpoint', type: 'string' }, TRIGGER_WORDS),
		textual_inversion: model(TRIGGER_WORDS),
		vae: model(),
		latent: { type: 'object', fields: [ENGINE, FILE_FORMAT] },
		file: {
			type: 'object',
			fields: [
				{ name: 'file_format', type: 'enum', values: FILE_EXTENSIONS },
				{ name: 'preview_url', type: 'string' },
				{ name: 'version', type: 'string' },
			],
		},
	},
};

export const CREATE_ASSET_REQUEST: ObjectSpec = {
	type: 'object',
	fields: [
		{ name: 'name', type: 'string', required: true, minLength: 1, maxLength: ASSET_NAME_MAX, pattern: ASSET_NAME_PATTERN },
		{ name: 'asset_type', type: 'enum', values: ASSET_TYPES, required: true },
		{ name: 'data', ...ASSET_DATA, required: true },
		// Required and nullable in the export (CreateAssetRequest): null when there is none.
		{ name: 'description', type: 'string', presentNullable: true },
		{ name: 'is_public', type: 'boolean' },
		{ name: 'url', type: 'string', minLength: 1 },
		{ name: 'hf_repo', type: 'string', minLength: 1 },
		{ name: 'hf_token_secret', type: 'string' },
		{ name: 'skip_validation', type: 'boolean' },
		{ name: 'transfer_api_type', type: 'enum', values: TRANSFER_API_TYPES },
	],
};

/** Rules across fields of a CreateAssetRequest that passed its value rules; each yields a value_error. */
export const CREATE_ASSET_RULES: BodyRule[] = [
	{
		loc: ['body', 'data', 'asset_type'],
		broken: (b) => (b.data as { asset_type: unknown }).asset_type !== b.asset_type,
		msg: 'data.asset_type must equal asset_type',
	},
	{
		loc: ['body', 'is_public'],
		broken: (b) => b.is_public === true,
		msg: 'only the octoai library is public; private assets are created with is_public false or absent',
	},
	{ loc: ['body', 'url'], broken: (b) => typeof b.url === 'string' && !/^https?:\/\//i.test(b.url), msg: 'url must be an http or https URL' },
	{ loc: ['body', 'hf_repo'], broken: (b) => b.url != null && b.hf_repo != null, msg: 'give either url or hf_repo, not both' },
];

export const COMPLETE_UPLOAD_REQUEST: ObjectSpec = {
	type: 'object',
	fields: [
		{ name: 'skip_validation', type: 'boolean' },
		// "Unused" in the SDK; accepted so its requests pass.
		{ name: 'token', type: 'string' },
	],
};
