// n8n 1.x resolves a node's parameters in the order their displayOptions depend on each other, and a
// workflow fails to run ("Could not resolve parameter dependencies. Max iterations reached!") when a
// parameter shows or hides by a sibling the node does not have (n8n 2.x tolerates it). Every key of
// every displayOptions must name a sibling in the same list, or be special (`@version`, `@tool`) or
// absolute (`/name`), on every node of the package.
import type { INodeProperties } from 'n8n-workflow';

import { packageNodeTypes } from '../nodes/engine-nodes.cts';

/** Keys of displayOptions naming no sibling, as "node: parameter path hides/shows by key". */
function danglingDependencies(properties: readonly INodeProperties[], where: string): string[] {
	const siblings = new Set(properties.map((property) => property.name));
	const found: string[] = [];
	for (const property of properties) {
		for (const [rule, keys] of Object.entries(property.displayOptions ?? {})) {
			for (const key of Object.keys(keys ?? {})) {
				if (key.startsWith('@') || key.startsWith('/') || siblings.has(key)) continue;
				found.push(`${where}${property.name} ${rule}s by ${key}`);
			}
		}
		const children = (property.options ?? []) as Array<INodeProperties | { name: string; values?: INodeProperties[] }>;
		if (property.type === 'collection') found.push(...danglingDependencies(children as INodeProperties[], `${where}${property.name}.`));
		if (property.type === 'fixedCollection') {
			for (const group of children as Array<{ name: string; values?: INodeProperties[] }>) {
				found.push(...danglingDependencies(group.values ?? [], `${where}${property.name}.${group.name}.`));
			}
		}
	}
	return found;
}

test.each(packageNodeTypes().map((node) => [node.description.displayName, node] as const))(
	'%s: every displayOptions key names a parameter the node has',
	(name, node) => {
		expect(danglingDependencies(node.description.properties, `${name}: `)).toEqual([]);
	},
);

test('the check finds a parameter hidden by one the node does not have', () => {
	const properties = [
		{ displayName: 'A', name: 'a', type: 'string', default: '' },
		{ displayName: 'B', name: 'b', type: 'string', default: '', displayOptions: { hide: { missing: ['x'], a: ['y'] }, show: { '@version': [1] } } },
	] as INodeProperties[];
	expect(danglingDependencies(properties, '')).toEqual(['b hides by missing']);
});
