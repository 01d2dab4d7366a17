import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import type { Page } from 'playwright-core';

/** The @n8n/chat release served in place of the CDN copy the Chat Trigger's hosted page loads. */
export const N8N_CHAT_VERSION = '1.37.0';
const CDN = 'https://cdn.jsdelivr.net/npm/';

/**
 * The `dist` folder of the npm package @n8n/chat, fetched once with `npm pack` into the e2e cache
 * (the same root as scripts/e2e-install.sh). The hosted chat page loads it from a public CDN, which
 * this machine cannot reach.
 */
export function n8nChatDist(): string {
	const root = process.env.N8N_E2E_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-octoai');
	const target = path.join(root, `n8n-chat-${N8N_CHAT_VERSION}`);
	if (existsSync(path.join(target, 'dist', 'chat.bundle.es.js'))) return path.join(target, 'dist');
	const work = `${target}.partial-${process.pid}`;
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work, { recursive: true });
	execFileSync('npm', ['pack', `@n8n/chat@${N8N_CHAT_VERSION}`, '--silent'], { cwd: work, stdio: 'pipe' });
	execFileSync('tar', ['xzf', `n8n-chat-${N8N_CHAT_VERSION}.tgz`, '--strip-components=1'], { cwd: work });
	rmSync(target, { recursive: true, force: true });
	renameSync(work, target);
	return path.join(target, 'dist');
}

/** Serves the hosted chat page's CDN files from the local @n8n/chat; normalize.css becomes empty. */
export async function routeChatCdn(page: Page): Promise<void> {
	const dist = n8nChatDist();
	await page.route(`${CDN}**`, async (route) => {
		const url = new URL(route.request().url());
		const match = /^\/npm\/@n8n\/chat(?:@[^/]+)?\/dist\/(.+)$/.exec(url.pathname);
		if (!match) {
			await route.fulfill({ status: 200, contentType: 'text/css', body: '' });
			return;
		}
		const file = path.join(dist, path.normalize(match[1]));
		if (!file.startsWith(dist) || !existsSync(file)) {
			await route.fulfill({ status: 404, body: 'not in @n8n/chat' });
			return;
		}
		const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
		await route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
	});
}
