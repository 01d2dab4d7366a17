// What an emulated SVD video shows: the input image (resized to the video size, as the service does)
// under a slow zoom and pan whose amplitude is motion_scale, with seeded grain whose amplitude is
// noise_aug_strength, and the parameters on a band at the bottom that stays put. motion_scale 0 gives
// a still picture; 1 ends at 1.5x zoom, panned as far as the zoom allows in a direction the seed
// picks. The motion is rendered by ffmpeg's zoompan filter (JavaScript per-pixel loops are slow).
import { createCanvas, resizeTo, type Canvas } from '../images/canvas.cts';
import { seededRandom } from '../images/random.cts';
import { drawText } from '../images/text.cts';
import { SVD_FRAMES, type VideoParams } from '../rules/video.cts';
import type { DecodedImage } from '../validation/images.cts';
import type { EncodeJob } from './encode.cts';

/** Zoom at the last frame for motion_scale 1. */
const MAX_EXTRA_ZOOM = 0.5;
/** ffmpeg noise strength (0..100) for noise_aug_strength 1. */
const MAX_GRAIN = 40;

/** The encode job of one video: the still picture, the caption band, and the filter that animates them. */
export async function videoScene(image: DecodedImage, params: VideoParams, seed: number): Promise<EncodeJob> {
	const { width, height, fps, motion_scale: motion, noise_aug_strength: noise } = params;
	const picture = await resizeTo(image, width, height);
	const random = seededRandom(seed);
	const angle = random() * 2 * Math.PI;
	const [dx, dy] = [Math.cos(angle), Math.sin(angle)].map((v) => v.toFixed(4));
	const band = captionBand(width, `svd seed ${seed}  ${SVD_FRAMES}f @ ${fps}fps  motion ${motion}  noise ${noise}  crf ${params.constant_rate_factor}`);
	const last = SVD_FRAMES - 1;
	const zoom = `1+${(MAX_EXTRA_ZOOM * motion).toFixed(4)}*on/${last}`;
	// The window stays inside the picture: the pan uses the room the zoom leaves.
	const animate = `zoompan=z='${zoom}':x='(iw-iw/zoom)/2*(1+${dx})':y='(ih-ih/zoom)/2*(1+${dy})':d=${SVD_FRAMES}:s=${width}x${height}:fps=${fps}`;
	const grain = noise > 0 ? `,noise=alls=${Math.max(1, Math.round(noise * MAX_GRAIN))}:allf=t:all_seed=${seed % 2 ** 31}` : '';
	return {
		inputs: [picture, band],
		filter: `[0:v]${animate}${grain}[moving];[moving][1:v]overlay=0:${height - band.height}:eof_action=repeat,format=yuv420p`,
		fps,
		frames: SVD_FRAMES,
		crf: params.constant_rate_factor,
	};
}

/** A dark strip with the parameters in amber, as wide as the video. */
function captionBand(width: number, caption: string): Canvas {
	const scale = Math.max(1, Math.floor(width / 384));
	const band = createCanvas(width, 12 * scale);
	band.data.fill(24);
	drawText(band, 3 * scale, 3 * scale, caption, scale, [255, 220, 120]);
	return band;
}
