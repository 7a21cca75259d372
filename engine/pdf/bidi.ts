/*
 * Just enough of the Unicode bidirectional algorithm (UAX #9) to draw one
 * line of a left-to-right document that contains right-to-left words: a
 * Hebrew or Arabic name beside Latin text, an e-mail address, a number.
 * pdf-lib draws a string in the order given; its shaper (fontkit) reverses
 * and joins a run that is right-to-left as a whole, but not a mixed string.
 * So a line is cut into runs of one direction, placed in visual order, and
 * each run is drawn on its own. A line's base direction is left to right (a
 * label beside a name), right to left (a line of a Hebrew certificate), or
 * that of its first strong letter (a paragraph in its own language: a
 * consent text, a typed value). No explicit embeddings or mirroring.
 */

type BidiClass = 'L' | 'R' | 'AL' | 'EN' | 'AN' | 'CS' | 'ES' | 'N';

const RTL = /[\u0590-\u05FF\u07C0-\u085F\uFB1D-\uFB4F\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const ARABIC = /[\u0600-\u065F\u066A-\u06EF\u06FA-\u07BF\u0860-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u;
const ARABIC_NUMBER = /[\u0660-\u0669\u066B\u066C\u06F0-\u06F9]/u;
const LETTER = /[\p{L}\p{M}]/u;

function classOf(char: string): BidiClass {
	if (char >= '0' && char <= '9') return 'EN';
	if (ARABIC_NUMBER.test(char)) return 'AN';
	if (RTL.test(char)) return 'R';
	if (ARABIC.test(char)) return 'AL';
	if (char === '+' || char === '-') return 'ES';
	if (char === ',' || char === '.' || char === ':' || char === '/') return 'CS';
	return LETTER.test(char) ? 'L' : 'N';
}

/** A piece of a line in one direction; `text` is in logical order, pieces are in visual order (left to right). */
export interface BidiRun {
	text: string;
	rtl: boolean;
}

/** The direction a line is laid out in: given, or `auto` for that of its first strong letter (P2, P3). */
export type BaseDirection = 'ltr' | 'rtl' | 'auto';

/** The direction of the first strong letter of a text, left to right when it has none. */
export function firstStrongDirection(text: string): 'ltr' | 'rtl' {
	for (const char of text) {
		const type = classOf(char);
		if (type === 'L') return 'ltr';
		if (type === 'R' || type === 'AL') return 'rtl';
	}
	return 'ltr';
}

/**
 * Embedding levels of a line: on a left-to-right base 0 for LTR, 1 for RTL, 2 for a number inside
 * RTL; on a right-to-left base 1 for RTL, 2 for LTR and numbers.
 */
function levels(chars: string[], rtl: boolean): number[] {
	const types = chars.map(classOf);
	const base: BidiClass = rtl ? 'R' : 'L';
	// W2, W3: numbers after Arabic letters are Arabic numbers; Arabic letters are R from here on.
	let lastStrong: BidiClass = base;
	for (let i = 0; i < types.length; i += 1) {
		const type = types[i];
		if (type === 'L' || type === 'R' || type === 'AL') lastStrong = type;
		else if (type === 'EN' && lastStrong === 'AL') types[i] = 'AN';
	}
	for (let i = 0; i < types.length; i += 1) if (types[i] === 'AL') types[i] = 'R';
	// W4: one separator between two numbers of the same kind belongs to the number (1.5, 1,000, 12:30).
	for (let i = 1; i < types.length - 1; i += 1) {
		const before = types[i - 1];
		const after = types[i + 1];
		if (types[i] === 'ES' && before === 'EN' && after === 'EN') types[i] = 'EN';
		else if (types[i] === 'CS' && before === after && (before === 'EN' || before === 'AN')) types[i] = before;
	}
	for (let i = 0; i < types.length; i += 1) if (types[i] === 'ES' || types[i] === 'CS') types[i] = 'N';
	// W7: European numbers after a Latin letter (or at the start of a left-to-right line) are left to right.
	lastStrong = base;
	for (let i = 0; i < types.length; i += 1) {
		const type = types[i];
		if (type === 'L' || type === 'R') lastStrong = type;
		else if (type === 'EN' && lastStrong === 'L') types[i] = 'L';
	}
	// N1, N2: neutrals between two sides of one direction (numbers count as R) take it, others the base direction.
	const direction = (type: BidiClass | undefined) => (type === undefined ? base : type === 'L' ? 'L' : 'R');
	for (let i = 0; i < types.length; i += 1) {
		if (types[i] !== 'N') continue;
		let end = i;
		while (types[end] === 'N') end += 1;
		const before = direction(types[i - 1]);
		const resolved = before === direction(types[end]) ? before : base;
		for (let j = i; j < end; j += 1) types[j] = resolved;
		i = end - 1;
	}
	// I1, I2: levels on the base.
	if (rtl) return types.map((type) => (type === 'R' ? 1 : 2));
	return types.map((type) => (type === 'L' ? 0 : type === 'R' ? 1 : 2));
}

/** Brackets and the like are drawn mirrored inside right-to-left text (L4): "(" opens to the left there. */
const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹' };

const mirrored = (text: string) => [...text].map((char) => MIRRORED[char] ?? char).join('');

/** The runs of one line in visual order (left to right), each to be drawn as given. */
export function visualRuns(text: string, direction: BaseDirection = 'ltr'): BidiRun[] {
	const chars = [...text];
	if (chars.length === 0) return [];
	const rtl = direction === 'auto' ? firstStrongDirection(text) === 'rtl' : direction === 'rtl';
	if (!rtl && !chars.some((char) => RTL.test(char) || ARABIC.test(char))) return [{ text, rtl: false }];
	const level = levels(chars, rtl);
	const runs: Array<{ text: string; level: number }> = [];
	chars.forEach((char, index) => {
		const last = runs[runs.length - 1];
		if (last && last.level === level[index]) last.text += char;
		else runs.push({ text: char, level: level[index] });
	});
	// L2: from the highest level down to 1, reverse every sequence of runs at that level or higher.
	for (let at = 2; at >= 1; at -= 1) {
		for (let i = 0; i < runs.length; i += 1) {
			if (runs[i].level < at) continue;
			let end = i;
			while (end < runs.length && runs[end].level >= at) end += 1;
			runs.splice(i, end - i, ...runs.slice(i, end).reverse());
			i = end - 1;
		}
	}
	return runs.map((run) => (run.level % 2 === 1 ? { text: mirrored(run.text), rtl: true } : { text: run.text, rtl: false }));
}
