// Reads videos back for tests and examples with Debian's ffprobe/ffmpeg: what a player would see.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface VideoFacts {
	codec: string;
	profile: string;
	pixelFormat: string;
	width: number;
	height: number;
	/** Frames counted by decoding every one (`-count_frames`), not read from the header. */
	frames: number;
	fps: number;
	durationSeconds: number;
	container: string;
	/** Whether the `moov` atom comes before `mdat` (+faststart: playable while downloading). */
	moovFirst: boolean;
}

/** ffprobe's view of an MP4 file's video stream. */
export async function probeVideoFile(file: string): Promise<VideoFacts> {
	const { stdout } = await run('ffprobe', [
		'-v', 'error', '-count_frames', '-select_streams', 'v:0',
		'-show_entries', 'stream=codec_name,profile,pix_fmt,width,height,nb_read_frames,r_frame_rate:format=duration,format_name',
		'-of', 'json', file,
	]);
	const parsed = JSON.parse(stdout) as { streams: Array<Record<string, string | number>>; format: Record<string, string> };
	const stream = parsed.streams[0];
	const [num, den] = String(stream.r_frame_rate).split('/').map(Number);
	return {
		codec: String(stream.codec_name),
		profile: String(stream.profile),
		pixelFormat: String(stream.pix_fmt),
		width: Number(stream.width),
		height: Number(stream.height),
		frames: Number(stream.nb_read_frames),
		fps: num / (den || 1),
		durationSeconds: Number(parsed.format.duration),
		container: parsed.format.format_name,
		moovFirst: false,
	};
}

/** Like probeVideoFile, for bytes in memory; also checks the atom order. */
export async function probeVideo(bytes: Buffer): Promise<VideoFacts> {
	return await withTempFile(bytes, async (file) => {
		const facts = await probeVideoFile(file);
		const moov = bytes.indexOf('moov');
		const mdat = bytes.indexOf('mdat');
		return { ...facts, moovFirst: moov >= 0 && mdat >= 0 && moov < mdat };
	});
}

/** Frame `index` of a video decoded to packed RGB24 (width x height x 3 bytes). */
export async function decodeFrame(bytes: Buffer, index: number): Promise<Buffer> {
	return await withTempFile(bytes, async (file) => {
		const { stdout } = await run(
			'ffmpeg',
			['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${index})`, '-vframes', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
			{ encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
		);
		return stdout;
	});
}

async function withTempFile<T>(bytes: Buffer, use: (file: string) => Promise<T>): Promise<T> {
	const dir = await mkdtemp(join(tmpdir(), 'octoai-probe-'));
	try {
		const file = join(dir, 'video.mp4');
		await writeFile(file, bytes);
		return await use(file);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
