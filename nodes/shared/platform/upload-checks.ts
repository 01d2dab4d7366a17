import { incompleteImage, sniffImageMime, type BinaryFile } from '../images/binary';
import { declaredImageSize, oversizedImageProblem } from '../images/image-header';
import type { AssetData } from './types';

const IMAGE_FORMATS: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };

/**
 * What is wrong with a file before it is uploaded as an asset, as far as its bytes tell: an empty
 * file, an image cut off (incompleteImage), or an image format (declared, or taken from the file name) that the bytes are not. Each
 * would create an asset that OctoAI then rejects and that stays in the library, so it is refused
 * before the first request. (Model weights are left to OctoAI's own check, which names the problem.)
 */
export function uploadProblem(data: AssetData, file: BinaryFile): string | undefined {
	if (file.bytes.length === 0) return 'is empty (0 bytes)';
	const format = data.file_format ?? file.extension;
	const expected = format ? IMAGE_FORMATS[format] : undefined;
	if (data.asset_type === 'file' && expected && sniffImageMime(file.bytes) !== expected) {
		return `is declared as ${String(format).toUpperCase()} (${data.file_format ? 'File Extension' : 'its file name'}) but its bytes are not a ${expected === 'image/png' ? 'PNG' : 'JPEG'} image`;
	}
	// Any image, whatever its declared kind: OctoAI decodes image files it stores. A bomb is named as
	// one even when its data is also cut short.
	const oversized = oversizedImageProblem(declaredImageSize(file.bytes));
	if (oversized) return oversized;
	const cut = data.asset_type === 'file' ? incompleteImage(file.bytes) : undefined;
	return cut ? `is cut off: ${cut}` : undefined;
}
