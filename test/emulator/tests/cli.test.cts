// The CLI as a user runs it: starts, prints URL and tokens, logs requests without tokens, stops on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { waitFor } from '../test-helpers.cts';

const ROOT = join(__dirname, '..', '..', '..');

test('cli starts, logs redacted request lines and stops cleanly on SIGTERM', async () => {
	const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/cli.cts', '--port', '0', '--tokens', 'cli-secret-1,cli-secret-2', '--base-path', '/v9', '--tenants', 'cli-secret-1=studio,cli-secret-2=studio', '--asset-ready-ms', '0'], {
		cwd: ROOT,
		env: { ...process.env, OCTOAI_EMULATOR_TOKENS: 'ignored-because-flag-wins' },
	});
	let out = '';
	child.stdout.on('data', (c) => (out += c));
	child.stderr.on('data', (c) => (out += c));
	try {
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 20000);
			child.stdout.on('data', () => {
				const match = /listening on (http:\/\/\S+)/.exec(out);
				if (match && out.includes('admin: ')) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
		});
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v9$/);
		expect(out).toContain('tokens: cli-secret-1, cli-secret-2');

		const ok = await fetch(`${url}/v1/assets?limit=1`, { headers: { authorization: 'Bearer cli-secret-2' } });
		expect(ok.status).toBe(200);
		const denied = await fetch(`${url}/v1/assets`, { headers: { authorization: 'Bearer ignored-because-flag-wins' } });
		expect(denied.status).toBe(401);
		// The child logs each request as it answers; its lines reach this process when they do.
		const linesOf = (text: string) => text.split('\n').filter((l) => l.includes('/v9/v1/assets'));
		await waitFor(async () => out, (text) => linesOf(text).length >= 2).catch(() => undefined);
		const requestLines = linesOf(out);
		expect(requestLines).toHaveLength(2);
		expect(requestLines[0]).toMatch(/GET \/v9\/v1\/assets\?limit=1 200 [\d.]+ms auth=bearer\(redacted\)/);
		for (const line of requestLines) expect(line).not.toMatch(/cli-secret|ignored-because/);

		// --tenants: the two tokens share one library.
		const create = await fetch(`${url}/v1/assets`, {
			method: 'POST',
			headers: { authorization: 'Bearer cli-secret-1', 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'shared', description: null, asset_type: 'file', data: { asset_type: 'file' } }),
		});
		expect(create.status).toBe(200);
		const shared = await fetch(`${url}/v1/assets/studio%3Ashared`, { headers: { authorization: 'Bearer cli-secret-2' } });
		expect(shared.status).toBe(200);

		child.kill('SIGTERM');
		// 'close', not 'exit': the last lines may still be in the pipe when the process has exited.
		const [code] = await once(child, 'close');
		expect(code).toBe(0);
		expect(out).toContain('SIGTERM: stopping');
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
	}
});
