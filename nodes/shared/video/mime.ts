export type VideoMime = 'video/mp4' | 'video/quicktime' | 'video/webm' | 'image/gif';

export const VIDEO_EXTENSIONS: Record<VideoMime, string> = {
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'image/gif': 'gif',
};

/**
 * The video type named by a file's first bytes: an ISO media file (`ftyp` box; brand `qt  ` is
 * QuickTime, every other brand MP4), WebM (EBML header) or GIF; undefined otherwise.
 */
export function sniffVideoMime(bytes: Buffer): VideoMime | undefined {
	if (bytes.length >= 12 && bytes.toString('ascii', 4, 8) === 'ftyp') {
		return bytes.toString('ascii', 8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
	}
	if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
	if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('ascii', 0, 6))) return 'image/gif';
	return undefined;
}
