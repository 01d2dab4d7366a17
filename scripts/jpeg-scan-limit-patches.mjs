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
//
// Counting scans alone still let a few big ones through: 90 AC refinement scans over a 7000x7000
// picture (289 KB) took 18.5 s. So the work is counted too: each scan costs the blocks it visits
// times the coefficients of its spectral band (Se - Ss + 1), and the scans together may cost at most
// MAX_JPEG_PASSES times a baseline decode (64 coefficients for every block of the frame). libjpeg's
// own progression costs under 3 of them (the luma's DC, two AC bands and a refinement, the chroma's
// less), mozjpeg's scan optimisation about as much.

export const MAX_JPEG_SCANS = 100;
export const MAX_JPEG_PASSES = 4;

const WORK_BUDGET = `  /** Coefficients a scan of these components visits: every block of each (padded to whole MCUs), times its band. */
  function scanWork(components, spectralStart, spectralEnd) {
    var blocks = 0;
    for (var c = 0; c < components.length; c++) blocks += components[c].blocksPerLineForMcu * components[c].blocksPerColumnForMcu;
    return blocks * Math.max(1, spectralEnd - spectralStart + 1);
  }
  /** What MAX_JPEG_PASSES baseline decodes of the frame would visit. */
  function frameWorkBudget(frame) {
    var blocks = 0;
    for (var id in frame.components) blocks += frame.components[id].blocksPerLineForMcu * frame.components[id].blocksPerColumnForMcu;
    return blocks * 64 * ${MAX_JPEG_PASSES};
  }

  function buildComponentData(frame, component) {`;

/** [find, replace] pairs, in order. */
export const JPEG_SCAN_LIMIT_PATCHES = [
	[
		'      var offset = 0, length = data.length;\n',
		'      var offset = 0, length = data.length;\n      var scans = 0, work = 0;\n',
	],
	[
		'          case 0xFFDA: // SOS (Start of Scan)\n',
		`          case 0xFFDA: // SOS (Start of Scan)\n            if (++scans > ${MAX_JPEG_SCANS}) throw new Error('its JPEG data has more than ${MAX_JPEG_SCANS} scans (a progressive JPEG has about 10)');\n`,
	],
	[
		'            var successiveApproximation = data[offset++];\n',
		`            var successiveApproximation = data[offset++];\n            work += scanWork(components, spectralStart, spectralEnd);\n            if (work > frameWorkBudget(frame)) throw new Error('its JPEG scans would take more than ${MAX_JPEG_PASSES} times the work of decoding the picture once (a progressive JPEG takes under 3)');\n`,
	],
	// After the memory patches' blockAt, which comes just before buildComponentData.
	['\n  function buildComponentData(frame, component) {', `\n${WORK_BUDGET}`],
];
