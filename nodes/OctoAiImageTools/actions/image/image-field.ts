import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_INPUT_IMAGE_MB, readInputImage } from '../../../shared/images/binary';
import type { ItemParameters } from '../../../shared/fields/item-parameters';
import { httpUrlProblem } from '../../../shared/http/url-problem';
import { quote } from '../../../shared/messages/quote';
import { safeText } from '../../../shared/messages/safe-text';

const SOURCE_HELP =
	'The input binary field holding the image (PNG, JPEG or WebP), an expression giving a binary object, an http(s) URL, or a data URI';

/** The image field of an operation: a binary field name by default; a URL or data URI also works. */
export function imageProperty(label = 'Image', name = 'image'): INodeProperties {
	return { displayName: label, name, type: 'string', default: 'data', required: true, description: SOURCE_HELP };
}

/**
 * Puts an item's input image into the body: as base64 under `b64Key`, or, for an http(s) URL, under
 * `urlKey` so the service downloads it (without a `urlKey`, URLs are refused before any request, and
 * so are URLs with a user name or password, which OctoAI would receive).
 * Everything else (binary fields, binary objects, data URIs, base64) is read by the engine nodes' own
 * reader in binary.ts, with its size limit and PNG/JPEG/WebP check.
 */
export async function putImage(
	ctx: IExecuteFunctions,
	params: ItemParameters,
	body: IDataObject,
	/** `b64Required`: the export lists the base64 key as required (nullable), so a URL goes with it as null. */
	keys: { b64: string; url?: string; b64Required?: boolean },
	param = 'image',
): Promise<void> {
	const { itemIndex } = params;
	const label = params.label(param);
	const source = params.get(param);
	const text = typeof source === 'string' ? source.trim() : undefined;
	if (text !== undefined && /^https?:\/\//i.test(text)) {
		if (!keys.url) {
			throw new NodeOperationError(ctx.getNode(), `${label}: this operation takes the image itself, not a URL (item ${itemIndex})`, {
				itemIndex,
				description: 'Download it first, e.g. with an HTTP Request node set to return a file, and name its binary field here.',
			});
		}
		// OctoAI fetches the URL as given: a password would go to OctoAI with it.
		const problem = httpUrlProblem(text, true);
		if (problem) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label}: the URL of item ${itemIndex} ${problem}${problem.startsWith('carries') ? ', which OctoAI would receive' : ''} (got ${quote(safeText(text))})`,
				{
					itemIndex,
					description: 'Remove them from the URL, or download the image first (e.g. with an HTTP Request node set to return a file) and name its binary field here.',
				},
			);
		}
		body[keys.url] = text;
		if (keys.b64Required) body[keys.b64] = null;
		return;
	}
	body[keys.b64] = await readInputImage(ctx, itemIndex, source, label, { bytes: DEFAULT_MAX_INPUT_IMAGE_MB * 1024 * 1024 });
}
