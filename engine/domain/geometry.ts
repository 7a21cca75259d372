import { invalid } from './errors';
import type { WorkflowFile } from './file';

export interface PlacedBox {
	page: number;
	x: number;
	y: number;
	width: number;
	height: number;
}

// Tolerate rounding in coordinates computed by callers (e.g. from percentages).
const EPSILON = 0.01;

/** Refuses a box whose page does not exist in the file or which sticks out of that page. */
export function assertBoxOnPage(file: WorkflowFile, box: PlacedBox): void {
	const page = file.pages[box.page - 1];
	if (!page)
		throw invalid('page_out_of_range', `Page ${box.page} does not exist: "${file.name}" has ${file.pageCount} page(s).`, [
			{ path: 'page', message: `Must be between 1 and ${file.pageCount}.` },
		]);
	const details = [];
	if (box.x + box.width > page.width + EPSILON)
		details.push({ path: 'x', message: `x + width (${box.x + box.width}) exceeds the page width ${page.width}.` });
	if (box.y + box.height > page.height + EPSILON)
		details.push({ path: 'y', message: `y + height (${box.y + box.height}) exceeds the page height ${page.height}.` });
	if (details.length > 0)
		throw invalid(
			'box_outside_page',
			`The box does not fit on page ${box.page} (${page.width} x ${page.height} points, origin bottom-left).`,
			details,
		);
}
