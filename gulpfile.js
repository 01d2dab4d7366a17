// The build's asset step: tsc emits JavaScript only, so icons (and codex JSON, which tsc copies
// only when imported) are copied next to the compiled node and credential files here.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', () => {
	const nodeAssets = src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json'], { encoding: false }).pipe(
		dest(path.resolve('dist', 'nodes')),
	);
	src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest(path.resolve('dist', 'credentials')));
	return nodeAssets;
});
