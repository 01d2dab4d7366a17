import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The one count rule for every kind of generated result (images, videos, scenes, masks): what came
 * is always output, since it was generated and may be billed. Fewer than asked, or more, adds a
 * warning hint naming both counts; more than asked are all kept, never cut to the number asked.
 * Shapes are checked before this (response-shapes.ts, the Image Tools' shapes.ts), so `got` counts
 * only well-formed entries.
 */
export function resultCountNote(noun: string, asked: number, got: number): string | undefined {
	if (got === asked) return undefined;
	return `OctoAI answered with ${got} ${got === 1 ? noun : `${noun}s`}, ${asked} ${asked === 1 ? 'was' : 'were'} asked for`;
}

/** Adds the warning of resultCountNote to the run's hints, naming the item. */
export function warnResultCount(ctx: IExecuteFunctions, itemIndex: number, noun: string, asked: number, got: number): void {
	const note = resultCountNote(noun, asked, got);
	if (note) ctx.addExecutionHints({ message: `Item ${itemIndex}: ${note}`, type: 'warning', location: 'outputPane' });
}
