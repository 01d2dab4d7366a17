import type { N8nServer } from '../../e2e/lib/index.cts';
import type { Postgres } from './postgres.cts';
import { waitFor } from './executions.cts';

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
 * Waits until a production webhook is registered: its row is in Postgres's `webhook_entity`, which
 * the main instance reads to route a call. The activate call answers before that row is written, and
 * a CORS preflight (OPTIONS) answers 204 with or without it, so neither shows that a POST would be
 * served (calls sent in that window got 404 "not registered").
 */
export async function waitForWebhook(postgres: Postgres, path: string, method = 'POST'): Promise<void> {
	const safePath = path.replace(/'/g, "''");
	await waitFor(
		`webhook ${method} ${path} to be registered`,
		30_000,
		async () => (await postgres.query(`SELECT 1 FROM webhook_entity WHERE "webhookPath" = '${safePath}' AND method = '${method}'`)).length,
		(rows) => rows > 0,
	);
}
