import { ExternalSecretsProxy } from 'n8n-core';
import type { ExecutionLifecycleHooks } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData, IWorkflowSettings } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

/** What varies between runs; the rest of the additional data is the same for every run. */
export interface AdditionalDataParts {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
	workflowId?: string;
	workflowSettings?: IWorkflowSettings;
	executionTimeoutTimestamp?: number;
}

const BASE_URL = 'http://localhost:5678';

function unsupported(what: string): never {
	throw new UserError(`${what} is not available in the test harness`);
}

/**
 * The `additionalData` the n8n app hands to `WorkflowExecute` (its `getBase()`), minus the
 * database-backed parts: sub-workflows, task runners and AI agents are not available here and
 * say so if a node asks for them.
 */
export function buildAdditionalData(parts: AdditionalDataParts): IWorkflowExecuteAdditionalData {
	return {
		...parts,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: async () => unsupported('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => unsupported('A task runner'),
	};
}
