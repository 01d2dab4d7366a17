import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { booleanValue } from './boolean-parameter';
import { isExpression, noValueError } from './expression-result';
import { quote } from '../messages/quote';
import { referenceError, referenceProblem } from './asset-references';
import { describeLimit, numberFromText, withinLimit, type NumberLimit } from './registry/values';
import { refuseUnusableText } from './text-parameter';

/** The value chosen in an asset picker (a resource locator), or the value itself for a plain field. */
export function pickedValue(value: unknown): unknown {
	return value && typeof value === 'object' && '__rl' in value ? (value as unknown as { value: unknown }).value : value;
}

/** The text chosen in a picker or typed into a plain field, trimmed; '' when empty. */
export function locatorValue(value: unknown): string {
	const chosen = pickedValue(value);
	return chosen === undefined || chosen === null ? '' : String(chosen).trim();
}

/** A node's parameter by name, top level or inside a collection. */
export type PropertyLookup = (name: string, collection?: string) => INodeProperties | undefined;

/**
 * A node's fields by name (top level, or inside a collection such as Options), built once, so its
 * items are read with ItemParameters: an error names the field as the editor shows it.
 */
export function propertyLookup(properties: readonly INodeProperties[]): PropertyLookup {
	const byPath = new Map<string, INodeProperties>();
	for (const property of properties) {
		byPath.set(property.name, property);
		if (property.type !== 'collection') continue;
		for (const child of (property.options ?? []) as INodeProperties[]) byPath.set(`${property.name}.${child.name}`, child);
	}
	return (name, collection) => byPath.get(collection ? `${collection}.${name}` : name);
}

/** Field types whose empty value would silently fall back to a default, so an empty expression result is an error. */
const VALUE_TYPES = new Set(['number', 'options', 'boolean', 'resourceLocator']);
/** String fields where an expression giving nothing changes the request (Seed would become random). */
const VALUE_STRINGS = new Set(['seed']);

/**
 * Reads one item's parameters of an engine node. Every error names the field as the editor shows it:
 * an expression that cannot be evaluated, an expression that gives nothing where the field would
 * otherwise fall back to a default (n8n turns a failing expression into an empty value), and run
 * options outside their bounds. A number field's plain numeric text is read as its number (numberFromText).
 */
export class ItemParameters {
	private readonly raw: IDataObject;

	/** `fields`: how this node's fields are found by name (an engine node's: editor's engineFieldLookup). */
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly fields: PropertyLookup,
		readonly itemIndex: number,
	) {
		this.raw = ctx.getNode().parameters as IDataObject;
	}

	private property(name: string, collection?: string): INodeProperties | undefined {
		return this.fields(name, collection);
	}

	/** A parameter's label as the editor shows it (its name when the node has no such field). */
	label(name: string, collection?: string): string {
		return this.property(name, collection)?.displayName ?? name;
	}

	/** The label of a field this node has, or undefined: advice names only options the node shows (advice.ts). */
	labelIfPresent(name: string, collection?: string): string | undefined {
		return this.property(name, collection)?.displayName;
	}

	fail(message: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), message, { itemIndex: this.itemIndex, description });
	}

	/** A top-level parameter. */
	get(name: string, fallback?: unknown): unknown {
		return this.read(name, this.raw[name], this.property(name), fallback);
	}

	/** An entry of the Options collection, or undefined when the user did not add it. */
	option(name: string): unknown {
		const raw = (this.raw.options as IDataObject | undefined)?.[name];
		if (raw === undefined) return undefined;
		return this.read(`options.${name}`, raw, this.property(name, 'options'), undefined);
	}

	/** A run option (Options), checked against its bounds; `fallback` when not set. */
	boundedOption(name: string, limit: NumberLimit, fallback: number): number {
		const value = this.option(name);
		if (value === undefined) return fallback;
		if (!withinLimit(value, limit)) {
			const label = this.property(name, 'options')?.displayName ?? name;
			throw this.fail(`${label} (${quote(value)}) must be ${describeLimit(limit)}`);
		}
		return value;
	}

	/** A true/false entry of the Options collection through the shared rule; `fallback` when not added. */
	booleanOption(name: string, fallback: boolean): boolean {
		return this.boolean(this.option(name), this.property(name, 'options')?.displayName ?? name) ?? fallback;
	}

	/** A true/false value already read, checked by the shared rule; undefined when unset. */
	boolean(value: unknown, label: string): boolean | undefined {
		return booleanValue(this.ctx, this.itemIndex, value, label);
	}

	/** The trimmed text of a text field or a picker; '' when unset; objects and numbers are refused. */
	text(value: unknown, label: string): string {
		return this.usableText(this.plainText(value, label), label);
	}

	/** `text` itself, refused when OctoAI cannot take it (text-rules.ts). */
	usableText(text: string, label: string): string {
		refuseUnusableText(this.ctx, this.itemIndex, text, label);
		return text;
	}

	/** The text of an asset field (a picker or a plain name), '' when unset, refused by the rule for ids and names. */
	assetName(value: unknown, label: string): string {
		const name = this.plainText(value, label);
		// The rule for ids and names first: it names control characters in its own words.
		const problem = name ? referenceProblem(name) : undefined;
		if (problem) throw this.fail(referenceError(label, name, problem));
		return this.usableText(name, label);
	}

	private plainText(value: unknown, label: string): string {
		const chosen = pickedValue(value);
		if (chosen === undefined || chosen === null) return '';
		if (typeof chosen !== 'string') {
			throw this.fail(`${label} must be text, but the expression gave ${Array.isArray(chosen) ? 'a list' : typeof chosen}`);
		}
		return chosen.trim();
	}

	private read(path: string, raw: unknown, property: INodeProperties | undefined, fallback: unknown): unknown {
		const label = property?.displayName ?? path;
		let value: unknown;
		try {
			value = this.ctx.getNodeParameter(path, this.itemIndex, fallback);
		} catch (error) {
			// An expression that cannot be evaluated: say which field holds it.
			throw this.fail(`${label}: ${(error as Error).message}`, (error as { description?: string }).description);
		}
		const picked = pickedValue(value);
		const empty = picked === undefined || picked === null || (picked === '' && value !== picked);
		const blankNumber = property?.type === 'number' && (value === '' || Number.isNaN(value));
		const checked = property && (VALUE_TYPES.has(property.type) || VALUE_STRINGS.has(property.name));
		if (checked && (empty || blankNumber) && isExpression(raw)) throw noValueError(this.ctx, this.itemIndex, label);
		return property?.type === 'number' ? numberFromText(value) : value;
	}
}
