import type { IExecuteFunctions } from 'n8n-workflow';

import type { WaitSettings } from './async-inference';
import { AUTO_CONCURRENCY, AUTO_CONCURRENCY_VERSION, DEFAULT_CONCURRENCY } from '../http/concurrency';
import { quote } from '../messages/quote';
import type { ItemParameters } from '../fields/item-parameters';
import {
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_POLL_INTERVAL_SECONDS,
	RUN_OPTION_LIMITS,
	WAIT_MODES,
	type WaitMode,
} from '../fields/run-options';
import { DEFAULT_POLICY, type RetryPolicy } from '../http/retry-policy';

/**
 * Readers of the run options every generation node shares (engine nodes and the video node), so
 * both read them under the same bounds and with the same errors. An expression can give anything,
 * so each value is checked here, before any request.
 */

/** Timeout and Max Retries as the transport's retry policy. */
export function readRetryPolicy(params: ItemParameters): RetryPolicy {
	const limits = RUN_OPTION_LIMITS;
	return {
		timeoutMs: params.boundedOption('timeout', limits.timeout, DEFAULT_POLICY.timeoutMs / 1000) * 1000,
		maxRetries: params.boundedOption('maxRetries', limits.maxRetries, DEFAULT_POLICY.maxRetries),
		baseDelayMs: DEFAULT_POLICY.baseDelayMs,
		options: { timeout: params.labelIfPresent('timeout', 'options'), retries: params.labelIfPresent('maxRetries', 'options') },
	};
}

/** Wait Mode with its poll gap and deadline; `defaultMode` is the node's own (the video node's is "async"). */
export function readWaitSettings(params: ItemParameters, defaultMode: WaitMode): WaitSettings {
	const mode = params.option('waitMode') ?? defaultMode;
	if (!WAIT_MODES.includes(mode as WaitMode)) {
		throw params.fail(`Wait Mode (${quote(mode)}) is not one of: ${WAIT_MODES.join(', ')}`);
	}
	const limits = RUN_OPTION_LIMITS;
	return {
		mode: mode as WaitMode,
		pollIntervalMs: params.boundedOption('pollInterval', limits.pollInterval, DEFAULT_POLL_INTERVAL_SECONDS) * 1000,
		maxWaitMs: params.boundedOption('maxWait', limits.maxWait, DEFAULT_MAX_WAIT_SECONDS) * 1000,
	};
}

/**
 * Concurrency: a fixed number, or AUTO_CONCURRENCY (0, and the default from version 1.1). Auto paces
 * by how long a generation request takes, which only Wait Mode "Synchronous" shows: an asynchronous
 * request is accepted at once while its generation runs on, so Auto would put every item's billed
 * request in flight. With the (first item's) Wait Mode "Asynchronous", Auto sends DEFAULT_CONCURRENCY.
 */
export function readConcurrency(ctx: IExecuteFunctions, params: ItemParameters, defaultWaitMode: WaitMode): number {
	const fallback = ctx.getNode().typeVersion >= AUTO_CONCURRENCY_VERSION ? AUTO_CONCURRENCY : DEFAULT_CONCURRENCY;
	const concurrency = params.boundedOption('concurrency', RUN_OPTION_LIMITS.concurrency, fallback);
	const asynchronous = (params.option('waitMode') ?? defaultWaitMode) === 'async';
	return concurrency === AUTO_CONCURRENCY && asynchronous ? DEFAULT_CONCURRENCY : concurrency;
}
