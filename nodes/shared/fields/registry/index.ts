import type { EngineSpec } from '../engines';
import { FIELDS } from './fields';
import { DEFAULT_MODE, MODES, type GenerationMode } from './modes';
import type { EngineRow, FieldRow, WireKey } from './types';

export { FIELDS } from './fields';
export type { EngineRow, FieldRow, FieldValue, GenerationRequest, WireKey } from './types';

const BY_KEY = new Map<string, EngineRow>(FIELDS.map((row) => [row.wire, row]));

/** The registry row of a wire key (throws for a key the registry lacks: a programming error). */
export function fieldRow(key: WireKey): EngineRow {
	const row = BY_KEY.get(key);
	if (!row) throw new Error(`No registry row for "${key}"`);
	return row;
}

/** What users call a request field (its label in the editor), or the key itself for an unknown one. */
export function fieldLabel(key: string): string {
	return BY_KEY.get(key)?.label ?? key;
}

/** Whether an engine takes a field at all. */
export function engineTakes(engine: EngineSpec, row: FieldRow): boolean {
	return row.needs === undefined || engine.capabilities.has(row.needs);
}

/** The fields an engine takes, in registry order. */
export function engineFields(engine: EngineSpec): EngineRow[] {
	return FIELDS.filter((row) => engineTakes(engine, row));
}

/**
 * Per engine, computed once: a request reads a field's modes for every field of every item, and the
 * engines and rows never change while the process runs.
 */
const MODES_OF = new WeakMap<EngineSpec, readonly GenerationMode[]>();
const FIELD_MODES_OF = new WeakMap<EngineSpec, Map<FieldRow, readonly GenerationMode[]>>();

/** The modes an engine offers: those whose fields it all takes (text to image always). */
export function engineModes(engine: EngineSpec): readonly GenerationMode[] {
	let modes = MODES_OF.get(engine);
	if (!modes) {
		modes = Object.freeze(MODES.filter((mode) => mode.sends.every((key) => engineTakes(engine, fieldRow(key)))).map((m) => m.value));
		MODES_OF.set(engine, modes);
	}
	return modes;
}

/** The modes in which an engine shows a field (every mode of the engine when the row names none; none when it does not take it). */
export function fieldModes(engine: EngineSpec, row: FieldRow): readonly GenerationMode[] {
	let byRow = FIELD_MODES_OF.get(engine);
	if (!byRow) FIELD_MODES_OF.set(engine, (byRow = new Map()));
	let modes = byRow.get(row);
	if (!modes) {
		modes = Object.freeze(engineTakes(engine, row) ? engineModes(engine).filter((mode) => !row.modes || row.modes.includes(mode)) : []);
		byRow.set(row, modes);
	}
	return modes;
}

/** Whether an engine sends a field in a mode. */
export function fieldApplies(engine: EngineSpec, row: FieldRow, mode: GenerationMode = DEFAULT_MODE): boolean {
	return fieldModes(engine, row).includes(mode);
}

/** Whether a row holds images (base64): such fields are never echoed in outputs or error messages. */
export function holdsImages(row: FieldRow | undefined): boolean {
	return row?.value.type === 'image' || (row?.value.type === 'nameMap' && row.value.of === 'images');
}

/** Whether an engine request field holds images. */
export function isImageField(key: string): boolean {
	return holdsImages(BY_KEY.get(key));
}
