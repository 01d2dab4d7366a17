// The shape of the emulator's source: route files depend on route-types.ts, never on the table that
// imports them (no import cycle), and nothing in the emulator imports the nodes it is meant to check.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { matchRoute } from './routes';

const files = (dir: string): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
const sources = files(__dirname).filter((f) => !f.endsWith('.test.ts'));
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]));

test('only the server imports the route table; route files import route-types.ts', () => {
	const table = path.join(__dirname, 'routes');
	const importers = sources.filter((f) => importsOf(f).includes(table)).map((f) => path.relative(__dirname, f));
	expect(importers).toEqual(['server.ts']);
});

test('the emulator never imports nodes/ (its rules are written independently)', () => {
	const nodes = path.resolve(__dirname, '../../nodes');
	const offenders = sources.filter((f) => importsOf(f).some((target) => target.startsWith(nodes)));
	expect(offenders).toEqual([]);
});

test('every API path resolves to one row with a validator and a handler', () => {
	for (const [method, p] of [
		['POST', '/generate/sdxl'],
		['POST', '/upscaling'],
		['POST', '/segment'],
		['GET', '/v1/assets'],
		['POST', '/v1/assets'],
		['GET', '/v1/assets/x'],
		['DELETE', '/v1/assets/x'],
		['POST', '/v1/assets/x/complete-upload'],
		['POST', '/v1/tune'],
		['GET', '/v1/tunes'],
		['GET', '/v1/tune/x'],
		['DELETE', '/v1/tune/x'],
		['POST', '/v1/tune/x/cancel'],
		['PUT', '/_uploads/x'],
		['GET', '/_uploads/x'],
		['GET', '/v1/requests/x'],
		['GET', '/v1/responses/x'],
	]) {
		const match = matchRoute(method, p);
		expect([method, p, typeof match.route?.validate, typeof match.route?.handle]).toEqual([method, p, 'function', 'function']);
	}
	expect(matchRoute('POST', '/generate/sdxl').route).toMatchObject({ async: true });
	expect(matchRoute('POST', '/upscaling').route).toMatchObject({ async: true });
	expect(matchRoute('GET', '/v1/assets').route?.public !== true && (matchRoute('GET', '/v1/assets').route as { async?: boolean }).async).toBeFalsy();
});
