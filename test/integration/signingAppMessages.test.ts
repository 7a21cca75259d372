import { LANGUAGES } from '../../engine/domain';
import { appCatalogue } from '../../engine/i18n';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';

/*
 * A signing page opened before an upgrade carries no texts in its boot data: the page's script
 * (assets/i18n.js fetchMessages) then loads its language's texts from these files.
 */

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine();
});
afterAll(async () => {
	await t?.destroy();
});

describe('the signing page texts served per language', () => {
	it.each([...LANGUAGES])('in %s: the app catalogue’s messages, as JSON', async (language) => {
		const response = await fetch(`${t.engine.url}/sign/assets/messages/app.${language}.json`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await response.json()).toEqual(appCatalogue[language]);
	});

	it('answers a language it does not have with 404 (the page then takes English)', async () => {
		expect((await fetch(`${t.engine.url}/sign/assets/messages/app.xx.json`)).status).toBe(404);
	});
});
