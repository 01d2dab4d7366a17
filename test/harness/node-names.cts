/**
 * Node type names as n8n forms them for an installed package: `<package.json name>.<node name>`.
 */
export const PACKAGE_NAME = 'n8n-nodes-octoai';
export const FIXTURE_PACKAGE = 'n8n-nodes-harness';

/** Full type of one of this package's nodes, e.g. `packageNode('octoAiSdxl')`. */
export function packageNode(name: string): string {
	return `${PACKAGE_NAME}.${name}`;
}

/** Full type of a fixture node: `start`, `setItems`, `readBinary`, `credentialProbe`. */
export function fixtureNode(name: 'start' | 'setItems' | 'readBinary' | 'credentialProbe'): string {
	return `${FIXTURE_PACKAGE}.${name}`;
}
