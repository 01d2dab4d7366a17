#!/usr/bin/env node
// Bundles the pure-JS image codecs (scripts/codecs-entry.mjs) into one CommonJS file under dist,
// which shipped code imports relatively (nodes/shared/images/vendor/codecs.d.ts gives its types). Run by
// `npm run build` after tsc.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

import { JPEG_MEMORY_PATCHES } from './jpeg-memory-patches.mjs';
import { JPEG_SCAN_LIMIT_PATCHES } from './jpeg-scan-limit-patches.mjs';
import { PNG_ADAM7_PATCHES } from './png-adam7-patches.mjs';
import { PNG_INFLATE_PATCHES } from './png-inflate-patches.mjs';

// iobuffer (fast-png's reader) names the typed arrays through `globalThis`, a global n8n's scanner
// refuses in shipped code; the plain globals are the same constructors.
const TYPED_ARRAYS = ['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigUint64Array', 'BigInt64Array', 'Float32Array', 'Float64Array'];

/** The source patches, by the file they apply to: [find, replace] pairs, in order. */
const PATCHES = [
	{ name: 'jpeg-js', filter: /jpeg-js[\\/]lib[\\/]decoder\.js$/, patches: [...JPEG_MEMORY_PATCHES, ...JPEG_SCAN_LIMIT_PATCHES] },
	{ name: 'fast-png', filter: /fast-png[\\/]lib[\\/]png_decoder\.js$/, patches: PNG_INFLATE_PATCHES },
	{ name: 'fast-png Adam7', filter: /fast-png[\\/]lib[\\/]helpers[\\/]decode_interlace_adam7\.js$/, patches: PNG_ADAM7_PATCHES },
];

/** The patch sets applied in this build, by name: one whose file was never loaded (a package's layout changed) fails the build. */
const applied = new Set();

/** Applies each [find, replace] to its file as it is bundled; a find that does not match exactly once fails the build. */
const patchDecoders = {
	name: 'decoder-patches',
	setup(esbuild) {
		for (const { name, filter, patches } of PATCHES) {
			esbuild.onLoad({ filter }, async ({ path: file }) => {
				if (applied.has(name)) throw new Error(`${name} patches would apply to a second file: ${file}`);
				applied.add(name);
				let source = await fs.promises.readFile(file, 'utf8');
				for (const [find, replace] of patches) {
					const count = source.split(find).length - 1;
					if (count !== 1) throw new Error(`${name} patch matches ${count} times, not once: ${find.slice(0, 80)}`);
					source = source.replace(find, () => replace);
				}
				return { contents: source, loader: 'js' };
			});
		}
	},
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist/nodes/shared/images/vendor/codecs.js');
await build({
	entryPoints: [path.join(root, 'scripts/codecs-entry.mjs')],
	outfile,
	bundle: true,
	platform: 'neutral',
	format: 'cjs',
	target: 'es2022',
	minify: true,
	legalComments: 'inline',
	define: Object.fromEntries(TYPED_ARRAYS.map((name) => [`globalThis.${name}`, name])),
	plugins: [patchDecoders],
	logLevel: 'warning',
});
const missed = PATCHES.filter(({ name }) => !applied.has(name)).map(({ name }) => name);
if (missed.length > 0) {
	// No unpatched decoder is left in dist for a later step to pick up.
	fs.rmSync(outfile, { force: true });
	throw new Error(`decoder patches never applied (no bundled file matched): ${missed.join(', ')}`);
}
