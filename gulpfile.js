// The build's asset step: tsc emits JavaScript only, so the icons and the nodes' codex JSON files
// are copied into dist/ here, keeping the relative paths the node files refer to.
const { task, src, dest } = require('gulp');

task('build:icons', () =>
	src(['icons/**/*.svg', 'nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
