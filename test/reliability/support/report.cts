import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Evidence } from './evidence.cts';

/** The figures one suite (or the load script) contributes to the reliability summary. */
export interface Figures {
	suite: string;
	casesTried: number;
	/** Requests the emulator answered with an injected fault (delays that did no harm not counted). */
	faultsInjected: number;
	/** Injected faults after which the same item still got its images (retried to success). */
	faultsSurvived: number;
	/** Injected faults that ended, as the policy says they must, in an error for their item. */
	faultsEndedAsErrors: number;
	/** Items that should have got images and did not (or got them twice). */
	itemsLost: number;
	generationRequests: number;
	tokenHits: number;
	base64Hits: number;
	textsScanned: number;
	bytesScanned: number;
	peakRssMb?: number;
	wallMs?: number;
	/** Cases per class of issue 10 (secrets, endless work, malformed answers, …), for the summary. */
	casesByClass?: Record<string, number>;
}

export function emptyFigures(suite: string): Figures {
	return {
		suite,
		casesTried: 0,
		faultsInjected: 0,
		faultsSurvived: 0,
		faultsEndedAsErrors: 0,
		itemsLost: 0,
		generationRequests: 0,
		tokenHits: 0,
		base64Hits: 0,
		textsScanned: 0,
		bytesScanned: 0,
	};
}

/** Where reports go: set by scripts/reliability.sh; unset in a plain jest run, which writes nothing. */
export function reportDir(): string | undefined {
	return process.env.RELIABILITY_REPORT_DIR || undefined;
}

/**
 * Writes a suite's figures and its collected evidence (texts and needles) for the summary, which
 * adds the figures up and searches every suite's texts for every suite's needles.
 */
export function writeReport(figures: Figures, evidence: Evidence): void {
	const dir = reportDir();
	if (!dir) return;
	mkdirSync(dir, { recursive: true });
	const base = figures.suite.replace(/[^\w.-]+/g, '-');
	writeFileSync(join(dir, `${base}.figures.json`), JSON.stringify(figures, null, 2));
	writeFileSync(join(dir, `${base}.evidence.json`), JSON.stringify(evidence.dump()));
}
