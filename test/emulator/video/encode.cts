// H.264 encoding of emulated videos by Debian's ffmpeg (libx264), spawned per video: the emulator's
// only use of a program outside node_modules. scripts/ffmpeg.sh installs it where it is missing.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Canvas } from '../images/canvas.cts';

/** An encode that takes longer than this is killed (a 16-video request encodes its videos one by one). */
const ENCODE_TIMEOUT_MS = 120_000;

/** Still RGB pictures in, a filter graph over them, one video out. */
export interface EncodeJob {
	inputs: Canvas[];
	/** ffmpeg -filter_complex graph; its output is the video stream. */
	filter: string;
	fps: number;
	frames: number;
	/** x264's constant rate factor: 0 lossless .. 51 worst. */
	crf: number;
}

/** Thrown when ffmpeg is not installed: the emulator answers 500 naming the fix. */
export class FfmpegMissingError extends Error {}

/**
 * Encodes the job as an MP4 (H.264, yuv420p, moov atom first so players start at once). Bit-exact
 * flags and a fixed thread count keep the bytes identical for identical jobs.
 */
export async function encodeMp4(job: EncodeJob): Promise<Buffer> {
	const dir = await mkdtemp(join(tmpdir(), 'octoai-emulator-svd-'));
	try {
		const inputArgs: string[] = [];
		for (const [n, canvas] of job.inputs.entries()) {
			const file = join(dir, `input-${n}.rgb`);
			await writeFile(file, canvas.data);
			inputArgs.push('-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${canvas.width}x${canvas.height}`, '-i', file);
		}
		const output = join(dir, 'video.mp4');
		await runFfmpeg([
			'-hide_banner', '-loglevel', 'error', '-nostdin',
			...inputArgs,
			'-filter_complex', job.filter, '-frames:v', String(job.frames), '-r', String(job.fps),
			'-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(job.crf), '-pix_fmt', 'yuv420p', '-threads', '2',
			'-movflags', '+faststart', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1',
			'-y', output,
		]);
		return await readFile(output);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

function runFfmpeg(args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), ENCODE_TIMEOUT_MS);
		child.stderr.on('data', (chunk: Buffer) => {
			if (stderr.length < 4000) stderr += chunk.toString();
		});
		child.on('error', (error: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			reject(error.code === 'ENOENT' ? new FfmpegMissingError('ffmpeg is not installed (apt-get install ffmpeg, or bash scripts/ffmpeg.sh)') : error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else reject(new Error(`ffmpeg failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
		});
	});
}
