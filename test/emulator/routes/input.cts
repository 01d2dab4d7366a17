// Validator factories for route rows: each turns a rules-table entry into the `validate` of a row,
// so the pipeline refuses a bad request before the row's handler runs.
import { json } from '../core/http.cts';
import type { QueryParam } from '../rules/queries.cts';
import type { BodyRule, ValueSpec } from '../rules/values.cts';
import type { Checked, RouteContext } from './route-types.cts';
import { valueError, type ValidationIssue } from '../validation/errors.cts';
import { parseQuery } from '../validation/query.cts';
import { jsonBody } from './request-body.cts';
import { checkValue, withoutNulls } from '../validation/values.cts';

export const refuse = (issues: ValidationIssue[]): Checked<never> => ({ ok: false, reply: json(422, { detail: issues }) });

/** Validates the query string against a parameter table; the handler gets the parsed parameters. */
export function queryInput<Q>(params: readonly QueryParam[]) {
	return (_state: unknown, ctx: RouteContext): Checked<Q> => {
		const parsed = parseQuery(params, ctx.query);
		return parsed.ok ? { ok: true, value: parsed.value as Q } : refuse(parsed.errors);
	};
}

/**
 * Validates a JSON body against a value spec and extra rules; the handler gets it without nulls.
 * `whenEmpty` stands in for an empty body where the body is optional.
 */
export function bodyInput<B>(spec: ValueSpec, options: { rules?: readonly BodyRule[]; whenEmpty?: unknown } = {}) {
	return (_state: unknown, ctx: RouteContext): Checked<B> => {
		const parsed = jsonBody(ctx.body, options.whenEmpty);
		if ('reply' in parsed) return { ok: false, reply: parsed.reply };
		const errors: ValidationIssue[] = [];
		checkValue(spec, parsed.value, ['body'], errors);
		if (errors.length === 0) {
			for (const rule of options.rules ?? []) if (rule.broken(parsed.value as Record<string, unknown>)) errors.push(valueError(rule.loc, rule.msg));
		}
		return errors.length > 0 ? refuse(errors) : { ok: true, value: withoutNulls(parsed.value) as B };
	};
}
