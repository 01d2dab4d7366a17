import type { IExecuteFunctions } from 'n8n-workflow';

/** What one node has spent so far in one execution: units (images or videos) and estimated dollars. */
export interface Spent {
	units: number;
	/** Null once any call had no published price. */
	usd: number | null;
}

/**
 * Executions remembered at once. An agent's tool calls all run in the process that runs its
 * execution, close together; the oldest execution is forgotten first, so the map stays small.
 */
const MAX_EXECUTIONS = 500;
const tallies = new Map<string, Spent>();

/**
 * The spending of a node across the tool calls of one execution, so Max Images / Max Estimated Cost
 * per Run cap an agent that calls the tool again and again, not only each call. Module state rather
 * than workflow static data: n8n saves static data only for trigger-started production runs and
 * only after the execution ends, while the calls need it between one another within the execution.
 */
export function executionTally(ctx: IExecuteFunctions): { spent: Spent; add(more: Spent): void } {
	const key = `${ctx.getExecutionId()}\u0000${ctx.getNode().name}`;
	const spent = tallies.get(key) ?? { units: 0, usd: 0 };
	return {
		spent,
		add(more: Spent) {
			tallies.delete(key);
			const usd = spent.usd === null || more.usd === null ? null : spent.usd + more.usd;
			tallies.set(key, { units: spent.units + more.units, usd });
			if (tallies.size > MAX_EXECUTIONS) tallies.delete(tallies.keys().next().value as string);
		},
	};
}
