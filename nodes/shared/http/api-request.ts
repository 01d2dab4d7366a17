import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions } from 'n8n-workflow';

import type { Base64List } from './media-lists';
import type { ShapeCheck } from './response-shapes';

/** Where requests are sent from: a node's run, or the editor's list searches and Test button. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

/** The credential field holding each API's base URL: the only origins the token is sent to. */
export const BASE_URL_FIELDS = {
	image: 'imageBaseUrl',
	platform: 'platformBaseUrl',
	async: 'asyncBaseUrl',
} as const;

/** Each base URL field's label in the credential, for messages that send the user there. */
export const BASE_URL_LABELS = {
	image: 'Image API Base URL',
	platform: 'Platform API Base URL',
	async: 'Async API Base URL',
} as const satisfies Record<keyof typeof BASE_URL_FIELDS, string>;

/** One request to an OctoAI API, as the nodes describe it to the transport (transport.ts). */
export interface ApiRequest {
	/** Which base URL of the credential the path belongs to. */
	api: keyof typeof BASE_URL_FIELDS;
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Extra request headers (e.g. X-OctoAI-Async); the credential's Authorization header is added here. */
	headers?: Record<string, string>;
	/** The shape a 2xx answer must have; a mismatch is a NodeApiError naming what is wrong. */
	shape?: ShapeCheck;
	/**
	 * Read a 2xx generation answer as it arrives: each `images[].image_b64` (IMAGE_LIST) or
	 * `videos[].video` (VIDEO_LIST) is decoded on the way and comes back as `bytes` (a Buffer) in its
	 * entry, so no image or video is ever held as base64 text.
	 */
	streamBase64?: Base64List;
	/** What a 404 of this call most likely means, added to the advice (e.g. "Check the tune ID."). */
	notFound?: string;
}

/** Joins a base URL (which may carry a path prefix and a trailing slash) and an API path. */
export function joinUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
