// How a typed signature will look once stamped, decided exactly as the stamp
// decides (engine/pdf/fonts.ts `signatureLook`, engine/pdf/text.ts `Face.clean`):
// in Dancing Script when its Latin and Latin Extended files together have every
// character of the name, else wholly in DejaVu Sans, where each character
// DejaVu Sans lacks (CJK, emoji) becomes one "?".

let coverage = null; // { handwriting: [[from, to], ...], sans: [[from, to], ...] } from the engine

export async function loadSignatureCoverage() {
	try {
		const response = await fetch('/sign/assets/signature-fonts.json', { credentials: 'same-origin' });
		if (response.ok) coverage = await response.json();
	} catch {
		// Without it every name previews in Dancing Script, as most names are stamped.
	}
}

function has(ranges, codePoint) {
	let low = 0;
	let high = ranges.length - 1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		const [from, to] = ranges[middle];
		if (codePoint < from) high = middle - 1;
		else if (codePoint > to) low = middle + 1;
		else return true;
	}
	return false;
}

const graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : null;

/** `{ text, sans }`: the text as it will be stamped, and whether it is drawn in DejaVu Sans rather than Dancing Script. */
export function signatureLook(input) {
	// The engine keeps names composed (NFC): "o" + combining dot below is stored, and stamped, as "ọ".
	const text = input.normalize('NFC').replace(/[\r\n\t]+/g, ' ');
	if (!coverage) return { text, sans: false };
	const handwriting = [...text].every((char) => char === ' ' || has(coverage.handwriting, char.codePointAt(0)));
	if (handwriting) return { text, sans: false };
	const pieces = graphemes ? [...graphemes.segment(text)].map((part) => part.segment) : [...text];
	let out = '';
	for (const piece of pieces) {
		const codePoints = [...piece].map((char) => char.codePointAt(0));
		if (!has(coverage.sans, codePoints[0])) out += '?';
		else out += String.fromCodePoint(...codePoints.filter((codePoint) => has(coverage.sans, codePoint)));
	}
	return { text: out, sans: true };
}
