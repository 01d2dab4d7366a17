import type { Page } from 'playwright-core';

/** What Chromium's <video> element made of an MP4: its own decoder's view, not ffprobe's. */
export interface PlaybackFacts {
	/** MediaError code and message when the element refused the file, else null. */
	error: string | null;
	videoWidth: number;
	videoHeight: number;
	duration: number;
	/** currentTime after playing from 0 for PLAY_MS. */
	playedTo: number;
	/** Mean of the first frame's RGB values as drawn onto a canvas (0 = black, nothing decoded). */
	firstFrameMean: number;
	/** Mean absolute RGB difference between the first and the last frame, drawn onto a canvas. */
	firstToLastDiff: number;
}

const PLAY_MS = 800;
/** Any single wait for the element (load, seek) longer than this is a failure, not a hang. */
const EVENT_TIMEOUT_MS = 15_000;

/**
 * Loads `bytes` into a <video> element of a blank page as a blob: URL (no server, no range requests),
 * waits for `loadeddata` and `canplay`, seeks to the first and last frame and draws each onto a
 * canvas when Chromium presents it, then plays from the start and reads the clock. The element stays
 * on the page, paused where playing stopped, for a screenshot.
 */
export async function playInChromium(page: Page, bytes: Buffer, clip: { fps: number; frames: number }): Promise<PlaybackFacts> {
	await page.setContent(
		'<body style="margin:0;background:#222;color:#eee;font:14px sans-serif">' +
			'<video id="v" muted playsinline style="display:block;width:1024px;height:576px"></video><p id="caption"></p></body>',
	);
	return await page.evaluate(
		async ({ base64, fps, frames, playMs, timeoutMs }) => {
			const video = document.getElementById('v') as HTMLVideoElement;
			const until = (event: string) =>
				new Promise<void>((resolve, reject) => {
					const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
					video.addEventListener(event, () => (clearTimeout(timer), resolve()), { once: true });
					video.addEventListener('error', () => (clearTimeout(timer), reject(new Error('error'))), { once: true });
				});
			const binary = atob(base64);
			const data = new Uint8Array(binary.length);
			for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
			const loaded = Promise.all([until('loadeddata'), until('canplay')]);
			video.src = URL.createObjectURL(new Blob([data], { type: 'video/mp4' }));
			try {
				await loaded;
			} catch {
				const code = video.error ? `MediaError ${video.error.code}: ${video.error.message}` : 'no loadeddata/canplay';
				return { error: code, videoWidth: 0, videoHeight: 0, duration: 0, playedTo: 0, firstFrameMean: 0, firstToLastDiff: 0 };
			}

			// A small canvas is enough to see a picture and its motion.
			const canvas = document.createElement('canvas');
			canvas.width = 256;
			canvas.height = 144;
			const context = canvas.getContext('2d', { willReadFrequently: true })!;
			// 'seeked' does not mean the new frame has reached the screen: under load, drawing right after
			// it can still draw the frame shown before the seek (seen in CI: first and last frame equal).
			// requestVideoFrameCallback runs when a frame is presented and says which one; draw then.
			const presented = (index: number) =>
				new Promise<Uint8ClampedArray>((resolve, reject) => {
					const seen: string[] = [];
					let done = false;
					const timer = setTimeout(() => {
						done = true;
						reject(new Error(`frame ${index} not presented within ${timeoutMs} ms (presented: ${seen.join(', ') || 'none'})`));
					}, timeoutMs);
					const onFrame = (_now: number, frame: VideoFrameCallbackMetadata) => {
						if (done) return;
						if (Math.round(frame.mediaTime * fps) !== index) {
							seen.push(`${frame.mediaTime} s`);
							video.requestVideoFrameCallback(onFrame);
							return;
						}
						done = true;
						clearTimeout(timer);
						context.drawImage(video, 0, 0, canvas.width, canvas.height);
						resolve(context.getImageData(0, 0, canvas.width, canvas.height).data);
					};
					video.requestVideoFrameCallback(onFrame);
				});
			const frameAt = async (index: number) => {
				// Both listeners before the seek; 'seeked' too, so none is left over for the rewind below.
				const seeked = until('seeked');
				const pixels = presented(index);
				// The middle of the frame's display interval, so the seek cannot land on a neighbour.
				video.currentTime = (index + 0.5) / fps;
				await seeked;
				return await pixels;
			};
			const rgbValues = (pixels: Uint8ClampedArray) => pixels.filter((_, i) => i % 4 !== 3);
			const first = rgbValues(await frameAt(0));
			const last = rgbValues(await frameAt(frames - 1));
			let sum = 0;
			let diff = 0;
			for (let i = 0; i < first.length; i++) {
				sum += first[i];
				diff += Math.abs(first[i] - last[i]);
			}

			const rewound = until('seeked');
			video.currentTime = 0;
			await rewound;
			await video.play();
			await new Promise((resolve) => setTimeout(resolve, playMs));
			video.pause();
			const facts = {
				error: null,
				videoWidth: video.videoWidth,
				videoHeight: video.videoHeight,
				duration: video.duration,
				playedTo: video.currentTime,
				firstFrameMean: sum / first.length,
				firstToLastDiff: diff / first.length,
			};
			document.getElementById('caption')!.textContent =
				`Chromium ${navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}: ${facts.videoWidth}x${facts.videoHeight}, ` +
				`${facts.duration.toFixed(2)} s, paused at ${facts.playedTo.toFixed(2)} s after ${playMs} ms of play, ` +
				`first/last frame differ by ${facts.firstToLastDiff.toFixed(1)}`;
			return facts;
		},
		{ base64: bytes.toString('base64'), fps: clip.fps, frames: clip.frames, playMs: PLAY_MS, timeoutMs: EVENT_TIMEOUT_MS },
	);
}
