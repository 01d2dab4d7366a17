import path from 'node:path';

import type { CredentialToImport } from './cli.cts';
import { E2E_DIR } from './paths.cts';
import { workflowNode, type WorkflowNode } from './workflow.cts';

/** This package's npm name, which prefixes its node types in n8n. */
export const PACKAGE_NAME = 'n8n-nodes-octoai';

/** The credential type the package defines. */
export const CREDENTIAL_TYPE = 'octoAiApi';

/** The test-only community package whose node reports module resolution from inside n8n. */
export const PROBE_PACKAGE_DIR = path.join(E2E_DIR, 'fixtures', 'n8n-nodes-e2e-probe');

/** An OctoAI credential for `importCredentials` whose API bases all point at `baseUrl` (an emulator). */
export function octoAiCredential(id: string, name: string, token: string, baseUrl: string): CredentialToImport {
	const data = { apiToken: token, imageBaseUrl: baseUrl, platformBaseUrl: baseUrl, asyncBaseUrl: baseUrl };
	return { id, name, type: CREDENTIAL_TYPE, data };
}

/** A node of this package (`octoAiSdxl`, `octoAiSd15`, ...) using the given credential. */
export function octoAiNode(
	name: string,
	nodeName: string,
	parameters: Record<string, unknown>,
	credential: CredentialToImport,
): WorkflowNode {
	return workflowNode(name, `${PACKAGE_NAME}.${nodeName}`, parameters, {
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
	});
}
