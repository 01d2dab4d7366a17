// The engine nodes of the package, found through package.json's `n8n.nodes` and matched to their
// engine rows by node name, so tests never keep their own engine -> node map.
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { ENGINE_LIST, type EngineId, type EngineSpec } from '../../nodes/shared/fields/engines';
import pkg from '../../package.json';

const root = path.resolve(__dirname, '../..');

/** Every node class the package declares, instantiated from its TypeScript source. */
export function packageNodeTypes(): INodeType[] {
	return pkg.n8n.nodes.map((built) => {
		const source = path.join(root, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(source) as Record<string, new () => INodeType>;
		const [NodeClass] = Object.values(module);
		return new NodeClass();
	});
}

/** The node of each engine row; throws when an engine has no node in package.json. */
export function engineNodes(): Array<{ engine: EngineSpec; node: INodeType }> {
	const nodes = packageNodeTypes();
	return ENGINE_LIST.map((engine) => {
		const node = nodes.find((candidate) => candidate.description.name === engine.nodeName);
		if (!node) throw new Error(`No node in package.json's n8n.nodes for engine ${engine.id as EngineId}`);
		return { engine, node };
	});
}
