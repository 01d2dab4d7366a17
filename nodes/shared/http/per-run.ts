import type { RequestContext } from './api-request';

/** What endRun does for each perRun getter that says how its value ends (getters are made at module load). */
const endings: Array<(ctx: RequestContext) => void> = [];

/**
 * A getter for something each node run has one of (a buffer pool, read slots), made on first use
 * and keyed by the run's context, so it goes when the run does. `end`, when given, is called by
 * endRun with the run's value, to let go of what it holds at once.
 */
export function perRun<T>(create: () => T, end?: (value: T) => void): (ctx: RequestContext) => T {
	const runs = new WeakMap<RequestContext, T>();
	if (end) {
		endings.push((ctx) => {
			const value = runs.get(ctx);
			if (value === undefined) return;
			runs.delete(ctx);
			end(value);
		});
	}
	return (ctx) => {
		let value = runs.get(ctx);
		if (value === undefined) {
			value = create();
			runs.set(ctx, value);
		}
		return value;
	};
}

/** The run of `ctx` is over: what perRun made for it ends now (a later use makes it anew). */
export function endRun(ctx: RequestContext): void {
	for (const ending of endings) ending(ctx);
}
