import { sniffImageMime, type BinaryFile } from '../binary';
import type { AssetData } from './types';

const IMAGE_FORMATS: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };

/**
 * What is wrong with a file before it is uploaded as an asset, as far as its bytes tell: an empty
 * file, an image format (declared, or taken from the file name) that the bytes are not, or weights
 * declared as safetensors without a safetensors header. Each would create an asset that OctoAI then
 * rejects and that stays in the library, so it is refused before the first request.
 */
export function uploadProblem(data: AssetData, file: BinaryFile): string | undefined {
	if (file.bytes.length === 0) return 'is empty (0 bytes)';
	const format = data.file_format ?? file.extension;
	const expected = format ? IMAGE_FORMATS[format] : undefined;
	if (data.asset_type === 'file' && expected && sniffImageMime(file.bytes) !== expected) {
		return `is declared as ${String(format).toUpperCase()} (${data.file_format ? 'File Extension' : 'its file name'}) but its bytes are not a ${expected === 'image/png' ? 'PNG' : 'JPEG'} image`;
	}
	if (data.asset_type !== 'file' && data.file_format === 'safetensors' && !looksLikeSafetensors(file.bytes)) {
		return 'is declared as safetensors but has no safetensors header';
	}
	return undefined;
}

/** A safetensors file starts with the length of its JSON header (8 bytes, little-endian), then `{`. */
function looksLikeSafetensors(bytes: Buffer): boolean {
	if (bytes.length < 10) return false;
	const headerLength = bytes.readBigUInt64LE(0);
	return headerLength > 1n && headerLength <= BigInt(bytes.length - 8) && bytes[8] === 0x7b;
}
