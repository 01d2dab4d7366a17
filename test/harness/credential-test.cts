import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data.cts';
import { HarnessCredentialsHelper } from './credentials-helper.cts';
import type { Engine } from './engine.cts';
import { getEngine } from './engine.cts';
import type { LogEntry } from './log-capture.cts';
import { withLogScope } from './log-capture.cts';

const CREDENTIAL_ID = 'credential-under-test';

/** n8n's test result, plus what was logged while testing. */
export type CredentialTestResult = INodeCredentialTestResult & { logs: LogEntry[] };

type TestDefinition = { request: ICredentialTestRequest; nodeType?: INodeType } | { fn: ICredentialTestFunction };

/**
 * Tests credential data the way the n8n app's "Test" button does: defaults and expressions
 * applied to the data, then either the credential type's `test` request (or a node's `testedBy`
 * request) sent over HTTP through n8n's routing node with `authenticate` applied and the `rules`
 * checked, or a node's `testedBy` function called.
 */
export async function testCredential(typeName: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const engine = await getEngine();
	const logs: LogEntry[] = [];
	const result = await withLogScope(logs, async (): Promise<INodeCredentialTestResult> => {
		const definition = findTestDefinition(engine, typeName);
		if (!definition) return { status: 'Error', message: 'No testing function found for this credential.' };

		const helper = new HarnessCredentialsHelper(engine.registry, { [typeName]: { [CREDENTIAL_ID]: data } });
		const additionalData = buildAdditionalData({ credentialsHelper: helper });
		let credentials: ICredentialsDecrypted;
		try {
			const resolved = await helper.applyDefaults(additionalData, structuredClone(data), typeName, 'internal');
			credentials = { id: CREDENTIAL_ID, name: 'Credential under test', type: typeName, data: resolved };
		} catch (error) {
			return { status: 'Error', message: String((error as Error).message) };
		}

		if ('fn' in definition) {
			return await definition.fn.call(new CredentialTestContext(additionalData), credentials);
		}
		return await runTestRequest(definition.request, typeName, credentials, additionalData, definition.nodeType);
	});
	return { ...result, logs };
}

async function runTestRequest(
	testRequest: ICredentialTestRequest,
	typeName: string,
	credentials: ICredentialsDecrypted,
	additionalData: ReturnType<typeof buildAdditionalData>,
	baseNodeType?: INodeType,
): Promise<INodeCredentialTestResult> {
	// As in n8n: a throwaway node whose only field routes the test request, named like the NoOp
	// node so a credential's preAuthentication can tell it is being tested.
	const description = baseNodeType?.description;
	const nodeType: INodeType = {
		description: {
			displayName: description?.displayName ?? 'No Operation',
			name: description?.name ?? 'n8n-nodes-base.noOp',
			group: description?.group ?? ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: { id: CREDENTIAL_ID, name: credentials.name } },
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		// With the VM expression engine, expressions only evaluate while the workflow holds an isolate.
		response = await workflow.expression.withIsolate(async () => await new RoutingNode(context, nodeType, credentials).runNode());
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			const rule = testRequest.rules?.find((r) => r.type === 'responseCode' && r.properties.value === status);
			if (rule) return { status: 'Error', message: String(rule.properties.message) };
			if (status < 199 || status > 299) {
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		const value = rule.properties.key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], body);
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** The credential type's own `test`, else the first `testedBy` of a node that uses the type. */
function findTestDefinition(engine: Engine, typeName: string): TestDefinition | undefined {
	const type = engine.registry.credentialType(typeName);
	if (type.test) return { request: type.test };
	for (const nodeTypeName of engine.registry.supportedNodes(typeName)) {
		const nodeType = engine.registry.getByName(nodeTypeName);
		const versions = 'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
		for (const version of versions.reverse()) {
			const testedBy = version.description.credentials?.find((c) => c.name === typeName)?.testedBy;
			if (typeof testedBy === 'string') {
				const fn = version.methods?.credentialTest?.[testedBy];
				if (fn) return { fn };
			} else if (testedBy) {
				return { request: testedBy, nodeType: NodeHelpers.getVersionedNodeType(nodeType) };
			}
		}
	}
	return undefined;
}
