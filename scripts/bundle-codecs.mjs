#!/usr/bin/env node
// Bundles the pure-JS image codecs (scripts/codecs-entry.mjs) into one CommonJS file under dist,
// which shipped code imports relatively (nodes/shared/images/vendor/codecs.d.ts gives its types). Run by
// `npm run build` after tsc.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

// iobuffer (fast-png's reader) names the typed arrays through `globalThis`, a global n8n's scanner
// refuses in shipped code; the plain globals are the same constructors.
const TYPED_ARRAYS = ['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigUint64Array', 'BigInt64Array', 'Float32Array', 'Float64Array'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
	entryPoints: [path.join(root, 'scripts/codecs-entry.mjs')],
	outfile: path.join(root, 'dist/nodes/shared/images/vendor/codecs.js'),
	bundle: true,
	platform: 'neutral',
	format: 'cjs',
	target: 'es2022',
	minify: true,
	legalComments: 'inline',
	define: Object.fromEntries(TYPED_ARRAYS.map((name) => [`globalThis.${name}`, name])),
	logLevel: 'warning',
});
