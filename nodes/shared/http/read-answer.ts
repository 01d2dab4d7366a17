// Reading one HTTP answer's body: in its declared charset, bounded in size and time, and for a
// generation answer streamed, each image or video decoded as it arrives (json-media-stream.ts).
import type { NodeApiError } from 'n8n-workflow';

import type { ApiLink } from './api-credential';
import type { RequestContext } from './api-request';
import type { Deadline } from './deadline';
import { bodyCharset, contentLength, decodeBody, type BodyCharset } from './headers';
import { MediaJsonScanner, streamedMedia, type StreamedJson } from './json-media-stream';
import { mediaBufferPool, type MediaBufferPool } from './media-buffers';
import { DEFAULT_MEDIA_STREAM_LIMITS, type Base64List } from './media-lists';
import { readSlots, type ReadSlot } from './read-slots';
import { parseBody, readBody, readBodyWith, type ByteStream } from './response-body';
import { charsetError } from './transport-errors';
import { redactAnswer } from '../messages/safe-text';

/** An answer as n8n's request helper gives it with `encoding: 'stream'` and `returnFullResponse`. */
export interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * The answer's body, parsed and with what the server echoes of the token removed. `refused`: an
 * answer that was read but cannot be decoded (not retried; the caller throws it once the deadline is
 * cleared).
 */
export async function readAnswer(
	ctx: RequestContext,
	link: ApiLink,
	response: FullResponse,
	deadline: Deadline,
	streamBase64: Base64List | undefined,
	itemIndex: number,
): Promise<{ parsed: unknown; refused?: NodeApiError }> {
	const stream = response.body as ByteStream;
	const reason = () => deadline.reason();
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	const charset = bodyCharset(response.headers);
	let parsed: unknown;
	let refused: NodeApiError | undefined;
	if (charset.kind === 'unsupported' && ok) {
		stream.destroy();
		refused = charsetError(link.node, response.statusCode, charset, link.base, itemIndex);
	} else if (streamBase64 && ok && charset.kind === 'utf8') {
		// The streaming decoder reads UTF-8 only; an answer declared in another charset is read whole below.
		// A few answers of the run are read at a time (read-slots.ts); this one waits its turn paused.
		const slot = await readSlots(ctx).acquire(deadline.signal);
		try {
			const sink = scannerSink(response.headers, streamBase64, mediaBufferPool(ctx), slot);
			parsed = withBytes(await readBodyWith(stream, deadline.signal, reason, sink), streamBase64);
		} finally {
			slot.release();
		}
	} else {
		const bytes = await readBody(stream, deadline.signal, reason);
		parsed = decodeDeclared(bytes, charset, ok);
		if (parsed === UNDECODABLE && charset.kind !== 'utf8') {
			refused = charsetError(link.node, response.statusCode, charset, link.base, itemIndex, 'its bytes are not valid in that charset');
		}
	}
	// What the server echoes of the token goes here, before any output, message or excerpt.
	return { parsed: redactAnswer(parsed, link.secrets), refused };
}

/** What decodeDeclared gives for a success answer whose bytes are not valid in its declared charset. */
const UNDECODABLE = Symbol('undecodable');

/**
 * A body in its declared charset (see bodyCharset), parsed as parseBody does. Bytes invalid in that
 * charset: an error answer still shows what it says (read as UTF-8); a success answer is UNDECODABLE.
 */
function decodeDeclared(bytes: Buffer, charset: BodyCharset, ok: boolean): unknown {
	if (charset.kind !== 'other') return parseBody(bytes);
	try {
		return parseBody(Buffer.from(decodeBody(bytes, charset.label), 'utf8'));
	} catch {
		return ok ? UNDECODABLE : parseBody(bytes);
	}
}

/** A sink for readBodyWith that decodes the images (or videos) of a generation answer as its chunks arrive. */
function scannerSink(headers: FullResponse['headers'], field: Base64List, pool: MediaBufferPool, slot: ReadSlot) {
	// Content-Length lets each image be decoded into one buffer of the right size (a hint only: a
	// wrong one costs a copy, the size limits still hold).
	const length = contentLength(headers);
	const scanner = new MediaJsonScanner(DEFAULT_MEDIA_STREAM_LIMITS, length ? length : undefined, field, pool);
	return {
		push: (chunk: Buffer) => {
			slot.touch();
			scanner.push(chunk);
		},
		end: () => scanner.end(),
		// The scanner decodes or copies every byte it keeps, so each chunk can be freed once pushed.
		copiesWhatItKeeps: true,
	};
}

/** The streamed answer's JSON with each entry's decoded bytes as `bytes` in place of its base64 key. */
function withBytes(streamed: StreamedJson, field: Base64List): unknown {
	const json = streamed.json as Record<string, unknown>;
	const list = json && typeof json === 'object' ? json[field.list] : undefined;
	if (Array.isArray(list)) {
		json[field.list] = list.map((entry: unknown) => {
			if (!entry || typeof entry !== 'object') return entry;
			const { [field.key]: text, ...rest } = entry as Record<string, unknown>;
			const bytes = streamedMedia(streamed, text);
			return bytes ? { ...rest, bytes } : entry;
		});
	}
	return json;
}
