/**
 * The benchmark's fitting section (`npm run bench`, also alone: `npx tsx test/bench/fit-photo.cts`):
 * a 12-megapixel phone photo (4032x3024, as JPEG and as lossy WebP) decoded, fitted to SDXL's nearest
 * resolution and encoded as PNG by the built package's code, each run in a fresh process so its peak
 * resident memory is the fitting's own. The figure to watch is the peak against one decoded copy of
 * the photo as RGBA (46.5 MB; a JPEG is now held as RGB, 34.9 MB).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import sharp from 'sharp';

async function phonePhotos(jpegFile: string, webpFile: string): Promise<void> {
	const [width, height] = [4032, 3024];
	// Noise, so the files are as busy (and as large) as a real photo.
	const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).raw().toBuffer();
	await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toFile(jpegFile);
	await sharp(noise, { raw: { width, height, channels: 3 } }).webp({ quality: 90 }).toFile(webpFile);
}

function fitInChild(file: string, mode: string): void {
	const out = execFileSync(process.execPath, [path.join(__dirname, 'fit-photo-child.cjs'), file, mode], { encoding: 'utf8' });
	const r = JSON.parse(out) as Record<string, number | string>;
	const ms = (wall: string, cpu: string) => `${(r[wall] as number).toFixed(0)} ms (CPU ${(r[cpu] as number).toFixed(0)})`;
	const peak = r.peakRssGrowthMb as number;
	console.log(
		`  ${mode.padEnd(8)} ${r.from} -> ${r.to}: decode ${ms('decodeMs', 'decodeCpuMs')}, fit + PNG ${ms('fitAndEncodeMs', 'fitAndEncodeCpuMs')}, ` +
			`peak memory +${peak.toFixed(0)} MB (${(peak / (r.rgbaMb as number)).toFixed(1)} RGBA copies), PNG ${(r.pngKb as number).toFixed(0)} KB`,
	);
}

async function main(): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octoai-fit-'));
	try {
		const [jpegFile, webpFile] = [path.join(dir, 'phone.jpg'), path.join(dir, 'phone.webp')];
		await phonePhotos(jpegFile, webpFile);
		const size = (file: string) => (fs.statSync(file).size / 2 ** 20).toFixed(1);
		console.log(`\nFitting a 12-megapixel photo (4032x3024 JPEG, ${size(jpegFile)} MB) for SDXL, in a fresh process each:`);
		for (const mode of ['crop', 'pad', 'nearest']) fitInChild(jpegFile, mode);
		console.log(`The same photo as lossy WebP (${size(webpFile)} MB):`);
		fitInChild(webpFile, 'crop');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
