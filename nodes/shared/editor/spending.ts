import type { INodeProperties } from 'n8n-workflow';

import { SPENDING_LIMITS } from '../run/spending-guard';

// Plain identifiers: n8n's lint reads `default` statically.
const defaultMaxImages = 100;
const defaultMaxCost = 1;

/** The spending guard's two options, checked for the whole run before the first request. */
export function spendingProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Max Images per Run',
			name: 'maxImagesPerRun',
			type: 'number',
			typeOptions: { minValue: SPENDING_LIMITS.maxImagesPerRun.min },
			default: defaultMaxImages,
			description:
				'Fail before sending anything when all input items together would ask for more images (or videos) than this',
		},
		{
			displayName: 'Max Estimated Cost per Run (USD)',
			name: 'maxCostPerRun',
			type: 'number',
			typeOptions: { minValue: SPENDING_LIMITS.maxCostPerRun.min, numberPrecision: 4 },
			default: defaultMaxCost,
			description:
				"Fail before sending anything when the run's estimated cost (from OctoAI's published prices) is higher; a run with no published price fails too, since its cost cannot be checked",
		},
	];
}
