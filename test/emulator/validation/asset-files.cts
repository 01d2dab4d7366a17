// Is an uploaded file a plausible asset of its kind? The service validated uploads after
// complete-upload and rejected what it could not load; the emulator sniffs the bytes the same way,
// so a client's wrong file (or wrong file_format) shows up as a `rejected` asset with the reason.
import type { AssetType, FileExtension } from '../rules/asset-enums.cts';
import { decodeImage } from './images.cts';

/** What an upload turned out to be: a problem (the asset is rejected) or, for images, their format. */
export type Inspection = { problem: string } | { ok: true; image?: 'png' | 'jpeg' | 'webp' };

type Check = (bytes: Buffer) => Promise<Inspection>;

/** Longest safetensors header accepted; real ones are a few hundred KB at most. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const safetensors: Check = async (bytes) => {
	if (bytes.length < 8) return { problem: 'is not a safetensors file: shorter than its 8-byte header length' };
	const declared = bytes.readBigUInt64LE(0);
	if (declared === 0n || declared > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
		return { problem: `is not a safetensors file: it declares a ${declared}-byte header but has ${bytes.length - 8} bytes after the length` };
	}
	let header: unknown;
	try {
		header = JSON.parse(bytes.subarray(8, 8 + Number(declared)).toString('utf8'));
	} catch {
		return { problem: 'is not a safetensors file: its header is not JSON' };
	}
	if (typeof header !== 'object' || header === null || Array.isArray(header)) return { problem: 'is not a safetensors file: its header is not a JSON object' };
	return { ok: true };
};

// PyTorch's .pt format is a zip archive.
const pytorch: Check = async (bytes) =>
	bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) ? { ok: true } : { problem: 'is not a PyTorch (.pt) file: no zip archive signature' };

function image(...formats: Array<'png' | 'jpeg' | 'webp'>): Check {
	return async (bytes) => {
		try {
			const decoded = await decodeImage(bytes);
			if (formats.includes(decoded.format)) return { ok: true, image: decoded.format };
			return { problem: `is a ${decoded.format} image, not ${formats.join(' or ')}` };
		} catch (error) {
			return { problem: (error as Error).message };
		}
	};
}

const text: Check = async (bytes) => {
	try {
		// NUL bytes are valid UTF-8 but mark binary data.
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes).includes('\u0000') ? { problem: 'is not UTF-8 text' } : { ok: true };
	} catch {
		return { problem: 'is not UTF-8 text' };
	}
};

const jsonLines: Check = async (bytes) => {
	const asText = await text(bytes);
	if ('problem' in asText) return asText;
	const lines = bytes.toString('utf8').split('\n');
	const bad = lines.findIndex((line) => line.trim() !== '' && !parsesAsJson(line));
	return bad === -1 ? { ok: true } : { problem: `is not JSON Lines: line ${bad + 1} is not JSON` };
};

const mp3: Check = async (bytes) =>
	bytes.subarray(0, 3).toString('latin1') === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) ? { ok: true } : { problem: 'is not an MP3 file' };

const wav: Check = async (bytes) =>
	bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WAVE' ? { ok: true } : { problem: 'is not a WAV file' };

/** The first check that passes wins; otherwise the asset is rejected with `why`. */
function anyOf(why: string, ...checks: Check[]): Check {
	return async (bytes) => {
		for (const check of checks) {
			const result = await check(bytes);
			if ('ok' in result) return result;
		}
		return { problem: why };
	};
}

/** Weight files by `data.file_format`; absent means either format is fine. */
const MODEL_CHECKS: Record<string, Check> = {
	safetensors,
	pt: pytorch,
	'': anyOf('is neither a safetensors file nor a PyTorch (.pt) archive', safetensors, pytorch),
};

/** `file` assets by `data.file_format` (a FileExtension); absent or `unknown` means any image or text. */
const FILE_CHECKS: Record<FileExtension | '', Check> = {
	png: image('png'),
	jpg: image('jpeg'),
	jpeg: image('jpeg'),
	txt: text,
	jsonl: jsonLines,
	mp3,
	wav,
	unknown: anyOf('is neither an image (PNG, JPEG, WebP) nor UTF-8 text', image('png', 'jpeg', 'webp'), text),
	'': anyOf('is neither an image (PNG, JPEG, WebP) nor UTF-8 text', image('png', 'jpeg', 'webp'), text),
};

/** Checks uploaded bytes against the asset's type and `data.file_format`. */
export async function inspectUpload(assetType: AssetType, fileFormat: string | undefined, bytes: Buffer): Promise<Inspection> {
	if (bytes.length === 0) return { problem: 'is empty' };
	const table: Record<string, Check> = assetType === 'file' ? FILE_CHECKS : MODEL_CHECKS;
	return table[fileFormat ?? ''](bytes);
}

function parsesAsJson(line: string): boolean {
	try {
		JSON.parse(line);
		return true;
	} catch {
		return false;
	}
}
