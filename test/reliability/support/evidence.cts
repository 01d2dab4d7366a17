import { inspect } from 'node:util';

import type { LogEntry, RunResult } from '../../harness/index.cts';

/** What must never show up in anything a user or a log sees. */
export interface Needle {
	kind: 'token' | 'image-base64';
	/** Where the secret came from, for the report (never the secret itself). */
	name: string;
	value: string;
}

export interface Hit {
	kind: Needle['kind'];
	needle: string;
	/** Which collected text it was found in. */
	where: string;
}

/** Characters of base64 taken per window: long enough that a match cannot be chance. */
const WINDOW = 48;

/**
 * Base64 windows of an input image: its start (what a truncated dump would keep) and three slices
 * from the middle and end (what a partial dump would keep). Any of them in a text means the image leaked.
 */
export function base64Windows(image: Buffer): string[] {
	const text = image.toString('base64');
	if (text.length <= WINDOW) return [text];
	const at = [0, 0.25, 0.5, 0.75].map((share) => Math.min(text.length - WINDOW, Math.floor(text.length * share)));
	return [...new Set(at.map((start) => text.slice(start, start + WINDOW)))];
}

const DUMP = { depth: 40, showHidden: true, breakLength: Infinity, maxStringLength: null, maxArrayLength: null };

/** How much of a long token's start counts as the token. */
const TOKEN_PREFIX = 12;

/**
 * Collects everything the nodes produced in a test file (output items, error messages and
 * descriptions, the whole run data with hidden error fields, and every log line) and searches it
 * for the API tokens and for base64 of the input images. One per test file; the suites feed it.
 */
export class Evidence {
	private readonly texts: Array<{ where: string; text: string }> = [];
	private readonly needles = new Map<string, Needle>();

	/** A token is searched for by its first TOKEN_PREFIX characters, so a cut that kept only its start is found too. */
	addToken(name: string, token: string): void {
		const value = token.length >= 2 * TOKEN_PREFIX ? token.slice(0, TOKEN_PREFIX) : token;
		this.needles.set(value, { kind: 'token', name, value });
	}

	addImage(name: string, image: Buffer): void {
		for (const window of base64Windows(image)) this.needles.set(window, { kind: 'image-base64', name, value: window });
	}

	addText(where: string, text: string): void {
		this.texts.push({ where, text });
	}

	/** A finished run: items, the execution error with hidden fields and causes, all run data, its logs. */
	addRun(where: string, result: RunResult & { items?: unknown[] }): void {
		this.addText(`${where}: output items`, JSON.stringify(result.items ?? []));
		if (result.error) this.addError(`${where}: execution error`, result.error);
		this.addText(`${where}: run data`, inspect(result.run.data, DUMP));
		this.addText(`${where}: logs`, result.logText());
	}

	/** An error thrown or returned anywhere (message, description, every field, its cause chain). */
	addError(where: string, error: unknown): void {
		const { message, description } = (error ?? {}) as { message?: unknown; description?: unknown };
		this.addText(`${where}: message`, String(message ?? ''));
		this.addText(`${where}: description`, String(description ?? ''));
		this.addText(`${where}: error object`, inspect(error, DUMP));
	}

	addLogs(where: string, logs: readonly LogEntry[]): void {
		this.addText(where, logs.map((entry) => `${entry.level}: ${entry.text}`).join('\n'));
	}

	/** Every needle found in every text, with where it was found. */
	scan(): Hit[] {
		const hits: Hit[] = [];
		for (const { where, text } of this.texts) {
			for (const needle of this.needles.values()) {
				if (text.includes(needle.value)) hits.push({ kind: needle.kind, needle: needle.name, where });
			}
		}
		return hits;
	}

	get textCount(): number {
		return this.texts.length;
	}

	get byteCount(): number {
		return this.texts.reduce((sum, { text }) => sum + text.length, 0);
	}

	get needleCount(): number {
		return this.needles.size;
	}

	/** The collected texts and needles, for the cross-suite check in scripts/reliability-summary.mjs. */
	dump(): { texts: Array<{ where: string; text: string }>; needles: Needle[] } {
		return { texts: this.texts, needles: [...this.needles.values()] };
	}
}
