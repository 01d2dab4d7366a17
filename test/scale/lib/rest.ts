import type { N8nServer } from '../../e2e/lib';
import { waitFor } from './executions';

/**
 * Publishes (activates) or unpublishes a workflow through the editor's REST API on the running main
 * instance, as the editor's toggle does: it registers the workflow's webhooks and triggers at once
 * (`n8n publish:workflow` only takes effect on the next start).
 */
export async function setWorkflowActive(main: N8nServer, cookie: string, workflowId: string, active: boolean): Promise<void> {
	const headers = { cookie, 'content-type': 'application/json' };
	const got = await fetch(`${main.url}/rest/workflows/${workflowId}`, { headers });
	if (got.status !== 200) throw new Error(`GET workflow ${workflowId}: HTTP ${got.status} ${await got.text()}`);
	const { data } = (await got.json()) as { data: { versionId: string } };
	const action = active ? 'activate' : 'deactivate';
	const response = await fetch(`${main.url}/rest/workflows/${workflowId}/${action}`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ versionId: data.versionId }),
	});
	if (response.status !== 200) throw new Error(`${action} workflow ${workflowId}: HTTP ${response.status} ${await response.text()}`);
}

/**
 * Waits until a production webhook path is registered: n8n answers a CORS preflight (OPTIONS) for a
 * path with 404 until some workflow has registered it, without starting an execution.
 */
export async function waitForWebhook(main: N8nServer, path: string): Promise<void> {
	await waitFor(
		`webhook ${path} to be registered`,
		30_000,
		async () => (await fetch(`${main.url}/webhook/${path}`, { method: 'OPTIONS' })).status,
		(status) => status !== 404,
	);
}
