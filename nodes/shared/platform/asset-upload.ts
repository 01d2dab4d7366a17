import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { answerText } from '../messages/answer-values';
import { deleteCreatedAssets, keptNote, withNote } from './asset-cleanup';
import { completeUpload, createAsset, getAsset } from './assets-api';
import { formatDuration, lastStatus, pollUntil, readNoting, type PollSettings } from './polling';
import { putToStorage } from './storage-put';
import type { Asset, CreateAssetRequest, TransferApi } from './types';

/** Statuses after which an asset's status no longer changes on its own. */
const FINAL_STATUSES = new Set(['ready', 'rejected', 'error', 'deleted']);

/**
 * Waits until the asset is `ready` and returns it. `rejected`, `error` and `deleted` fail with the
 * API's `status_details`; the deadline fails with a NodeOperationError naming the asset. The errors
 * say the asset stays in the library, unless `callerDecides` is given: the caller then deletes it or
 * says what became of it, and the timeout error gives its `timeoutAdvice`.
 */
export async function waitForAsset(
	ctx: IExecuteFunctions,
	asset: Asset,
	itemIndex: number,
	settings: PollSettings,
	callerDecides?: { timeoutAdvice: string },
): Promise<Asset> {
	const final = await pollUntil(
		ctx,
		itemIndex,
		settings,
		// A throttled status read retries only while the wait's deadline allows (Retry-After may be minutes).
		async (deadline) => {
			const read = getAsset(ctx, asset.id, itemIndex, deadline);
			// The caller that decides deletes the asset or says what became of it; otherwise it stays.
			const note = `The asset "${asset.name}" (${asset.id}) was created and stays in your library: check it later with the Asset Library's Get operation and asset ID ${asset.id}.`;
			return (callerDecides ? await read : await readNoting(ctx, itemIndex, read, note)).asset;
		},
		(current) => FINAL_STATUSES.has(current.status),
		(last) =>
			new NodeOperationError(
				ctx.getNode(),
				`Asset "${asset.name}" (${asset.id}) was not ready within ${formatDuration(settings.timeoutMs)} (status: ${lastStatus(last)})`,
				{
					itemIndex,
					description: callerDecides
						? callerDecides.timeoutAdvice
						: `The asset stays in your library and may still become ready: check it later with the Asset Library's Get operation and asset ID ${asset.id}, or ${settings.raisedBy ? `raise "${settings.raisedBy}" in Options` : 'allow a longer wait'}.`,
				},
			),
	);
	if (final.status !== 'ready') throw assetFailedError(ctx, final, itemIndex, callerDecides !== undefined);
	return final;
}

/** A NodeApiError for an asset that ended `rejected`, `error` or `deleted`, with the API's reason. */
function assetFailedError(ctx: IExecuteFunctions, asset: Asset, itemIndex: number, callerDecides: boolean): NodeApiError {
	const details = answerText(asset.status_details);
	const what = {
		rejected: `OctoAI rejected the asset "${asset.name}"`,
		error: `OctoAI could not process the asset "${asset.name}"`,
	}[asset.status as 'rejected' | 'error'] ?? `The asset "${asset.name}" was ${asset.status} while waiting for it`;
	// No `status` key in the error object: n8n would read it as an HTTP code.
	const response: JsonObject = {
		message: `asset ${asset.status}`,
		asset_id: asset.id,
		asset_name: asset.name,
		asset_status: asset.status,
		status_details: details ?? '',
	};
	const advice =
		asset.status === 'rejected'
			? 'OctoAI checks that the file fits the asset type and file format (e.g. safetensors weights for a LoRA, an image for a file asset).'
			: '';
	const fate = callerDecides ? '' : asset.status === 'rejected' ? 'The rejected asset stays in the library until deleted.' : 'The asset stays in the library with this status until deleted.';
	return new NodeApiError(ctx.getNode(), response, {
		message: details ? `${what}: ${details}` : what,
		description: [advice, fate].filter(Boolean).join(' ') || undefined,
		itemIndex,
	});
}

/** Default deadline of one file's transfer to storage: model files of gigabytes take a while. */
export const DEFAULT_TRANSFER_TIMEOUT_SECONDS = 1_800;

/**
 * Uploads bytes as a new asset: create it with a presigned URL, PUT the bytes there (see
 * putToStorage: unauthenticated, one deadline of `transferTimeoutMs` over the whole exchange), and
 * tell the API the upload is complete; returns the asset as created (follow with {@link waitForAsset}).
 * When the transfer or its completion fails, the asset just created is deleted again, so no empty
 * asset is left behind.
 */
export async function uploadAsset(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: Omit<CreateAssetRequest, 'url' | 'transfer_api_type'>,
	file: { bytes: Buffer; mimeType: string },
	transferTimeoutMs: number,
): Promise<Asset> {
	const created = await createAsset(ctx, { ...request, transfer_api_type: 'presigned-url' }, itemIndex);
	try {
		const putUrl = presignedPutUrl(ctx, created.transfer_api, itemIndex);
		await putToStorage(ctx, putUrl, file, itemIndex, transferTimeoutMs);
		const completed = await completeUpload(ctx, created.asset.id, itemIndex);
		if (completed && typeof completed.error === 'string' && completed.error) {
			throw new NodeApiError(ctx.getNode(), { message: completed.error }, {
				message: `OctoAI did not accept the upload of "${created.asset.name}": ${completed.error}`,
				itemIndex,
			});
		}
	} catch (error) {
		throw await withCleanup(ctx, created.asset, itemIndex, error);
	}
	return created.asset;
}

/** The asset once ready (when `wait` is given), or as it is now. */
export async function settleAsset(
	ctx: IExecuteFunctions,
	asset: Asset,
	itemIndex: number,
	wait: PollSettings | undefined,
): Promise<Asset> {
	if (wait) return await waitForAsset(ctx, asset, itemIndex, wait);
	return (await getAsset(ctx, asset.id, itemIndex)).asset;
}

/** Deletes the asset of an upload that failed (transfer or completion), and says so in the error's description. */
async function withCleanup(ctx: IExecuteFunctions, asset: Asset, itemIndex: number, error: unknown) {
	// After Stop no further request goes out; the asset stays, as the description says.
	const { kept } = await deleteCreatedAssets(ctx, [asset], itemIndex);
	const note =
		kept.length === 0
			? `The asset "${asset.name}" created for the upload was deleted again.`
			: `The asset created for the upload could not be deleted. ${keptNote({ one: 'It', many: 'They' }, kept)}`;
	return withNote(ctx, error, note, itemIndex);
}

function presignedPutUrl(ctx: IExecuteFunctions, transfer: TransferApi | undefined, itemIndex: number): string {
	if (transfer?.type === 'presigned-url' && typeof transfer.put_url === 'string' && transfer.put_url) {
		return transfer.put_url;
	}
	throw new NodeApiError(ctx.getNode(), { message: 'no presigned upload URL' }, {
		message: `OctoAI offered no presigned upload URL (transfer type: ${transfer?.type ?? 'none'})`,
		description: 'The server at the Platform API Base URL does not support presigned-URL uploads.',
		itemIndex,
	});
}
