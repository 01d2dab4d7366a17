import type { EmulatorOptions } from '../../emulator/index.cts';
import { harnessLogs } from '../../harness/index.cts';
import { runEngineNode, useEmulator, type EngineNodeName, type RunNodeOptions, type TestEnv } from '../../nodes/helpers.cts';
import { Evidence } from './evidence.cts';
import { emptyFigures, writeReport, type Figures } from './report.cts';
import { byItem, generationsSince, lastSeq, tallyFaults } from './tally.cts';

import type { INodeParameters } from 'n8n-workflow';

export type EngineRun = Awaited<ReturnType<typeof runEngineNode>>;

/**
 * What every reliability test file shares: emulators whose tokens are registered as secrets, a
 * node runner that hands every result to the evidence collector, the figures for the summary,
 * and a closing hygiene test over everything the file produced.
 */
export class ReliabilitySuite {
	readonly evidence = new Evidence();
	readonly figures: Figures;
	private runs = 0;

	constructor(name: string) {
		this.figures = emptyFigures(name);
		afterAll(() => {
			this.figures.textsScanned = this.evidence.textCount;
			this.figures.bytesScanned = this.evidence.byteCount;
			writeReport(this.figures, this.evidence);
		});
	}

	/** A fresh emulator for this file (call at collection time); its token becomes a secret to look for. */
	emulator(options: EmulatorOptions = {}): TestEnv {
		const env = useEmulator(options);
		this.evidence.addToken('emulator token', env.token);
		return env;
	}

	/** Runs Start -> engine node and records everything it produced. */
	async run(env: TestEnv, node: EngineNodeName, parameters: INodeParameters, options: RunNodeOptions = {}): Promise<EngineRun> {
		const where = `run ${++this.runs} (${node})`;
		try {
			const result = await runEngineNode(env, node, parameters, options);
			this.evidence.addRun(where, result);
			return result;
		} catch (error) {
			this.evidence.addError(`${where}: rejected`, error);
			throw error;
		}
	}

	/**
	 * Adds a run's generation requests and faults to the figures, given which items got their
	 * images. Returns the requests grouped by item marker.
	 */
	count(env: TestEnv, afterSeq: number, succeeded: (item: number) => boolean, token = env.token) {
		const requests = generationsSince(env.emulator.log, afterSeq, token);
		const groups = byItem(requests);
		const faults = tallyFaults(groups, succeeded);
		this.figures.generationRequests += requests.length;
		this.figures.faultsInjected += faults.injected;
		this.figures.faultsSurvived += faults.survived;
		this.figures.faultsEndedAsErrors += faults.endedAsErrors;
		return { requests, groups, faults };
	}

	/** Counts one case of a class of hostile-world cases (issue 10) for the summary. */
	countCase(cls: string): void {
		this.figures.casesTried += 1;
		this.figures.casesByClass ??= {};
		this.figures.casesByClass[cls] = (this.figures.casesByClass[cls] ?? 0) + 1;
	}

	/** Records a result produced outside run() (platform nodes, pickers) as evidence. */
	record(where: string, result: Parameters<Evidence['addRun']>[1]): void {
		this.evidence.addRun(where, result);
	}

	/** Sequence number of the last logged request, to look at one run's requests afterwards. */
	mark(env: TestEnv): number {
		return lastSeq(env.emulator.log);
	}

	/**
	 * The file's last test: every output item, error, run data and log line it produced, and every
	 * line the harness logged, searched for each emulator token and each input image's base64.
	 */
	hygieneTest(): void {
		it('leaks neither an API token nor input-image base64 into outputs, errors or logs', () => {
			this.evidence.addLogs('harness log of the whole file', harnessLogs());
			const hits = this.evidence.scan();
			this.figures.tokenHits = hits.filter((h) => h.kind === 'token').length;
			this.figures.base64Hits = hits.filter((h) => h.kind === 'image-base64').length;
			expect(this.evidence.textCount).toBeGreaterThan(0);
			expect(hits).toEqual([]);
		});
	}
}
