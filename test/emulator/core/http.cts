import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route answers; the pipeline sends it (and may cut it short for a `truncate` fault). */
export interface Reply {
	status: number;
	headers?: Record<string, string>;
	/** A value is sent as JSON; a string or Buffer is sent as is with the content type from `headers`. */
	body: unknown;
}

/** Largest request body accepted; generous because init/mask/control images travel as base64. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads the whole request body; rejects with `tooLarge` past {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(Object.assign(new Error('request body too large'), { tooLarge: true }));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** A JSON reply; FastAPI-style `{"detail": ...}` for errors. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
	return { status, body, headers };
}

/** The bytes and content type a reply goes out as. */
export function serialize(reply: Reply): { bytes: Buffer; contentType: string } {
	if (Buffer.isBuffer(reply.body)) return { bytes: reply.body, contentType: reply.headers?.['content-type'] ?? 'application/octet-stream' };
	if (typeof reply.body === 'string') {
		return { bytes: Buffer.from(reply.body, 'utf8'), contentType: reply.headers?.['content-type'] ?? 'text/plain; charset=utf-8' };
	}
	return { bytes: Buffer.from(JSON.stringify(reply.body), 'utf8'), contentType: 'application/json' };
}

/** Writes a reply, optionally only the first `keep` bytes of its body (with a matching Content-Length). */
export function send(res: ServerResponse, reply: Reply, keep?: number): void {
	const { bytes, contentType } = serialize(reply);
	const body = keep === undefined ? bytes : bytes.subarray(0, keep);
	res.writeHead(reply.status, { ...reply.headers, 'content-type': contentType, 'content-length': String(body.length) });
	res.end(body);
}

/** Query parameters with repeated keys gathered into arrays. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const all = params.getAll(key);
		out[key] = all.length === 1 ? all[0] : all;
	}
	return out;
}

/** True for 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 forms. */
export function isLoopback(address: string | undefined): boolean {
	if (!address) return false;
	const plain = address.replace(/^::ffff:/, '');
	return plain === '::1' || /^127\./.test(plain);
}
