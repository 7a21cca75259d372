import type { Page } from 'playwright-core';

/*
 * Working the console's field editor as a person does: pages scrolled into view, fields dragged
 * from the palette with the mouse (pointer down, moves, up).
 */

export const editorPage = (page: Page, number: number) => page.locator(`.editor-page[data-page="${number}"]`);

/** Scrolls a page to the top of the window (below the sticky bar) and answers its box on the screen. */
export async function showPage(page: Page, number: number) {
	await editorPage(page, number).evaluate((element) => {
		element.scrollIntoView({ block: 'start' });
		(globalThis as any).scrollBy(0, -80);
	});
	const box = await editorPage(page, number).boundingBox();
	if (!box) throw new Error(`page ${number} is not shown`);
	return box;
}

/** Drags a field from the palette with the mouse to a point of the window. */
export async function dragFromPalette(page: Page, kind: string, to: { x: number; y: number }) {
	const item = await page.locator(`.palette-item[data-kind="${kind}"]:visible`).boundingBox();
	if (!item) throw new Error(`no ${kind} in the palette`);
	await page.mouse.move(item.x + item.width / 2, item.y + item.height / 2);
	await page.mouse.down();
	await page.mouse.move((item.x + to.x) / 2, (item.y + to.y) / 2, { steps: 5 });
	await page.mouse.move(to.x, to.y, { steps: 8 });
	await page.mouse.up();
}
