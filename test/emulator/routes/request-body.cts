import { json, type Reply } from '../core/http.cts';
import type { ParsedBody } from './route-types.cts';
import { jsonInvalid, missing } from '../validation/errors.cts';

/**
 * The JSON body of a request, or the 422 FastAPI gives for a missing or malformed one. `whenEmpty`
 * stands in for an empty body on endpoints whose body is optional (complete-upload, cancel).
 */
export function jsonBody(body: ParsedBody, whenEmpty?: unknown): { value: unknown } | { reply: Reply } {
	if (body.kind === 'json') return { value: body.value };
	if (body.kind === 'empty') return whenEmpty === undefined ? { reply: json(422, { detail: [missing(['body'])] }) } : { value: whenEmpty };
	const position = Number(/position (\d+)/.exec(body.error.message)?.[1] ?? 0);
	return { reply: json(422, { detail: [jsonInvalid(position, body.error.message)] }) };
}
