// The fine-tuning request body (reference §5 CreateTuneRequest) as value rules. Only `lora_tune` is
// served: the other tune types train speech models, outside an image API emulator.
import { TUNE_BASE_ENGINES } from './asset-enums.cts';
import type { ObjectSpec } from './values.cts';

export const CREATE_TUNE_REQUEST: ObjectSpec = {
	type: 'object',
	fields: [
		{ name: 'name', type: 'string', required: true, minLength: 1, maxLength: 128 },
		{ name: 'description', type: 'string' },
		{ name: 'continue_on_rejection', type: 'boolean' },
		{
			name: 'details',
			required: true,
			type: 'union',
			tag: 'tune_type',
			variants: {
				lora_tune: {
					type: 'object',
					fields: [
						{
							name: 'base_checkpoint',
							required: true,
							type: 'object',
							fields: [
								{ name: 'checkpoint_id', type: 'string', required: true, minLength: 1 },
								{ name: 'engine', type: 'enum', values: TUNE_BASE_ENGINES },
								{ name: 'name', type: 'string' },
							],
						},
						{
							name: 'files',
							required: true,
							type: 'list',
							minItems: 1,
							items: {
								type: 'object',
								fields: [
									{ name: 'file_id', type: 'string', required: true, minLength: 1 },
									{ name: 'caption', type: 'string' },
								],
							},
						},
						{ name: 'steps', type: 'integer', required: true, range: { gt: 0 } },
						// "only one supported"
						{ name: 'trigger_words', type: 'list', required: true, minItems: 1, maxItems: 1, items: { type: 'string', minLength: 1 } },
						{ name: 'seed', type: 'integer', range: { ge: 0, lt: 2 ** 32 } },
						{ name: 'resize_images', type: 'boolean' },
					],
				},
			},
		},
	],
};
