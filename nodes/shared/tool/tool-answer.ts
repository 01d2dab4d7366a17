import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isToolCall } from './tool-mode';

/** How long a link in a tool answer opens the file (n8n's signed URL; `expiresIn` in its `ms` syntax). */
export const LINK_LIFETIME = { expiresIn: '24h', ms: 24 * 3600_000, text: '24 hours' } as const;

/** Why there is no link: n8n keeps binary data in memory (n8n 1.x's default), where it cannot sign one. */
const NO_LINK =
	'n8n keeps binary data in memory here, which has no shareable links; set N8N_DEFAULT_BINARY_DATA_MODE=filesystem (or database/s3) for a link.';

/**
 * The answer an AI agent (or an MCP client) gets from a node run as a tool: n8n hands it only each
 * item's JSON, so every file the item carries is described there (type, name, byte size) with a link
 * the person chatting can open and a Markdown snippet that n8n's chat shows as the picture. The
 * binary stays on the item, so the execution view still shows it. Items without files are unchanged.
 */
export function toolAnswers(ctx: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	if (!items.some((item) => item.binary) || !isToolCall(ctx)) return items;
	const expiresAt = new Date(Date.now() + LINK_LIFETIME.ms).toISOString();
	return items.map((item) => {
		const fields = Object.entries(item.binary ?? {});
		if (fields.length === 0) return item;
		const files = fields.map(([field, binary]) => describeFile(ctx, field, binary));
		const json: IDataObject = { ...item.json };
		if (files.length === 1) Object.assign(json, files[0]);
		else json.files = files;
		const markdown = files.map((file) => file.markdown).filter((text): text is string => typeof text === 'string');
		json.instruction =
			markdown.length > 0
				? `Show the result to the user by including this Markdown in your answer: ${markdown.join(' ')} — the link works for ${LINK_LIFETIME.text} (until ${expiresAt}).`
				: `The file is stored in this n8n execution, but no link can be given: ${NO_LINK}`;
		return { ...item, json };
	});
}

/** One file as the agent sees it: never its data, only what to say about it and where to open it. */
function describeFile(ctx: IExecuteFunctions, field: string, binary: IBinaryData): IDataObject {
	const fileName = binary.fileName ?? field;
	const file: IDataObject = {
		binaryField: field,
		fileName,
		mimeType: binary.mimeType,
		fileSizeBytes: byteSize(binary),
	};
	const url = signedUrl(ctx, binary);
	if (url === undefined) {
		file.url = null;
		file.urlProblem = NO_LINK;
		return file;
	}
	file.url = url;
	file.urlLifetime = LINK_LIFETIME.text;
	const label = fileName.replace(/[[\]()]/g, '');
	file.markdown = binary.mimeType.startsWith('image/') ? `![${label}](${url})` : `[${label}](${url})`;
	return file;
}

/** n8n's signed link to the stored file; undefined in memory mode (no id) or where n8n has no signing. */
function signedUrl(ctx: IExecuteFunctions, binary: IBinaryData): string | undefined {
	if (!binary.id || typeof ctx.helpers.createBinarySignedUrl !== 'function') return undefined;
	try {
		return ctx.helpers.createBinarySignedUrl(binary, LINK_LIFETIME.expiresIn);
	} catch {
		return undefined;
	}
}

/** The file's size in bytes: n8n's own count when it kept one, else from the base64 data in memory. */
function byteSize(binary: IBinaryData): number | null {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id || !binary.data) return null;
	const padding = binary.data.endsWith('==') ? 2 : binary.data.endsWith('=') ? 1 : 0;
	return Math.floor((binary.data.length * 3) / 4) - padding;
}
