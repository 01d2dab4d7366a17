import { GENERATION_ROWS } from './rows-generation';
import { INPUT_ROWS } from './rows-inputs';
import { OPTION_ROWS } from './rows-options';
import type { EngineRow } from './types';

/**
 * The request-field registry of the engine nodes: one row per field of `POST /generate/{engine}`
 * (reference §2.1, with Part C.1's limits and defaults), kept in three files by where the field sits.
 * Field descriptions, the item reader, the request body, its zod schema and the output's
 * `parameters` all come from these rows; top-level rows appear in this order.
 */
export const FIELDS: readonly EngineRow[] = [...INPUT_ROWS, ...GENERATION_ROWS, ...OPTION_ROWS];
