// A patch to jpeg-js 0.4.4 (pinned in package.json), applied by scripts/bundle-codecs.mjs after the
// memory patches, so that decoding a JPEG takes bounded time. Each find must match exactly once, or
// the build fails.
//
// jpeg-js's pixel and memory limits bound what a JPEG allocates, not how long it takes: a
// progressive JPEG may hold any number of scans, and each scan visits every block of its components,
// while one scan can be a dozen bytes (an end-of-band run covers up to 32,767 blocks in a few bits).
// A 250 KB file of 20,000 such scans over a 1024x1024 picture took 12 s; under the 20 MB input limit
// a 64-megapixel header makes it hours. Encoders write about 10 scans (libjpeg's progression) and
// rarely more than a few dozen, so more than 100 is refused, as libjpeg-turbo's scan limit does.

export const MAX_JPEG_SCANS = 100;

/** [find, replace] pairs, in order. */
export const JPEG_SCAN_LIMIT_PATCHES = [
	[
		'      var offset = 0, length = data.length;\n',
		'      var offset = 0, length = data.length;\n      var scans = 0;\n',
	],
	[
		'          case 0xFFDA: // SOS (Start of Scan)\n',
		`          case 0xFFDA: // SOS (Start of Scan)\n            if (++scans > ${MAX_JPEG_SCANS}) throw new Error('its JPEG data has more than ${MAX_JPEG_SCANS} scans (a progressive JPEG has about 10)');\n`,
	],
];
