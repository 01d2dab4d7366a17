import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { BinaryRef } from './execution.cts';
import { n8nPackageDir, nodeBinary } from './paths.cts';

const FILESYSTEM_PREFIX = 'filesystem-v2:';
const DATABASE_PREFIX = 'database:';

/**
 * The bytes of a binary output, in whichever mode n8n stored it (the version matrix runs all three):
 * - filesystem (2.x's default): an id `filesystem-v2:<path>` names `<userFolder>/.n8n/storage/<path>`;
 * - database (2.x): an id `database:<fileId>` names a row of the `binary_data` table;
 * - memory (1.x's default, `default` mode): no id, the item carries the bytes as base64 in `data`.
 */
export function readBinary(userFolder: string, ref: BinaryRef): Buffer {
	if (ref.id?.startsWith(FILESYSTEM_PREFIX)) {
		return readFileSync(path.join(userFolder, '.n8n', 'storage', ref.id.slice(FILESYSTEM_PREFIX.length)));
	}
	if (ref.id?.startsWith(DATABASE_PREFIX)) return readDatabaseBinary(userFolder, ref.id.slice(DATABASE_PREFIX.length));
	if (!ref.id && typeof ref.data === 'string' && ref.data.length > 0) return Buffer.from(ref.data, 'base64');
	throw new Error(`binary data ${JSON.stringify(ref.id)} is in none of n8n's stores this test knows`);
}

/** A row of n8n's `binary_data` table, read with the app's own sqlite3 module. */
function readDatabaseBinary(userFolder: string, fileId: string): Buffer {
	const script = `
		const sqlite3 = require(require.resolve('sqlite3', { paths: [process.argv[1]] }));
		const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY);
		db.get('SELECT data FROM binary_data WHERE fileId = ?', [process.argv[3]], (error, row) => {
			if (error || !row) { console.error(error ? error.message : 'no row'); process.exit(1); }
			process.stdout.write(Buffer.from(row.data).toString('base64'));
			db.close();
		});`;
	const database = path.join(userFolder, '.n8n', 'database.sqlite');
	const out = execFileSync(nodeBinary(), ['-e', script, n8nPackageDir(), database, fileId], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
	return Buffer.from(out, 'base64');
}
