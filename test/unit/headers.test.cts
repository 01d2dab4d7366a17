// Issue 24, class 9: Retry-After, Content-Length and the Content-Type charset read by their RFCs.
import { bodyCharset, contentLength, decodeBody, MAX_RETRY_AFTER_MS, parseHttpDate, parseRetryAfter } from '../../nodes/shared/http/headers';
import { parseBody } from '../../nodes/shared/http/response-body';

const NOW = Date.parse('Sun, 06 Nov 1994 08:49:37 GMT');

describe('Retry-After (RFC 9110 §10.2.3): 1*DIGIT seconds or an HTTP-date', () => {
	it.each([
		['0', 0],
		['5', 5_000],
		['120', 120_000],
		['007', 7_000],
		['121', MAX_RETRY_AFTER_MS],
		['99999999999999999999999999', MAX_RETRY_AFTER_MS],
	])('%j waits %i ms (capped)', (value, ms) => expect(parseRetryAfter(value, NOW)).toBe(ms));

	it.each(['0x10', '1e1', '-1', ' 5', '5 ', '5.5', '+5', '', 'soon', 'Infinity', 'NaN', '1_0', '５', '10, 20', '2026-12-07T03:00:00Z'])(
		'%j is no Retry-After (the back-off applies)',
		(value) => expect(parseRetryAfter(value, NOW)).toBeUndefined(),
	);

	it('an HTTP-date in each of the three forms, from now; a past date is 0', () => {
		expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:47 GMT', NOW)).toBe(10_000);
		expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:47 GMT', NOW)).toBe(10_000);
		expect(parseRetryAfter('Sun Nov  6 08:49:47 1994', NOW)).toBe(10_000);
		expect(parseRetryAfter('Sun, 06 Nov 1994 08:00:00 GMT', NOW)).toBe(0);
		expect(parseRetryAfter('Mon, 07 Nov 1994 08:49:37 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
	});

	it.each(['Sun, 06 Nov 1994 08:49:47 +0000', 'Sun, 6 Nov 1994 08:49:47 GMT', '06 Nov 1994 08:49:47 GMT', 'Sun, 06 Nov 1994 08:49:47 PST', 'Sun, 32 Nov 1994 08:49:47 GMT'])(
		'%j is not an HTTP-date',
		(value) => expect(parseHttpDate(value)).toBeUndefined(),
	);
});

describe('Content-Length (RFC 9110 §8.6): digits only', () => {
	it.each([
		['1234', 1234],
		['0', 0],
		['0x10', undefined],
		['1e3', undefined],
		['-1', undefined],
		['12.5', undefined],
		['', undefined],
		['99999999999999999999', undefined],
	])('%j gives %p', (value, length) => expect(contentLength({ 'content-length': value })).toBe(length));

	it('conflicting values give no length; repeated equal ones their value', () => {
		expect(contentLength({ 'content-length': ['10', '20'] })).toBeUndefined();
		expect(contentLength({ 'content-length': ['10', '10'] })).toBe(10);
		expect(contentLength({})).toBeUndefined();
	});
});

describe('Content-Type charset (RFC 9110 §8.3.2)', () => {
	it.each([
		['application/json', 'utf8'],
		['application/json; charset=utf-8', 'utf8'],
		['application/json; charset="UTF-8"', 'utf8'],
		['application/json;charset=us-ascii', 'utf8'],
		['application/json; charset=utf-16', 'other'],
		['application/json; charset=UTF-16BE', 'other'],
		['application/json; charset=iso-8859-1', 'other'],
		['application/json; charset=latin1', 'other'],
		['application/json; charset=klingon', 'unsupported'],
		['application/json; charset=', 'utf8'],
	])('%j is read as %s', (type, kind) => expect(bodyCharset({ 'content-type': type }).kind).toBe(kind));

	it('UTF-16 and Latin-1 JSON decode to the same value as UTF-8; invalid bytes throw', () => {
		const value = { message: 'café ☕ 名前' };
		const text = JSON.stringify(value);
		const utf16be = Buffer.from(text, 'utf16le').swap16();
		expect(JSON.parse(decodeBody(Buffer.from(text, 'utf16le'), 'utf-16le'))).toEqual(value);
		expect(JSON.parse(decodeBody(utf16be, 'utf-16be'))).toEqual(value);
		expect(JSON.parse(decodeBody(Buffer.from('{"a":"café"}', 'latin1'), 'iso-8859-1'))).toEqual({ a: 'café' });
		expect(() => decodeBody(Buffer.from([0xff, 0xfe, 0x00]), 'utf-16le')).toThrow();
	});

	it('a UTF-8 byte order mark before JSON is allowed (RFC 8259 §8.1)', () => {
		expect(parseBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]))).toEqual({ a: 1 });
	});
});
