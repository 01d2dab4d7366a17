import fs from 'node:fs';

import { engineTable, README, videoTable } from '../../scripts/readme-engines.cts';

// Links, paths, commands and the outside-the-repository check for README.md and docs/: docs.test.cts.
describe('README', () => {
	it('holds the engine table generated from the engine table and the registry (npx tsx scripts/readme-engines.cts)', () => {
		expect(fs.readFileSync(README, 'utf8')).toContain(engineTable());
	});

	it('holds the Stable Video Diffusion field table generated from its rows', () => {
		expect(fs.readFileSync(README, 'utf8')).toContain(videoTable());
	});
});
