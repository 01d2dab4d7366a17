import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME } from '../http/credential-test';
import type { EngineSpec } from '../fields/engines';
import { engineProperties } from './';
import { AUTO_CONCURRENCY_VERSION } from '../http/concurrency';
import { CREDENTIAL_TYPE } from '../http/api-credential';

/**
 * The node description of an engine node, generated from its row of the engine table. Icon,
 * subtitle and usableAsTool are left to each node file, where n8n's lint reads them statically.
 */
export function engineNodeDescription(engine: EngineSpec): Omit<INodeTypeDescription, 'icon' | 'subtitle' | 'usableAsTool'> {
	return {
		displayName: engine.displayName,
		name: engine.nodeName,
		group: ['transform'],
		// 1.1: Concurrency left out means Auto (version 1 keeps 4 at once, as saved workflows expect).
		version: [1, AUTO_CONCURRENCY_VERSION],
		defaultVersion: AUTO_CONCURRENCY_VERSION,
		description: engine.description,
		defaults: { name: engine.displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: CREDENTIAL_TEST_NAME }],
		properties: engineProperties(engine),
	};
}
