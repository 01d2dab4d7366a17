import type { INodeProperties } from 'n8n-workflow';

const SOURCE_HELP =
	'The input binary field holding the image (PNG, JPEG or WebP), an expression giving a binary object, an http(s) URL, or a data URI';

/**
 * The image field of an operation: a binary field name by default; a URL or data URI also works
 * (read by putImage in nodes/shared/images/image-source.ts).
 */
export function imageProperty(label = 'Image', name = 'image'): INodeProperties {
	return { displayName: label, name, type: 'string', default: 'data', required: true, description: SOURCE_HELP };
}
