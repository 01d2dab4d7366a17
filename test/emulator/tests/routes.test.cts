// The shape of the emulator's routes: route files depend on route-types.cts, never on the table that
// imports them (no import cycle), and nothing in the emulator imports the nodes it is meant to check.
import path from 'node:path';
import { importGraph, relativeSpecifiers } from '../../house/imports.cts';
import { isTestFile, parse, typeScriptFiles } from '../../house/files.cts';
import { matchRoute } from '../routes/table.cts';

const EMULATOR = path.resolve(__dirname, '..');

test('only the server imports the route table; route files import route-types.cts', () => {
	const importers = [...importGraph(EMULATOR, (file) => !isTestFile(file))].filter(([, targets]) => targets.includes('routes/table.cts')).map(([file]) => file);
	expect(importers).toEqual(['server/server.cts']);
});

test('the emulator never imports nodes/ (its rules are written independently)', () => {
	const nodes = path.resolve(EMULATOR, '../../nodes');
	const offenders = typeScriptFiles(EMULATOR).filter((file) =>
		relativeSpecifiers(parse(file)).some((specifier) => path.resolve(path.dirname(file), specifier).startsWith(nodes)),
	);
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
