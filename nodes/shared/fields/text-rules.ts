/**
 * What OctoAI cannot take in a free text (a prompt, a trigger word, a name, a caption): text that is
 * only invisible characters, control characters, or half of a UTF-16 surrogate pair. Each would be
 * sent and billed as a prompt of nothing, or fail in the service's JSON or tokenizer; refused here,
 * naming the field, before any request.
 */

/**
 * Control characters a text may not hold: C0 except tab, line feed and carriage return (a prompt or a
 * description may span lines), DEL and C1. NUL ends a C string in whatever reads the prompt next.
 */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

/** A UTF-16 code unit without its pair: with the `u` flag only an unpaired one matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Characters that draw nothing: white space, format characters (zero-width space and joiners, BOM,
 * bidi marks, soft hyphen, word joiner, tag characters) and the other default-ignorable code points
 * (variation selectors, Hangul fillers).
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const ONLY_INVISIBLE = /^[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]+$/u;

/** Why `text` cannot be sent to OctoAI (a phrase after the field and value), or undefined when it can. */
export function unusableTextProblem(text: string): string | undefined {
	if (text === '') return undefined;
	const control = CONTROL.exec(text);
	if (control) return `holds the control character ${codePoint(control[0])} at character ${control.index + 1}; only tab and line breaks are allowed`;
	const surrogate = LONE_SURROGATE.exec(text);
	if (surrogate) return `holds half of a character (the unpaired UTF-16 surrogate ${codePoint(surrogate[0])}) at character ${surrogate.index + 1}`;
	if (ONLY_INVISIBLE.test(text)) return 'holds only invisible characters (such as zero-width spaces, joiners or a byte-order mark)';
	return undefined;
}

/** Longest part of a text an error about its characters shows, after escaping. */
const SHOWN = 40;

/**
 * A text for an error message with every character that does not show escaped as \u{…} (controls,
 * surrogates, invisible and non-ASCII white space; plain spaces stay), cut to SHOWN characters, so
 * the user sees what the field really holds.
 */
export function showInvisible(text: string): string {
	let shown = '';
	let count = 0;
	for (const char of text) {
		if (shown.length >= SHOWN) break;
		count++;
		const hidden = char !== ' ' && (CONTROL.test(char) || LONE_SURROGATE.test(char) || INVISIBLE.test(char));
		shown += hidden ? codePoint(char) : char;
	}
	const total = [...text].length;
	return total > count ? `"${shown}…" (${total} characters)` : `"${shown}"`;
}

function codePoint(char: string): string {
	return `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`;
}
