import type { PDFPage } from 'pdf-lib';

/** One line of a flowed text: how much height it takes, and how to draw it with its top at `top`. */
export interface FlowLine {
	height: number;
	draw(page: PDFPage, top: number): void;
}

/** Lines that belong together; a kept block moves whole to the next page rather than being split. */
export interface FlowBlock {
	lines: FlowLine[];
	/** Space above the block, dropped at the top of a page. */
	gap: number;
	keep: boolean;
	/** On pages of its own: it starts a page, and what follows it starts the next one. */
	alone?: boolean;
}

/** Where each line goes: pages of lines with their top, from the top of the text area. */
export type FlowPages = Array<Array<{ line: FlowLine; top: number }>>;

const heightOf = (lines: FlowLine[]) => lines.reduce((sum, line) => sum + line.height, 0);

/**
 * Puts blocks on pages top to bottom. `capacity(index)` is the text height of
 * page `index`. A kept block that does not fit what is left of a page starts
 * the next one (if it fits a page at all); anything else is split by lines.
 * A block `alone` starts a page, and the block after it another.
 */
export function paginate(blocks: FlowBlock[], capacity: (pageIndex: number) => number): FlowPages {
	const pages: FlowPages = [[]];
	let used = 0;
	const newPage = () => {
		pages.push([]);
		used = 0;
	};
	let afterAlone = false;
	for (const block of blocks) {
		const current = () => pages[pages.length - 1];
		if ((block.alone || afterAlone) && current().length > 0) newPage();
		afterAlone = block.alone === true;
		const gap = current().length > 0 ? block.gap : 0;
		const height = heightOf(block.lines);
		if (current().length > 0 && used + gap + height > capacity(pages.length - 1)) {
			if (block.keep && height <= capacity(pages.length)) newPage();
		}
		used += current().length > 0 ? block.gap : 0;
		for (const line of block.lines) {
			if (current().length > 0 && used + line.height > capacity(pages.length - 1)) newPage();
			current().push({ line, top: used });
			used += line.height;
		}
	}
	return pages;
}
