// Pictures the utilities' tests and examples start from, drawn so a person and the emulator's
// regions.cts see the same things: a landscape under a sky, a product on a plain backdrop.
import sharp from 'sharp';

type Rgb = [number, number, number];

function paint(width: number, height: number, colourAt: (x: number, y: number) => Rgb): Buffer {
	const rgb = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) rgb.set(colourAt(x, y), (y * width + x) * 3);
	}
	return rgb;
}

/** Where the landscape's sky ends at column x (a gentle wave around 45% of the height). */
export const horizonAt = (x: number, width: number, height: number) => Math.round(height * (0.45 + 0.04 * Math.sin((x / width) * Math.PI * 3)));

/** A landscape: a blue sky fading lighter toward green hills, and a brown house on the ground. */
export async function landscape(width = 1152, height = 896): Promise<Buffer> {
	const rgb = paint(width, height, (x, y) => {
		const horizon = horizonAt(x, width, height);
		if (y < horizon) {
			const t = y / horizon;
			return [110 + 40 * t, 170 + 30 * t, 235 + 10 * t];
		}
		const inHouse = x > width * 0.6 && x < width * 0.75 && y > height * 0.6 && y < height * 0.8;
		return inHouse ? [120, 70, 40] : [60, 140 - (30 * (y - horizon)) / height, 60];
	});
	return await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** The product's height in {@link productPhoto}, from the top of the cap to the bottom of the bottle. */
export const PRODUCT = { top: 90, bottom: 700, colour: [200, 30, 40] as Rgb };

/** A product photo: a red bottle with a dark cap on a plain off-white backdrop, 512x768. */
export async function productPhoto(): Promise<Buffer> {
	const [width, height] = [512, 768];
	const rgb = paint(width, height, (x, y) => {
		if (x >= 216 && x < 296 && y >= PRODUCT.top && y < 130) return [40, 40, 40];
		if (x >= 224 && x < 288 && y >= 130 && y < 260) return PRODUCT.colour;
		if (x >= 160 && x < 352 && y >= 260 && y < PRODUCT.bottom) return PRODUCT.colour;
		return [250, 250, 248];
	});
	return await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A portrait stand-in for the detailer: two "faces" (discs) on a plain backdrop. */
export async function twoFaces(width = 512, height = 512): Promise<Buffer> {
	const faces = [
		{ x: 160, y: 200, r: 60 },
		{ x: 360, y: 260, r: 50 },
	];
	const rgb = paint(width, height, (x, y) =>
		faces.some((f) => (x - f.x) ** 2 + (y - f.y) ** 2 < f.r * f.r) ? [230, 180, 150] : [40, 60, 90],
	);
	return await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
}
