import { NodeOperationError, sleep, type IExecuteFunctions } from 'n8n-workflow';

import { asNodeError } from '../messages/item-errors';
import { withNote } from './asset-cleanup';
import { quote } from '../messages/quote';
import { askAgainDelay, isWaitDeadline } from '../http/retry-policy';

/** How often to look and when to give up; both come from node parameters with defaults. */
export interface PollSettings {
	intervalMs: number;
	timeoutMs: number;
	/** Epoch ms to give up at, when several waits share one deadline; default: now + timeoutMs. */
	deadline?: number;
	/** Label of the node's option that sets timeoutMs, for advice; absent where the node has none. */
	raisedBy?: string;
}

/** Shortest gap between two status requests, whatever the parameter says, so a 0 cannot flood the API. */
export const MIN_POLL_INTERVAL_MS = 100;

/** Longest wait of any poll, whatever a caller passes: a week, the longest timeout a node field takes. */
export const MAX_POLL_WAIT_MS = 7 * 24 * 3_600_000;

/** Longest gap between two reads: an hour (also keeps every sleep below the 2^31 ms timers hold). */
const MAX_POLL_INTERVAL_MS = 3_600_000;

/** `value` if it is a number, else `fallback`, within [min, max]: NaN and Infinity cannot unbound a poll. */
function clamp(value: number, min: number, max: number, fallback: number): number {
	return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Longest time the last status read of a wait has, on its own timeout past the wait's deadline. */
export const LAST_READ_MAX_MS = 5_000;

/**
 * Reads a status with `check` until `settled` says so, sleeping `intervalMs` between reads, and
 * gives up at the deadline with `timeoutError(last value)` (undefined when no read answered). The
 * deadline bounds each read too: `check` passes it to the transport (RetryPolicy.deadline), whose
 * error for it (isWaitDeadline) ends the read: a status endpoint that never answers cannot outlast it.
 * Before giving up, one last read is sent at the deadline with a short timeout of its own (the
 * wait's length, at most LAST_READ_MAX_MS): work that finished in the last poll interval is
 * billed, and is returned rather than reported as still running. When that read fails too (its
 * timeout, a 429 whose Retry-After outlasts it, any fault), the wait still ends with its own timeout
 * error, the read's failure added to its description; only a stop ends it with the stop's error.
 * A read the server throttles (a 429 or 5xx with Retry-After, or whose due retry falls past the
 * deadline) does not end the wait early: it reads again when the server said, never sooner than the
 * interval, or at the deadline, where the last read decides.
 * The wait ends at once when the execution is cancelled.
 */
export async function pollUntil<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: PollSettings,
	/** Reads the status; given the deadline (epoch ms) of this read, which its own retries must not outlast. */
	check: (deadline: number) => Promise<T>,
	settled: (value: T) => boolean,
	timeoutError: (last: T | undefined) => Error,
): Promise<T> {
	// Callers check their parameters; these bounds hold even if one does not (a NaN interval would
	// otherwise poll every millisecond, a NaN deadline never arrive).
	const now = Date.now();
	const deadline = clamp(settings.deadline ?? now + settings.timeoutMs, now, now + MAX_POLL_WAIT_MS, now + MAX_POLL_WAIT_MS);
	const interval = clamp(settings.intervalMs, MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS, MIN_POLL_INTERVAL_MS);
	// As long as the wait, at most LAST_READ_MAX_MS: the last read never more than doubles a short wait.
	const lastReadMs = clamp(settings.timeoutMs, MIN_POLL_INTERVAL_MS, LAST_READ_MAX_MS, LAST_READ_MAX_MS);
	const signal = ctx.getExecutionCancelSignal();
	let last: T | undefined;
	let cut = false;
	for (;;) {
		const final = cut || Date.now() >= deadline;
		let value: T;
		try {
			value = await check(final ? Date.now() + lastReadMs : deadline);
		} catch (error) {
			// The last read failing (its deadline, a 429 whose Retry-After outlasts it, any fault) still
			// means the wait ran out: the wait's own error says so, with the read's failure; a stop stays a stop.
			if (final && !isCancelled(ctx, error)) throw withLastReadFailure(timeoutError(last), error);
			const askAgain = askAgainDelay(error);
			if (askAgain !== undefined) {
				// Throttled: read again when the server said (never sooner than the interval), or last at the deadline.
				await sleepOrStop(ctx, itemIndex, Math.min(Math.max(askAgain, interval), deadline - Date.now()), signal);
				continue;
			}
			if (!isWaitDeadline(error)) throw asNodeError(ctx, error, itemIndex);
			// The deadline cut this read short: the last read follows at once.
			cut = true;
			continue;
		}
		last = value;
		if (settled(value)) return value;
		if (final) throw timeoutError(value);
		await sleepOrStop(ctx, itemIndex, Math.min(interval, deadline - Date.now()), signal);
	}
}

/** Sleeps `ms` (nothing when it is not positive); a stop of the execution ends the wait at once. */
async function sleepOrStop(ctx: IExecuteFunctions, itemIndex: number, ms: number, signal: AbortSignal | undefined): Promise<void> {
	try {
		if (ms > 0) await sleep(ms, signal);
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled while waiting', { itemIndex });
	}
}

/** Whether `error` ended a read because the execution was stopped (or the stop came while it failed). */
function isCancelled(ctx: IExecuteFunctions, error: unknown): boolean {
	return ctx.getExecutionCancelSignal()?.aborted === true || (error instanceof Error && /^The execution was cancelled/.test(error.message));
}

/** The wait's timeout error, its description saying how the last status read failed (never a wait-deadline note). */
function withLastReadFailure(timeout: Error, error: unknown): Error {
	if (isWaitDeadline(error)) return timeout;
	const failure = error instanceof Error ? error.message : String(error);
	const note = `The last status read at the deadline failed too: ${failure}`;
	const described = timeout as Error & { description?: string | null };
	described.description = described.description ? `${described.description} ${note}` : note;
	return timeout;
}

/**
 * A wait's status read whose failure says what keeps existing at OctoAI and how to get it (`note`,
 * added to the description); the wait's own deadline and a stop pass as they are.
 */
export async function readNoting<T>(ctx: IExecuteFunctions, itemIndex: number, read: Promise<T>, note: string): Promise<T> {
	try {
		return await read;
	} catch (error) {
		const passes = isWaitDeadline(error) || isCancelled(ctx, error);
		throw passes ? asNodeError(ctx, error, itemIndex) : withNote(ctx, error, note, itemIndex);
	}
}

/** Poll settings from seconds-valued node parameters. */
export function pollSettings(intervalSeconds: number, timeoutSeconds: number): PollSettings {
	return { intervalMs: intervalSeconds * 1000, timeoutMs: timeoutSeconds * 1000 };
}

/** A wait's last status for its timeout message: "running", or that no read answered within the wait. */
export function lastStatus(last: { status?: unknown } | undefined): string {
	if (last === undefined) return 'no status read answered within the wait';
	const status = last.status;
	if (typeof status === 'string') return status.slice(0, 40);
	return status == null ? 'unknown' : quote(status);
}

/** "90 s", "5 min": a wait's length for messages. */
export function formatDuration(ms: number): string {
	const minutes = ms / 60_000;
	if (minutes >= 2 && Number.isInteger(minutes)) return `${minutes} min`;
	return `${Math.round(ms / 100) / 10} s`;
}
