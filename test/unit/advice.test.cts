// Issue 24, class 6: advice names only options the node has. For every node, every source file its
// code can reach (following relative imports) is searched for advice that names a setting in quotes
// ("raise "X"", ""X" in Options", "set X to "Y""); each name must be a field, option or choice of that
// node. Advice whose option depends on the node takes the label from the node itself (advice.ts).
import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { OctoAiAssetLibrary } from '../../nodes/OctoAiAssetLibrary/OctoAiAssetLibrary.node';
import { OctoAiControlNetSd15 } from '../../nodes/OctoAiControlNetSd15/OctoAiControlNetSd15.node';
import { OctoAiControlNetSdxl } from '../../nodes/OctoAiControlNetSdxl/OctoAiControlNetSdxl.node';
import { OctoAiFineTuning } from '../../nodes/OctoAiFineTuning/OctoAiFineTuning.node';
import { OctoAiFluxDev } from '../../nodes/OctoAiFluxDev/OctoAiFluxDev.node';
import { OctoAiFluxSchnell } from '../../nodes/OctoAiFluxSchnell/OctoAiFluxSchnell.node';
import { OctoAiImageTools } from '../../nodes/OctoAiImageTools/OctoAiImageTools.node';
import { OctoAiSd15 } from '../../nodes/OctoAiSd15/OctoAiSd15.node';
import { OctoAiSd3 } from '../../nodes/OctoAiSd3/OctoAiSd3.node';
import { OctoAiSdxl } from '../../nodes/OctoAiSdxl/OctoAiSdxl.node';
import { OctoAiStableVideoDiffusion } from '../../nodes/OctoAiStableVideoDiffusion/OctoAiStableVideoDiffusion.node';
import { scaleDownAdvice } from '../../nodes/shared/messages/advice';
import { describeApiError } from '../../nodes/shared/http/api-errors';

const NODES: Array<new () => INodeType> = [
	OctoAiSdxl, OctoAiSd15, OctoAiControlNetSdxl, OctoAiControlNetSd15, OctoAiSd3, OctoAiFluxDev, OctoAiFluxSchnell,
	OctoAiStableVideoDiffusion, OctoAiImageTools, OctoAiAssetLibrary, OctoAiFineTuning,
];
const ROOT = path.resolve(__dirname, '../..');

/** Every .ts file reachable from `file` through relative imports. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
	if (seen.has(file)) return seen;
	seen.add(file);
	const source = fs.readFileSync(file, 'utf8');
	for (const match of source.matchAll(/from '(\.[^']+)'/g)) {
		const target = path.resolve(path.dirname(file), match[1]);
		const candidate = [`${target}.ts`, path.join(target, 'index.ts')].find((f) => fs.existsSync(f));
		if (candidate) reachable(candidate, seen);
	}
	return seen;
}

/** Settings named by advice in a source text: `raise "X"`, `"X" in Options`, `set X to "Y"`, `turn off X`. */
function namedSettings(source: string): string[] {
	const names: string[] = [];
	for (const m of source.matchAll(/\braise "([^"$]+)"/gi)) names.push(m[1]);
	for (const m of source.matchAll(/"([^"$]+)" in Options/g)) names.push(m[1]);
	for (const m of source.matchAll(/\bset ([A-Z][\w ()]+?) to "([^"$]+)"/g)) names.push(m[1], m[2]);
	for (const m of source.matchAll(/\bTurn off ([A-Z][\w ]+?) and set (?:a )?([A-Z]\w+)/g)) names.push(m[1], m[2]);
	return names;
}

/** Every label the node shows: fields, collection options, and the names of choices. */
function labels(properties: readonly unknown[], into = new Set<string>()): Set<string> {
	for (const raw of properties) {
		const property = raw as INodeProperties & { name?: string; values?: unknown[] };
		if (property.displayName) into.add(property.displayName);
		if (property.name) into.add(property.name);
		if (Array.isArray(property.options)) labels(property.options, into);
		if (Array.isArray(property.values)) labels(property.values, into);
	}
	return into;
}

describe.each(NODES.map((Node) => [Node.name, Node] as const))('%s', (name, Node) => {
	const file = path.join(ROOT, 'nodes', name, `${name}.node.ts`);
	const shown = labels(new Node().description.properties);
	const advice = [...reachable(file)].flatMap((source) =>
		namedSettings(fs.readFileSync(source, 'utf8')).map((setting) => ({ setting, where: path.relative(ROOT, source) })),
	);

	it('its code can show advice (the walk found some)', () => {
		expect(reachable(file).size).toBeGreaterThan(5);
	});

	it('every setting its advice names is one of its own', () => {
		const missing = advice.filter(({ setting }) => !shown.has(setting));
		expect(missing).toEqual([]);
	});
});

describe('advice built from the node', () => {
	it('names the size option only when the node passes it', () => {
		expect(scaleDownAdvice({ bytes: 1 })).toBe('Scale the image down first.');
		expect(scaleDownAdvice({ bytes: 1, raisedBy: 'Max Input Image Size (MB)' })).toBe('Scale the image down first, or raise "Max Input Image Size (MB)" in Options.');
	});

	it('names the retries option on a 429 only when the node has one', () => {
		expect(describeApiError(429, undefined).description).not.toMatch(/Max Retries/);
		expect(describeApiError(429, undefined, { retriesOption: 'Max Retries' }).description).toContain('raise "Max Retries" in Options');
	});
});
