// Generation requests name assets (checkpoint, LoRAs, textual inversions, VAE, ControlNet). Each must
// exist for the caller, be of the field's kind, be ready, and be built for the engine's model family;
// otherwise a 422 at the field (or the map key) that names the asset and says which rule it breaks.
import { engineLabel } from '../rules/asset-enums.cts';
import type { EngineRule } from '../rules/engines.cts';
import type { AssetRefKind, CrossRule } from '../rules/fields.cts';
import * as err from './errors.cts';

/** What generation needs to know about a named asset. */
export interface AssetRef {
	kind: AssetRefKind | 'file' | 'latent';
	engine?: string;
	status: string;
}

/** Resolves an asset name as the calling token sees the library; undefined when it cannot see one. */
export type AssetLookup = (name: string) => AssetRef | undefined;

const LABELS: Record<AssetRef['kind'], string> = {
	checkpoint: 'checkpoint',
	lora: 'LoRA',
	textual_inversion: 'textual inversion',
	vae: 'VAE',
	controlnet: 'ControlNet',
	file: 'file',
	latent: 'latent',
};

/** The issues of one asset-naming field (`value` already passed its type check). */
export function assetRefIssues(rule: Extract<CrossRule, { kind: 'asset' }>, engine: EngineRule, value: unknown, lookup: AssetLookup): err.ValidationIssue[] {
	const names = rule.keyed ? Object.keys(value as Record<string, unknown>) : [value as string];
	const wanted = rule.asset === 'controlnet' ? engine.controlnetEngine : engine.assetEngine;
	const issues: err.ValidationIssue[] = [];
	for (const name of names) {
		const loc = rule.keyed ? ['body', rule.field, name] : ['body', rule.field];
		const problem = refProblem(name, rule.asset, wanted, engine, lookup(name));
		if (problem) issues.push(err.valueError(loc, problem));
	}
	return issues;
}

function refProblem(name: string, kind: AssetRefKind, wanted: string | undefined, engine: EngineRule, ref: AssetRef | undefined): string | undefined {
	const label = LABELS[kind];
	if (!ref) {
		return `${label} '${name}' is unknown: it is neither in the public library (octoai:<name> or <name>) nor an asset of this account (its id, <name> or <owner>:<name>)`;
	}
	if (ref.kind !== kind) return `'${name}' is a ${LABELS[ref.kind]}, not a ${label}`;
	if (ref.status !== 'ready') return `${label} '${name}' is not ready (status ${ref.status})`;
	if (wanted !== undefined && ref.engine !== wanted) {
		return `${label} '${name}' is built for ${engineLabel(ref.engine ?? 'no engine')}, not ${engineLabel(wanted)}: engine '${engine.id}' takes ${wanted} ${kind === 'controlnet' ? 'ControlNets' : 'assets'}`;
	}
	return undefined;
}
