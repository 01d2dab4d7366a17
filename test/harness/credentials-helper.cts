import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, UserError, Workflow, isExpression } from 'n8n-workflow';

import type { PackageRegistry } from './package-registry.cts';

/** Decrypted credential data by credential type, then by credential id (what nodes reference as `{id, name}`). */
export type CredentialStore = Record<string, Record<string, ICredentialDataDecryptedObject>>;

/** A one-node workflow to evaluate credential expressions in when no run is at hand (n8n does the same). */
const resolverNode: INode = {
	id: 'credential-resolver',
	name: '',
	type: 'harness.credentialResolver',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const resolverNodeType = { description: { properties: [] } } as unknown as INodeType;
const resolverNodeTypes: INodeTypes = {
	getByName: () => resolverNodeType,
	getByNameAndVersion: () => resolverNodeType,
	getKnownTypes: () => ({}),
};

/**
 * n8n's `ICredentialsHelper`, backed by an in-memory store instead of the database, applying
 * credentials the way the n8n app does: defaults from the credential type's fields, expressions
 * in stored values resolved, the generic `authenticate` block resolved against `$credentials` and
 * merged into the request, `preAuthentication` for types with an expirable field.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly registry: PackageRegistry,
		private readonly store: CredentialStore,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.registry.parentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.registry.recognizesCredential(credentialType)) return true;
		const type = this.registry.credentialType(credentialType);
		if (!type.restrictToSupportedNodes) return true;
		return this.registry.supportedNodes(credentialType).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.registry.credentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) {
				throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
			}
			requestOptions.headers ??= {};
			const keys: IWorkflowDataProxyAdditionalKeys = { $credentials: credentials };
			// Each block (headers, qs, body, auth) is merged key by key, both keys and values may be expressions.
			for (const [block, entries] of Object.entries(authenticate.properties)) {
				const target = requestOptions as unknown as Record<string, Record<string, string> | undefined>;
				const merged = (target[block] ??= {});
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					merged[resolveString(key, keys, workflow, node)] = resolveString(value, keys, workflow, node);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.registry.credentialType(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const isCredentialTest = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isCredentialTest) return undefined;

		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (reference) {
			const stored = this.stored(reference, typeName);
			await this.updateCredentials(reference, typeName, { ...stored, ...output });
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.registry.credentialType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return ((await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const credentials = new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
		await credentials.setData(this.stored(nodeCredentials, type));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = structuredClone(this.stored(nodeCredentials, type));
		if (raw === true) return data;
		return await this.applyDefaults(additionalData, data, type, mode, executeData, expressionResolveValues);
	}

	/**
	 * Fills in the credential type's defaults and resolves expressions in the values, as n8n
	 * does before a node or a credential test sees the data.
	 */
	async applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		stored: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		const withDefaults = NodeHelpers.getNodeParameters(properties, stored as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
		if (stored.oauthTokenData !== undefined) withDefaults.oauthTokenData = stored.oauthTokenData;
		const keys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } = expressionResolveValues;
			try {
				return workflow.expression.getParameterValue(
					withDefaults as INodeParameters,
					runExecutionData,
					runIndex,
					itemIndex,
					node.name,
					connectionInputData,
					mode,
					keys,
					executeData,
					false,
					withDefaults,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				(error as Error).message += ' [Error resolving credentials]';
				throw error;
			}
		}
		const workflow = new Workflow({ nodes: [resolverNode], connections: {}, active: false, nodeTypes: resolverNodeTypes });
		return await workflow.expression.withIsolate(async () =>
			workflow.expression.getComplexParameterValue(resolverNode, withDefaults as INodeParameters, mode, keys, undefined, undefined, withDefaults) as ICredentialDataDecryptedObject,
		);
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.byType(type)[this.idOf(nodeCredentials, type)] = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.stored(nodeCredentials, type);
		stored.oauthTokenData = structuredClone(data.oauthTokenData);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const properties = this.registry.credentialProperties(type);
		if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
			// n8n adds the field that holds access and refresh tokens to the OAuth base types.
			return [...properties, { displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', required: false, default: {} }];
		}
		return properties;
	}

	private byType(type: string): Record<string, ICredentialDataDecryptedObject> {
		return (this.store[type] ??= {});
	}

	private idOf(nodeCredentials: INodeCredentialsDetails, type: string): string {
		if (!nodeCredentials.id) {
			throw new UserError(`Credential "${nodeCredentials.name}" of type "${type}" has no id; reference it as {id, name}`);
		}
		return nodeCredentials.id;
	}

	private stored(nodeCredentials: INodeCredentialsDetails, type: string): ICredentialDataDecryptedObject {
		const id = this.idOf(nodeCredentials, type);
		const data = this.store[type]?.[id];
		// Same wording as n8n's CredentialNotFoundError, so tests see what a user would.
		if (!data) throw new UserError(`Credential with ID "${id}" does not exist for type "${type}".`);
		return data;
	}
}

function resolveString(value: string, keys: IWorkflowDataProxyAdditionalKeys, workflow: Workflow, node: INode): string {
	if (!isExpression(value)) return value;
	const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', keys, undefined, '');
	return resolved ? String(resolved) : '';
}
