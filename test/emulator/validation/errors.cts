// 422 error items in the API's documented shape ({loc, msg, type}), worded the way pydantic v2
// words them since the service is FastAPI/pydantic (reference §3, inferred from the shape).
import type { Range } from '../rules/fields.cts';

export type Loc = Array<string | number>;

/** One entry of `detail` in a 422 body. */
export interface ValidationIssue {
	loc: Loc;
	msg: string;
	type: string;
}

const issue = (loc: Loc, type: string, msg: string): ValidationIssue => ({ loc, msg, type });

export const missing = (loc: Loc, why?: string) => issue(loc, 'missing', why ? `Field required ${why}` : 'Field required');
export const stringType = (loc: Loc) => issue(loc, 'string_type', 'Input should be a valid string');
export const tooShort = (loc: Loc, min: number) =>
	issue(loc, 'string_too_short', `String should have at least ${min} character${min === 1 ? '' : 's'}`);
export const tooLong = (loc: Loc, max: number) =>
	issue(loc, 'string_too_long', `String should have at most ${max} character${max === 1 ? '' : 's'}`);
export const patternMismatch = (loc: Loc, pattern: string) => issue(loc, 'string_pattern_mismatch', `String should match pattern '${pattern}'`);
export const numberType = (loc: Loc) => issue(loc, 'float_type', 'Input should be a valid number');
export const intType = (loc: Loc) => issue(loc, 'int_type', 'Input should be a valid integer');
export const intFromFloat = (loc: Loc) =>
	issue(loc, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part');
export const boolType = (loc: Loc) => issue(loc, 'bool_type', 'Input should be a valid boolean');
export const dictType = (loc: Loc) => issue(loc, 'dict_type', 'Input should be a valid dictionary');
export const listType = (loc: Loc) => issue(loc, 'list_type', 'Input should be a valid list');
export const listTooShort = (loc: Loc, min: number, actual: number) =>
	issue(loc, 'too_short', `List should have at least ${min} item${min === 1 ? '' : 's'} after validation, not ${actual}`);
export const listTooLong = (loc: Loc, max: number, actual: number) =>
	issue(loc, 'too_long', `List should have at most ${max} item${max === 1 ? '' : 's'} after validation, not ${actual}`);
export const objectType = (loc: Loc) => issue(loc, 'model_type', 'Input should be a valid dictionary or object to extract fields from');
export const unionTagMissing = (loc: Loc, tag: string) => issue(loc, 'union_tag_not_found', `Unable to extract tag using discriminator '${tag}'`);
export const unionTagInvalid = (loc: Loc, tag: string, value: unknown, tags: readonly string[]) =>
	issue(
		loc,
		'union_tag_invalid',
		`Input tag '${String(value)}' found using '${tag}' does not match any of the expected tags: ${tags.map((t) => `'${t}'`).join(', ')}`,
	);
export const intOrListType = (loc: Loc) =>
	issue(loc, 'int_type', 'Input should be a valid integer or a list of integers');
export const enumValue = (loc: Loc, values: readonly string[]) =>
	issue(loc, 'enum', `Input should be ${values.map((v) => `'${v}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
export const extraForbidden = (loc: Loc, why: string) => issue(loc, 'extra_forbidden', `Extra inputs are not permitted: ${why}`);
export const valueError = (loc: Loc, msg: string) => issue(loc, 'value_error', `Value error, ${msg}`);
export const base64Error = (loc: Loc, msg: string) => issue(loc, 'base64_decode', `Base64 decoding error: ${msg}`);
export const jsonInvalid = (position: number, reason: string) =>
	issue(['body', position], 'json_invalid', `JSON decode error: ${reason}`);
export const modelType = () =>
	issue(['body'], 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from');

/** The first bound a number breaks, as a pydantic-style error; undefined when it is within range. */
export function rangeIssue(loc: Loc, value: number, range: Range): ValidationIssue | undefined {
	if (range.gt !== undefined && !(value > range.gt)) return issue(loc, 'greater_than', `Input should be greater than ${range.gt}`);
	if (range.ge !== undefined && !(value >= range.ge))
		return issue(loc, 'greater_than_equal', `Input should be greater than or equal to ${range.ge}`);
	if (range.lt !== undefined && !(value < range.lt)) return issue(loc, 'less_than', `Input should be less than ${range.lt}`);
	if (range.le !== undefined && !(value <= range.le))
		return issue(loc, 'less_than_equal', `Input should be less than or equal to ${range.le}`);
	return undefined;
}
