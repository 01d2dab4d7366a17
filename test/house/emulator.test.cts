// The emulator's house rules (test/emulator/README.md, "Where things are"): no import cycles, rooms
// import only rooms listed before them, source files of at most 300 lines and functions of about 80.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isTestFile } from './files.cts';
import { importCycles, importGraph, roomViolations } from './imports.cts';
import { longFiles, longFunctions } from './sizes.cts';

const EMULATOR = path.resolve(__dirname, '../emulator');

/** Lowest first; '.' is the entry files (index.ts, cli.cts, test-helpers.cts). Keep in step with the README. */
const EMULATOR_ROOMS = ['core', 'rules', 'validation', 'images', 'video', 'utilities', 'pace', 'state', 'routes', 'server', '.', 'tests'];

const isSource = (file: string) => !isTestFile(file);

test('no import cycles between the emulator files', () => {
	expect(importCycles(importGraph(EMULATOR))).toEqual([]);
});

test('each room of the emulator imports only itself and the rooms before it', () => {
	expect(roomViolations(importGraph(EMULATOR), EMULATOR_ROOMS)).toEqual([]);
});

test('no emulator source file over 300 lines, no function over 80', () => {
	expect(longFiles(EMULATOR, 300, isSource)).toEqual([]);
	expect(longFunctions(EMULATOR, 80, isSource)).toEqual([]);
});

test('the README names every room in the same order', () => {
	const readme = readFileSync(path.join(EMULATOR, 'README.md'), 'utf8');
	const stated = /Rooms, lowest first: (.+)\./.exec(readme)?.[1];
	expect(stated?.split(', ').map((room) => room.replace(/`/g, '').replace(/\/$/, ''))).toEqual(EMULATOR_ROOMS.map((room) => (room === '.' ? 'the entry files' : room)));
});
