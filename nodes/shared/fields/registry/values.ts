/**
 * The value vocabulary of the request-field registry: numeric limits and the API's enumerations
 * (reference §2.1 and Part C.1), each written once.
 */

/** Numeric bounds from the reference (exclusive where it says "> 0"). */
export interface NumberLimit {
	min: number;
	minExclusive?: boolean;
	/** Absent where the reference states no upper bound. */
	max?: number;
	maxExclusive?: boolean;
	integer?: boolean;
}

/** Human wording of a numeric limit, e.g. "a whole number greater than 0 and at most 200". */
export function describeLimit(limit: NumberLimit): string {
	const kind = limit.integer ? 'a whole number' : 'a number';
	const low = `${limit.minExclusive ? 'greater than' : 'at least'} ${limit.min}`;
	if (limit.max === undefined) return `${kind} ${low}`;
	const high = `${limit.maxExclusive ? 'less than' : 'at most'} ${limit.max}`;
	return `${kind} ${low} and ${high}`;
}

/**
 * "must be at most 10,000 characters". The digits are grouped here, not by toLocaleString: the first
 * locale formatting in a process loads ICU's number data, tens of milliseconds inside a user's run.
 */
export function describeMaxLength(max: number): string {
	return `must be at most ${String(max).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} characters`;
}

/**
 * Whether a value is a number within a limit (finite; whole where the limit says so, and then no
 * larger than 2^53, beyond which JSON cannot carry the digits the user typed).
 */
export function withinLimit(value: unknown, limit: NumberLimit): value is number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return false;
	if (limit.integer && !Number.isSafeInteger(value)) return false;
	if (limit.minExclusive ? value <= limit.min : value < limit.min) return false;
	if (limit.max !== undefined && (limit.maxExclusive ? value >= limit.max : value > limit.max)) return false;
	return true;
}

/** Plain decimal numbers: a sign, digits with a fraction or a fraction alone, an exponent ("-7", "2.5", ".5", "1e3"). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number field's value with plain decimal text ("7", " 2.5 ") read as its number; every other value
 * unchanged, for the field's own check to refuse with the value as the user gave it. Expressions
 * often give text (a webhook's query, a sheet's cell, a form's field), and n8n's own number
 * parameters take it; Number() alone would also take "0x10", "" or "Infinity".
 */
export function numberFromText(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	return DECIMAL.test(text) ? Number(text) : value;
}

/** Part C.1 and C.2: a seed is a whole number with 0 < seed < 2^32 (the utilities' exports say integer, the service the same). */
export const SEED_LIMIT: NumberLimit = { min: 0, minExclusive: true, max: 2 ** 32, maxExclusive: true, integer: true };

/** Part C.1: prompts and negative prompts are at most this many characters. */
export const MAX_PROMPT_CHARS = 10_000;

/** Samplers: the public docs' regular and premium (2x price) lists, then the SDK-only values. */
export const SAMPLERS: ReadonlyArray<{ value: string; premium?: boolean; sdkOnly?: boolean }> = [
	{ value: 'DDIM' },
	{ value: 'DDPM' },
	{ value: 'DPM_PLUS_PLUS_2M_KARRAS' },
	{ value: 'DPM_SINGLE' },
	{ value: 'DPM_SOLVER_MULTISTEP' },
	{ value: 'K_EULER' },
	{ value: 'K_EULER_ANCESTRAL' },
	{ value: 'PNDM' },
	{ value: 'UNI_PC' },
	{ value: 'DPM_2', premium: true },
	{ value: 'DPM_2_ANCESTRAL', premium: true },
	{ value: 'DPM_PLUS_PLUS_SDE_KARRAS', premium: true },
	{ value: 'HEUN', premium: true },
	{ value: 'KLMS', premium: true },
	{ value: 'LMS', sdkOnly: true },
	{ value: 'K_HEUN', sdkOnly: true },
	{ value: 'DPM_PLUS_PLUS_2M_SDE', sdkOnly: true },
	{ value: 'DPM_PLUS_PLUS_2M_SDE_KARRAS', sdkOnly: true },
	{ value: 'DPM_2_KARRAS', sdkOnly: true },
	{ value: 'DPM_2_ANCESTRAL_KARRAS', sdkOnly: true },
	{ value: 'LCM', sdkOnly: true },
];

/** SDXL style presets, exactly as the API spells them (case-sensitive). */
export const STYLE_PRESETS: readonly string[] = [
	'base', '3d-model', 'analog-film', 'anime', 'cinematic', 'comic-book', 'Craft Clay',
	'modeling-compound', 'digital-art', 'enhance', 'fantasy-art', 'isometric', 'line-art', 'low-poly',
	'neon-punk', 'origami', 'photographic', 'pixel-art', 'tile-texture', 'Advertising',
	'Food Photography', 'Real Estate', 'Abstract', 'Cubist', 'Graffiti', 'Hyperrealism', 'Impressionist',
	'Pointillism', 'Pop Art', 'Psychedelic', 'Renaissance', 'Steampunk', 'Surrealist', 'Typography',
	'Watercolor', 'Fighting Game', 'GTA', 'Super Mario', 'Minecraft', 'Pokémon', 'Retro Arcade',
	'Retro Game', 'RPG Fantasy Game', 'Strategy Game', 'Street Fighter', 'Legend of Zelda',
	'Architectural', 'Disco', 'Dreamscape', 'Dystopian', 'Fairy Tale', 'Gothic', 'Grunge', 'Horror',
	'Minimalist', 'Monochrome', 'Nautical', 'Space', 'Stained Glass', 'Techwear Fashion', 'Tribal',
	'Zentangle', 'Collage', 'Flat Papercut', 'Kirigami', 'Paper Mache', 'Paper Quilling',
	'Papercut Collage', 'Papercut Shadow Box', 'Stacked Papercut', 'Thick Layered Papercut', 'Alien',
	'Film Noir', 'HDR', 'Long Exposure', 'Neon Noir', 'Silhouette', 'Tilt-Shift',
];

export const IMAGE_ENCODINGS = ['png', 'jpeg'] as const;
export type ImageEncoding = (typeof IMAGE_ENCODINGS)[number];
