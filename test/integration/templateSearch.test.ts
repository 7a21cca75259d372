import { rmSync } from 'node:fs';
import type { ApiClient } from '../helpers/engine/apiClient';
import { takeBackToBefore } from '../helpers/engine/earlierDatabase';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';

/*
 * GET /templates?q=: the name search behind the n8n node's template picker ("From List"), as
 * GET /workflows?q= is for signing workflows; SQLite and PostgreSQL must agree.
 */

const NAMES = ['Offer letter – Zürich office', 'NDA Zu\u0308rich', 'Arbeitsvertrag Müller', '雇用契約書 山田太郎', 'חוזה עבודה – דנה', 'Launch 🚀 contract', 'Discount 50% deal'];

async function names(api: ApiClient, query: string): Promise<string[]> {
	const response = await api.get(`/templates?limit=100&q=${encodeURIComponent(query)}`);
	expect(response.status).toBe(200);
	return (response.body.data as Array<{ name: string }>).map((template) => template.name).sort();
}

describe(`template name search on ${TEST_DB}`, () => {
	let t: TestEngine;
	let api: ApiClient;

	beforeAll(async () => {
		t = await startTestEngine();
		({ api } = await t.newOrganization('Template Searcher'));
		for (const name of NAMES) expect((await api.post('/templates', { name })).status).toBe(201);
	});
	afterAll(() => t?.destroy());

	it('finds names that contain the text, ignoring case, accents and composition; % literally', async () => {
		const zurich = ['NDA Zu\u0308rich'.normalize('NFC'), 'Offer letter – Zürich office'].sort();
		expect(await names(api, 'ZURICH')).toEqual(zurich);
		expect(await names(api, 'zu\u0308rich')).toEqual(zurich);
		expect(await names(api, 'muller')).toEqual(['Arbeitsvertrag Müller']);
		expect(await names(api, '山田')).toEqual(['雇用契約書 山田太郎']);
		expect(await names(api, 'עבודה')).toEqual(['חוזה עבודה – דנה']);
		expect(await names(api, '🚀')).toEqual(['Launch 🚀 contract']);
		expect(await names(api, '%')).toEqual(['Discount 50% deal']);
		expect(await names(api, '')).toEqual(NAMES.map((name) => name.normalize('NFC')).sort());
	});

	it('a renamed template is found by its new name only', async () => {
		const made = (await api.post('/templates', { name: 'Mietvertrag Köln' })).body;
		expect(await names(api, 'koln')).toEqual(['Mietvertrag Köln']);
		expect((await api.request('PATCH', `/templates/${made.id}`, { json: { name: 'Mietvertrag Düsseldorf' } })).status).toBe(200);
		expect(await names(api, 'koln')).toEqual([]);
		expect(await names(api, 'dusseldorf')).toEqual(['Mietvertrag Düsseldorf']);
	});

	it("lists only the caller's organization; refuses a search text longer than 200 characters", async () => {
		const other = await t.newOrganization('Other Template Searcher');
		await other.api.post('/templates', { name: 'Other Zürich template' });
		expect(await names(api, 'zurich')).not.toContain('Other Zürich template');
		const response = await api.get(`/templates?q=${'a'.repeat(201)}`);
		expect(response.status).toBe(422);
		expect(response.body.error.details[0].path).toBe('q');
	});
});

describe('a database from before template name search', () => {
	const dataDir = tempDataDir('template-search-upgrade');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('is searchable after the upgrade: migration 025 fills in the folded names', async () => {
		let t = await startTestEngine({ dataDir });
		for (const name of ['Mietvertrag Zu\u0308rich', 'Plain NDA']) expect((await t.api.post('/templates', { name })).status).toBe(201);
		const apiKey = t.api.apiKey;
		await t.stop();
		await takeBackToBefore(dataDir, '025_template_name_search');
		t = await startTestEngine({ dataDir });
		try {
			expect(await names(t.api.withKey(apiKey), 'ZÜRICH')).toEqual(['Mietvertrag Zu\u0308rich'.normalize('NFC')]);
		} finally {
			await t.destroy();
		}
	});
});
