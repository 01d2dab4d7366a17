import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * A getter for something each node run has one of (a buffer pool, read slots), made on first use
 * and keyed by the run's context, so it goes when the run does.
 */
export function perRun<T>(create: () => T): (ctx: Context) => T {
	const runs = new WeakMap<Context, T>();
	return (ctx) => {
		let value = runs.get(ctx);
		if (value === undefined) {
			value = create();
			runs.set(ctx, value);
		}
		return value;
	};
}
