import { SignflowError, assertBoxOnPage } from '../../../engine/domain';
import { aFile } from '../../helpers/engine/builders';

const file = aFile('wf', [
	[595.28, 841.89],
	[841.89, 595.28],
]);

function codeOf(box: { page: number; x: number; y: number; width: number; height: number }): string | null {
	try {
		assertBoxOnPage(file, box);
		return null;
	} catch (error) {
		return (error as SignflowError).code;
	}
}

describe('assertBoxOnPage', () => {
	it('accepts boxes inside the page, up to the edges', () => {
		expect(codeOf({ page: 1, x: 0, y: 0, width: 595.28, height: 841.89 })).toBeNull();
		expect(codeOf({ page: 2, x: 600, y: 500, width: 241.89, height: 95.28 })).toBeNull();
	});

	it('checks each page against its own size', () => {
		// Fits the landscape page 2 but not the portrait page 1.
		expect(codeOf({ page: 2, x: 700, y: 10, width: 100, height: 50 })).toBeNull();
		expect(codeOf({ page: 1, x: 700, y: 10, width: 100, height: 50 })).toBe('box_outside_page');
	});

	it('refuses a box sticking out at the right or the top', () => {
		expect(codeOf({ page: 1, x: 500, y: 10, width: 100, height: 50 })).toBe('box_outside_page');
		expect(codeOf({ page: 1, x: 10, y: 800, width: 100, height: 50 })).toBe('box_outside_page');
	});

	it('refuses pages that do not exist', () => {
		expect(codeOf({ page: 3, x: 0, y: 0, width: 10, height: 10 })).toBe('page_out_of_range');
		expect(codeOf({ page: 0, x: 0, y: 0, width: 10, height: 10 })).toBe('page_out_of_range');
	});
});
