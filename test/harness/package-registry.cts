import { PackageDirectoryLoader, UnrecognizedCredentialTypeError, UnrecognizedNodeTypeError } from 'n8n-core';
import type { ICredentialType, IDataObject, INodeProperties, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * n8n-nodes-base is not installed (it is huge); its manual trigger, which every exported
 * workflow starts with, runs as the fixture Start node so the same JSON works here and in n8n.
 */
const STAND_INS: Record<string, string> = {
	'n8n-nodes-base.manualTrigger': 'n8n-nodes-harness.start',
};

/**
 * Node packages loaded the way n8n loads an installed community package: one
 * `PackageDirectoryLoader` per package directory, node types named `<package name>.<node name>`
 * (e.g. `n8n-nodes-octoai.octoAiSdxl`), credential types by their bare `name`.
 */
export class PackageRegistry implements INodeTypes {
	private readonly loaders = new Map<string, PackageDirectoryLoader>();

	constructor(private readonly packageDirs: string[]) {}

	/** Loads every listed package; fails with a hint when a built file is missing. */
	async load(): Promise<void> {
		for (const dir of this.packageDirs) {
			assertBuilt(dir);
			const loader = new PackageDirectoryLoader(dir);
			await loader.loadAll();
			this.loaders.set(loader.packageName, loader);
		}
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const [packageName, name] = splitNodeType(STAND_INS[nodeType] ?? nodeType);
		const loader = this.loaders.get(packageName);
		if (!loader) throw new UnrecognizedNodeTypeError(packageName, name);
		if (!(name in loader.known.nodes) && name.endsWith('Tool')) return toolVariant(loader.getNode(name.slice(0, -4)).type);
		return loader.getNode(name).type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [packageName, loader] of this.loaders) {
			for (const [name, info] of Object.entries(loader.known.nodes)) {
				known[`${packageName}.${name}`] = { ...info };
			}
		}
		return known;
	}

	/** Full type names of every loaded node, e.g. for a test that wants to list them. */
	nodeTypeNames(): string[] {
		return Object.keys(this.getKnownTypes());
	}

	credentialType(name: string): ICredentialType {
		for (const loader of this.loaders.values()) {
			if (name in loader.known.credentials) return loader.getCredential(name).type;
		}
		throw new UnrecognizedCredentialTypeError(name);
	}

	recognizesCredential(name: string): boolean {
		return [...this.loaders.values()].some((loader) => name in loader.known.credentials);
	}

	/** Full type names of the nodes that list this credential type. */
	supportedNodes(credentialName: string): string[] {
		const nodes: string[] = [];
		for (const [packageName, loader] of this.loaders) {
			for (const name of loader.known.credentials[credentialName]?.supportedNodes ?? []) {
				nodes.push(`${packageName}.${name}`);
			}
		}
		return nodes;
	}

	/** Every type this credential type extends, nearest first, transitively. */
	parentTypes(name: string): string[] {
		const parents = this.credentialType(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.parentTypes(parent)]);
	}

	/** The credential type's fields, with the fields of the types it extends merged underneath. */
	credentialProperties(name: string): INodeProperties[] {
		const type = this.credentialType(name);
		if (!type.extends) return type.properties;
		const merged: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(merged, this.credentialProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, type.properties);
		return merged;
	}
}

/**
 * The tool variant n8n registers for a node with `usableAsTool` (`<name>Tool`), as AI Agent 3.1 runs
 * it: the node itself, run as an ordinary node under the tool's type name. Its outputs stay `main`
 * here so a test reads what the agent would be handed.
 */
function toolVariant(type: INodeType | IVersionedNodeType): INodeType | IVersionedNodeType {
	if (!type.description.usableAsTool) throw new Error(`${type.description.name} is not usable as a tool`);
	return type;
}

function splitNodeType(nodeType: string): [string, string] {
	const dot = nodeType.lastIndexOf('.');
	return [nodeType.slice(0, dot), nodeType.slice(dot + 1)];
}

function assertBuilt(dir: string): void {
	const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
		name: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const files = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = files.filter((file) => !existsSync(path.join(dir, file)));
	if (missing.length > 0) {
		throw new Error(
			`${manifest.name}: package.json lists files that do not exist: ${missing.join(', ')}. ` +
				'Run `npm run build` at the repo root first.',
		);
	}
}
