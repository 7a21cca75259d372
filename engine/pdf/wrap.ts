import type { Face } from './text';

/** Splits a paragraph into lines no wider than `width`, measuring word by word. */
export function wrap(text: string, face: Face, size: number, width: number): string[] {
	const space = face.widthOf(' ', size);
	const lines: string[] = [];
	let line = '';
	let lineWidth = 0;
	const start = (word: string, wordWidth: number) => {
		if (wordWidth <= width) {
			line = word;
			lineWidth = wordWidth;
			return;
		}
		// A single word wider than the line (a hash, a user agent) is cut where it must be.
		let piece = '';
		let pieceWidth = 0;
		for (const char of word) {
			const charWidth = face.widthOf(char, size);
			if (piece && pieceWidth + charWidth > width) {
				lines.push(piece);
				piece = '';
				pieceWidth = 0;
			}
			piece += char;
			pieceWidth += charWidth;
		}
		line = piece;
		lineWidth = pieceWidth;
	};
	for (const word of face.clean(text).split(/\s+/).filter(Boolean)) {
		const wordWidth = face.widthOf(word, size);
		if (!line) start(word, wordWidth);
		else if (lineWidth + space + wordWidth <= width) {
			line += ` ${word}`;
			lineWidth += space + wordWidth;
		} else {
			lines.push(line);
			start(word, wordWidth);
		}
	}
	if (line || lines.length === 0) lines.push(line);
	return lines;
}
