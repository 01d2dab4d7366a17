import { randomUUID } from 'node:crypto';

import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeListSearchResult, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data.cts';
import { HarnessCredentialsHelper, type CredentialStore } from './credentials-helper.cts';
import { getEngine } from './engine.cts';

export interface ListSearchOptions {
	credentials: CredentialStore;
	/** The node's credentials reference, e.g. `{ octoAiApi: { id, name } }`. */
	nodeCredentials: INode['credentials'];
	parameters?: INodeParameters;
	filter?: string;
	paginationToken?: string;
}

/**
 * Calls a node's listSearch method the way the n8n editor's backend does when a user opens a
 * resource-locator dropdown: a one-node workflow, a LoadOptionsContext for the parameter, and the
 * method called with the typed filter and the page token.
 */
export async function runListSearch(
	nodeType: string,
	method: string,
	options: ListSearchOptions,
): Promise<INodeListSearchResult> {
	const engine = await getEngine();
	const node: INode = {
		id: randomUUID(),
		name: 'Node',
		type: nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: options.nodeCredentials,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: engine.registry,
	});
	const type = engine.registry.getByNameAndVersion(nodeType, 1);
	const search = type.methods?.listSearch?.[method];
	if (!search) throw new Error(`${nodeType} has no listSearch method "${method}"`);
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(engine.registry, structuredClone(options.credentials)),
	});
	const context = new LoadOptionsContext(workflow, workflow.getNode('Node')!, additionalData, 'parameters');
	return await search.call(context, options.filter, options.paginationToken);
}
