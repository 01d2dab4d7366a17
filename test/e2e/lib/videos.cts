import { readdirSync } from 'node:fs';
import path from 'node:path';

import { probeVideoFile, type VideoFacts } from '../../emulator/video/probe.cts';

/** ffprobe's reading of every MP4 file in `dir` whose name starts with `prefix`, in name order. */
export async function probeVideos(dir: string, prefix = ''): Promise<Array<VideoFacts & { file: string }>> {
	const files = readdirSync(dir)
		.filter((file) => file.startsWith(prefix) && file.endsWith('.mp4'))
		.sort();
	return await Promise.all(files.map(async (file) => ({ file, ...(await probeVideoFile(path.join(dir, file))) })));
}
