import type { INodeExecutionData } from 'n8n-workflow';
import sharp from 'sharp';

import { binaryItem } from '../../harness/index.cts';
import { mask, picture } from '../../nodes/helpers.cts';
import type { Evidence } from './evidence.cts';

/** The binary fields every bad-input and fault item carries, so each case only names the one it uses. */
export interface InputFiles {
	/** A 512x512 PNG photo: the valid input, mask-free image and control image. */
	data: Buffer;
	/** A valid 512x512 mask. */
	mask: Buffer;
	/** A text file: a binary field that is not an image. */
	note: Buffer;
	/** A 1.4 MB PNG of noise: above a 1 MB "Max Input Image Size". */
	big: Buffer;
}

const MIME: Record<keyof InputFiles, [mime: string, file: string]> = {
	data: ['image/png', 'photo.png'],
	mask: ['image/png', 'mask.png'],
	note: ['text/plain', 'note.txt'],
	big: ['image/png', 'noise.png'],
};

/** Noise does not compress, so the PNG is about width * height * 3 bytes. */
async function noisePng(width: number, height: number): Promise<Buffer> {
	const pixels = Buffer.alloc(width * height * 3);
	let state = 12345;
	for (let i = 0; i < pixels.length; i++) {
		state = (state * 1103515245 + 12345) & 0x7fffffff;
		pixels[i] = state >>> 16;
	}
	return await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

/** Makes the input files and registers each one's base64 as a secret that must never be echoed. */
export async function makeInputFiles(evidence: Evidence): Promise<InputFiles> {
	const files: InputFiles = {
		data: await picture(512, 512),
		mask: await mask(512, 512, { left: 128, top: 128, width: 256, height: 256 }),
		note: Buffer.from('Quarterly numbers, not an image. '.repeat(20)),
		big: await noisePng(700, 700),
	};
	for (const [name, bytes] of Object.entries(files)) evidence.addImage(`input ${name}`, bytes);
	return files;
}

/** One input item holding every input file under its own binary field, stored as n8n stores binaries. */
export async function itemWithFiles(files: InputFiles, json: INodeExecutionData['json'] = {}): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json, binary: {} };
	for (const field of Object.keys(MIME) as Array<keyof InputFiles>) {
		const [mime, file] = MIME[field];
		const stored = await binaryItem(files[field], mime, file, field);
		item.binary![field] = stored.binary![field];
	}
	return item;
}

/** Copies of an item with other json: the stored binaries are shared, as after a Split node. */
export function withJson(item: INodeExecutionData, json: INodeExecutionData['json']): INodeExecutionData {
	return { json, binary: item.binary };
}
