import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteCreatedAssets, keptNote, withNote } from '../../../shared/platform/asset-cleanup';
import { uploadAsset, waitForAsset } from '../../../shared/platform/asset-upload';
import type { PollSettings } from '../../../shared/platform/polling';
import type { Asset } from '../../../shared/platform/types';
import type { TrainingImage } from './training-images';

/**
 * Uploads every image as a `file` asset, then waits for them. All uploads go out before the first
 * wait, so the API checks them side by side; one deadline covers the waits for all of them. When one
 * fails, the images uploaded so far are deleted again: without a tune they only take up the library.
 */
export async function uploadTrainingImages(
	ctx: IExecuteFunctions,
	tuneName: string,
	images: TrainingImage[],
	wait: PollSettings,
	transferTimeoutMs: number,
): Promise<Array<{ asset: Asset; image: TrainingImage }>> {
	// Asset names are unique per account: the run's timestamp keeps reruns from colliding.
	const prefix = `${tuneName.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40)}-${Date.now().toString(36)}`;
	const uploaded: Array<{ asset: Asset; image: TrainingImage }> = [];
	try {
		for (const [index, image] of images.entries()) {
			const asset = await uploadAsset(
				ctx,
				image.itemIndex,
				{ name: `${prefix}-${index + 1}`, asset_type: 'file', data: { asset_type: 'file', file_format: image.fileFormat } },
				image,
				transferTimeoutMs,
			);
			uploaded.push({ asset, image });
		}
		const shared = { ...wait, deadline: Date.now() + wait.timeoutMs };
		for (const entry of uploaded) {
			entry.asset = await waitForAsset(ctx, entry.asset, entry.image.itemIndex, shared, { timeoutAdvice: 'Raise "Upload Timeout (Seconds)" in Options.' });
		}
	} catch (error) {
		throw await discardTrainingImages(ctx, uploaded.map((entry) => entry.asset), error);
	}
	return uploaded;
}

/**
 * Deletes the training images uploaded for a tune that was never created, and says in the error's
 * description what became of them (none are deleted after Stop).
 */
export async function discardTrainingImages(ctx: IExecuteFunctions, assets: Asset[], error: unknown) {
	if (assets.length === 0) return error;
	const { deleted, kept } = await deleteCreatedAssets(ctx, assets, 0);
	const notes: string[] = [];
	if (deleted.length === 1) notes.push('The training image uploaded for the tune was deleted again.');
	if (deleted.length > 1) notes.push(`The ${deleted.length} training images uploaded for the tune were deleted again.`);
	if (kept.length > 0) notes.push(keptNote({ one: 'This training image', many: 'These training images' }, kept));
	return withNote(ctx, error, notes.join(' '), 0);
}
