// Every field of each media-utility request (the emulator's transcription of the service's export)
// is a field of the Image Tools node, and the node's lists equal the export's enums.
import { DETAILER_SIZES, DETECTORS, FIELDS, REMOVAL_DRIVERS, SCENE_SIZES, UPSCALING_MODELS, UTILITY_SAMPLERS } from '../../nodes/OctoAiImageTools/actions/image/fields';
import { declaredImageSize as imageSize } from '../../nodes/shared/images/image-header';
import { requestEcho } from '../../nodes/OctoAiImageTools/actions/image/output';
import type { Operation } from '../../nodes/OctoAiImageTools/actions/image/fields';
import * as rules from '../emulator/rules/utilities.cts';

const UTILITY_OF: Record<Operation, rules.Utility> = {
	upscale: 'upscaling',
	removeBackground: 'background-removal',
	fixFaces: 'adetailer',
	segment: 'segment',
	productScene: 'creative-generator',
};
/** Fields the operations fill from their image source (and Face Transfer Images), not from rows. */
const IMAGE_KEYS: Record<Operation, string[]> = {
	upscale: ['init_image', 'init_image_url'],
	removeBackground: ['init_image', 'init_image_url'],
	fixFaces: ['init_image', 'init_image_url', 'transfer_images'],
	segment: ['image_b64', 'image_url'],
	productScene: ['product_image_b64'],
};

it.each(Object.entries(UTILITY_OF))('%s covers every field of POST /%s', (op, utility) => {
	const rows = FIELDS.filter((row) => row.op === op);
	const wire = rows.flatMap((row) => (row.value.type === 'size' ? ['width', 'height'] : [row.wire]));
	// output_image_encoding of background removal is fixed to png by the export: nothing to choose.
	const omitted = utility === 'background-removal' ? ['output_image_encoding'] : [];
	const nodeKeys = [...new Set([...wire, ...IMAGE_KEYS[op as Operation], ...omitted])].sort();
	expect(nodeKeys).toEqual(rules.REQUESTS[utility].fields.map((f) => f.name).sort());
});

it('uses the export lists', () => {
	expect(UPSCALING_MODELS).toEqual([...rules.UPSCALING_MODELS]);
	expect(DETECTORS).toEqual([...rules.ADETAILER_DETECTORS]);
	expect(UTILITY_SAMPLERS).toEqual([...rules.UTILITY_SCHEDULERS]);
	expect(REMOVAL_DRIVERS).toEqual(rules.REMOVAL_MODELS);
	expect([...SCENE_SIZES].sort()).toEqual([...rules.CREATIVE_RESOLUTIONS].sort());
});

it('gives every Options row the export default', () => {
	for (const row of FIELDS.filter((r) => r.place === 'options' && r.value.type !== 'nameMap' && r.value.type !== 'seed' && r.value.type !== 'integers')) {
		const exportDefault = rules.DEFAULTS[UTILITY_OF[row.op]][row.wire];
		if (exportDefault !== undefined) expect([row.op, row.wire, row.default]).toEqual([row.op, row.wire, exportDefault]);
	}
});

it('has the ADetailer sizes of the export', () => {
	expect(DETAILER_SIZES).toEqual(Object.fromEntries(Object.entries(rules.ADETAILER_RESOLUTIONS).map(([k, v]) => [k, [...v]])));
});

it('reads image sizes from PNG, JPEG and WebP headers', async () => {
	const sharp = (await import('sharp')).default;
	const base = sharp({ create: { width: 77, height: 45, channels: 3, background: '#808080' } });
	for (const format of ['png', 'jpeg', 'webp'] as const) {
		expect([format, imageSize(await base.clone().toFormat(format).toBuffer())]).toEqual([format, { width: 77, height: 45 }]);
	}
	expect(imageSize(await base.clone().webp({ lossless: true }).toBuffer())).toEqual({ width: 77, height: 45 });
	expect(imageSize(Buffer.from('not an image'))).toBeUndefined();
});

it('echoes the request without image data or a URL\'s user name and password', () => {
	const echo = requestEcho({ init_image: 'iVBORw0KGgo', image_url: 'https://bob:hunter22@example.com/a.png?x=1', model: 'm' }, ['init_image']);
	expect(echo).toEqual({ image_url: 'https://[redacted]@example.com/a.png?x=1', model: 'm' });
	expect(requestEcho({ init_image_url: 'https://example.com/a.png' }, ['init_image'])).toEqual({ init_image_url: 'https://example.com/a.png' });
});
