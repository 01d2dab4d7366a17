// The `transfer_api` object of CreateAssetResponse / RetrieveAssetResponse (reference §4): how the
// client gets the file to the service. Only presigned URLs are real here: the emulator serves them
// itself. STS and GCS keys are well-formed fakes; nothing can be uploaded with them.
import type { AssetRecord, Transfer } from '../state/asset-record.cts';

const BUCKET = 'octoai-emulator-assets';

/** The transfer object of `type` for an asset; `baseUrl` is the API base the caller used. */
export function transferApi(record: AssetRecord, type: Transfer, baseUrl: string): Record<string, string> {
	const key = `${record.tenantUuid}/${record.id}`;
	switch (type) {
		case 'presigned-url': {
			const url = `${baseUrl}/_uploads/${encodeURIComponent(record.id)}`;
			return { type, put_url: `${url}?signature=${record.signatures.put}`, get_url: `${url}?signature=${record.signatures.get}` };
		}
		case 'sts':
			return {
				type,
				aws_access_key_id: 'ASIAEMULATORNOTAKEY0',
				aws_secret_access_key: 'emulator-fake-secret-no-s3-behind-it',
				aws_session_token: 'emulator-fake-session',
				aws_region: 'us-east-1',
				s3_bucket: BUCKET,
				s3_key: key,
				s3_url: `s3://${BUCKET}/${key}`,
			};
		case 'gcp-oauth':
			return { type, gcp_region: 'us-central1', gs_bucket: BUCKET, gs_key: key, gs_url: `gs://${BUCKET}/${key}`, token: 'emulator-fake-oauth-token' };
		case 'none':
			return { type };
	}
}

/** The transfer a GET answers with: the one asked for in `transfer_api_type`, else the asset's own. */
export function retrievalTransfer(record: AssetRecord, asked: string | undefined): Transfer {
	if (record.transfer === 'none' || asked === undefined) return record.transfer;
	return asked === 'any' ? 'presigned-url' : (asked as Transfer);
}
