/**
 * The load run at a size that fits the test command (RELIABILITY_LOAD_ITEMS, default 200);
 * scripts/reliability.cts runs the same check at 1,000 items and prints its figures.
 */
import { runLoad } from './load/load-run.cts';
import { ReliabilitySuite } from './support/suite.cts';

const ITEMS = Number(process.env.RELIABILITY_LOAD_ITEMS ?? 200);
const FAULT_RATE = 0.05;

const suite = new ReliabilitySuite('load');
const env = suite.emulator({ faultRate: FAULT_RATE, faultSeed: 42, logLimit: ITEMS * 3 + 100 });

describe(`load: ${ITEMS} items, Concurrency Auto, ${FAULT_RATE * 100}% random transient faults`, () => {
	it('every item ends with exactly its one image: none lost, none duplicated, none billed twice', async () => {
		suite.figures.casesTried += 1;
		const { figures, result } = await runLoad(
			{ url: env.emulator.url, token: env.token, log: async () => env.emulator.log },
			{ items: ITEMS, concurrency: 'auto', maxRetries: 4, timeoutMs: 5 * 60_000 },
		);
		suite.evidence.addRun('load run', { ...result, items: result.outputs('OctoAI SD 1.5') });
		Object.assign(suite.figures, {
			generationRequests: figures.requestsSent,
			faultsInjected: figures.faultsInjected,
			faultsSurvived: figures.faultsSurvived,
			faultsEndedAsErrors: figures.faultsInjected - figures.faultsSurvived,
			itemsLost: figures.itemsLost + figures.duplicates,
			peakRssMb: figures.peakRssMb,
			wallMs: figures.wallMs,
		});
		expect(result.status).toBe('success');
		expect(figures.faultsInjected).toBeGreaterThan(0);
		expect({ lost: figures.itemsLost, duplicates: figures.duplicates, billedTwice: figures.billedTwice, errors: figures.errorItems }).toEqual({
			lost: 0,
			duplicates: 0,
			billedTwice: 0,
			errors: 0,
		});
		expect(figures.requestsSent).toBe(ITEMS + figures.faultsInjected);
		expect(figures.faultsSurvived).toBe(figures.faultsInjected);
		// Jest's own limit must not cut the run short of runLoad's: a busy machine can take minutes.
	}, 6 * 60_000);
});

suite.hygieneTest();
