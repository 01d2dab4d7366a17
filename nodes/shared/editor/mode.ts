import type { INodeProperties } from 'n8n-workflow';

import type { EngineSpec } from '../fields/engines';
import { engineModes } from '../fields/registry';
import { DEFAULT_MODE, MODES } from '../fields/registry/modes';

/** The mode selector: the modes the engine offers (those whose fields it takes). */
export function modeProperty(engine: EngineSpec): INodeProperties {
	const offered = new Set<string>(engineModes(engine));
	return {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: DEFAULT_MODE,
		options: MODES.filter((mode) => offered.has(mode.value))
			.map(({ name, value, description }) => ({ name, value, description }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
