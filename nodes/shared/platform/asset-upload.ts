import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { safeHost } from '../transport';
import { completeUpload, createAsset, getAsset } from './assets-api';
import { formatDuration, pollUntil, type PollSettings } from './polling';
import type { Asset, CreateAssetRequest, TransferApi } from './types';

/** Statuses after which an asset's status no longer changes on its own. */
const FINAL_STATUSES = new Set(['ready', 'rejected', 'error', 'deleted']);

/**
 * Waits until the asset is `ready` and returns it. `rejected`, `error` and `deleted` fail with the
 * API's `status_details`; the deadline fails with a NodeOperationError naming the asset.
 */
export async function waitForAsset(
	ctx: IExecuteFunctions,
	asset: Asset,
	itemIndex: number,
	settings: PollSettings,
): Promise<Asset> {
	const final = await pollUntil(
		ctx,
		itemIndex,
		settings,
		async () => (await getAsset(ctx, asset.id, itemIndex)).asset,
		(current) => FINAL_STATUSES.has(current.status),
		(last) =>
			new NodeOperationError(
				ctx.getNode(),
				`Asset "${asset.name}" (${asset.id}) was not ready within ${formatDuration(settings.timeoutMs)} (status: ${last.status})`,
				{
					itemIndex,
					description:
						"The asset stays in your library and may still become ready: check it later with the Asset Library's Get operation, or allow a longer timeout.",
				},
			),
	);
	if (final.status !== 'ready') throw assetFailedError(ctx, final, itemIndex);
	return final;
}

/** A NodeApiError for an asset that ended `rejected`, `error` or `deleted`, with the API's reason. */
function assetFailedError(ctx: IExecuteFunctions, asset: Asset, itemIndex: number): NodeApiError {
	const details = asset.status_details?.trim();
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
	return new NodeApiError(ctx.getNode(), response, {
		message: details ? `${what}: ${details}` : what,
		description:
			asset.status === 'rejected'
				? 'OctoAI checks that the file fits the asset type and file format (e.g. safetensors weights for a LoRA, an image for a file asset). The rejected asset stays in the library until deleted.'
				: 'The asset stays in the library with this status until deleted.',
		itemIndex,
	});
}

/**
 * Uploads bytes as a new asset: create it with a presigned URL, PUT the bytes there, and tell the API
 * the upload is complete; returns the asset as created (follow with {@link waitForAsset}). The PUT goes
 * through n8n's plain request helper, not the authenticated one, so the OctoAI token never reaches
 * the storage host.
 */
export async function uploadAsset(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: Omit<CreateAssetRequest, 'url' | 'transfer_api_type'>,
	file: { bytes: Buffer; mimeType: string },
): Promise<Asset> {
	const created = await createAsset(ctx, { ...request, transfer_api_type: 'presigned-url' }, itemIndex);
	const putUrl = presignedPutUrl(ctx, created.transfer_api, itemIndex);
	await putBytes(ctx, putUrl, file, itemIndex);
	const completed = await completeUpload(ctx, created.asset.id, itemIndex);
	if (completed && typeof completed.error === 'string' && completed.error) {
		throw new NodeApiError(ctx.getNode(), { message: completed.error }, {
			message: `OctoAI did not accept the upload of "${created.asset.name}": ${completed.error}`,
			itemIndex,
		});
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

/** Upload timeout per file: storage PUTs of large model files take a while. */
const PUT_TIMEOUT_MS = 30 * 60_000;

async function putBytes(
	ctx: IExecuteFunctions,
	url: string,
	file: { bytes: Buffer; mimeType: string },
	itemIndex: number,
): Promise<void> {
	// Only the host goes into errors: the presigned URL's query string is a credential of its own.
	const host = safeHost(url, 'the upload URL');
	let statusCode: number;
	try {
		const response = (await ctx.helpers.httpRequest({
			method: 'PUT',
			url,
			body: file.bytes,
			headers: { 'Content-Type': file.mimeType },
			timeout: PUT_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The storage's answer is not needed; reading it as text avoids parsing an XML error page.
			encoding: 'text',
		})) as { statusCode: number };
		statusCode = response.statusCode;
	} catch (error) {
		throw new NodeApiError(ctx.getNode(), { message: 'upload failed' }, {
			message: `Could not upload the file to OctoAI's storage at ${host}`,
			description: `${(error as { code?: string }).code ?? 'No answer'}. The asset was created but has no file yet.`,
			itemIndex,
		});
	}
	if (statusCode < 200 || statusCode >= 300) {
		throw new NodeApiError(ctx.getNode(), { message: 'upload refused' }, {
			message: `OctoAI's storage at ${host} refused the upload (${statusCode})`,
			description: 'The presigned URL may have expired; run the node again.',
			httpCode: String(statusCode),
			itemIndex,
		});
	}
}
