// Child of fit-photo.cts: fits one photo with the built package's code (dist) in a fresh process, so its
// peak resident memory is the fitting's own. Prints one JSON line: wall and CPU times (the CPU time
// is steadier on a loaded machine) and the peak resident memory above the process's start.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.resolve(__dirname, '../../dist/nodes/shared/images/fitting');
const { decodeRaster, encodeRaster } = require(path.join(dist, 'codec.js'));
const { applyPlacement, fitPlacement, nearestResolution } = require(path.join(dist, 'fit.js'));
const { ENGINES } = require(path.resolve(__dirname, '../../dist/nodes/shared/fields/engines.js'));

const bytes = fs.readFileSync(process.argv[2]);
const mode = process.argv[3];
global.gc?.();
const baseline = process.resourceUsage().maxRSS;
const cpuMs = (usage) => (usage.user + usage.system) / 1000;
const start = process.hrtime.bigint();
const startCpu = process.cpuUsage();
const raster = decodeRaster(bytes);
const decoded = process.hrtime.bigint();
const decodedCpu = process.cpuUsage(startCpu);
const [width, height] = nearestResolution(ENGINES.sdxl.resolutions, raster);
const fitted = applyPlacement(raster, fitPlacement(raster, { width, height }, mode), { kind: 'edge' });
const png = encodeRaster(fitted);
const end = process.hrtime.bigint();
const endCpu = process.cpuUsage(startCpu);
console.log(JSON.stringify({
	from: `${raster.width}x${raster.height}`,
	to: `${width}x${height}`,
	channels: raster.channels,
	decodeMs: Number(decoded - start) / 1e6,
	decodeCpuMs: cpuMs(decodedCpu),
	fitAndEncodeMs: Number(end - decoded) / 1e6,
	fitAndEncodeCpuMs: cpuMs(endCpu) - cpuMs(decodedCpu),
	peakRssGrowthMb: (process.resourceUsage().maxRSS - baseline) / 1024,
	rgbaMb: (raster.width * raster.height * 4) / 2 ** 20,
	pngKb: png.length / 1024,
}));
