import { rmSync } from 'node:fs';
import type { ApiClient } from '../helpers/engine/apiClient';
import { takeBackToBefore } from '../helpers/engine/earlierDatabase';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';

/*
 * GET /workflows?q=: the name search behind the n8n node's "From List"
 * picker, on SQLite and on the real PostgreSQL server (the PostgreSQL pass
 * of npm test), which must agree.
 */

const NAMES = [
	'Offer letter – Zürich office', // composed ü
	'NDA Zu\u0308rich', // decomposed ü
	'ZÜRICH lease',
	'Arbeitsvertrag Müller',
	'雇用契約書 山田太郎',
	'חוזה עבודה – דנה',
	'Launch 🚀 contract',
	'Discount 50% deal',
	'File_v2 final',
	'Plain NDA',
];

async function names(api: ApiClient, query: string): Promise<string[]> {
	const response = await api.get(`/workflows?limit=100&q=${encodeURIComponent(query)}`);
	expect(response.status).toBe(200);
	return (response.body.data as Array<{ name: string }>).map((workflow) => workflow.name).sort();
}

describe(`name search on ${TEST_DB}`, () => {
	let t: TestEngine;
	let api: ApiClient;

	beforeAll(async () => {
		t = await startTestEngine();
		expect(t.engine.store.dialect).toBe(TEST_DB);
		({ api } = await t.newOrganization('Searcher'));
		for (const name of NAMES) expect((await api.post('/workflows', { name })).status).toBe(201);
	});
	afterAll(() => t?.destroy());

	it('finds names that contain the text, ignoring case, accents and how Unicode composed them', async () => {
		const zurich = ['NDA Zu\u0308rich'.normalize('NFC'), 'Offer letter – Zürich office', 'ZÜRICH lease'].sort();
		expect(await names(api, 'zürich')).toEqual(zurich);
		expect(await names(api, 'Zu\u0308RICH')).toEqual(zurich);
		expect(await names(api, 'zurich')).toEqual(zurich);
		expect(await names(api, 'muller')).toEqual(['Arbeitsvertrag Müller']);
		expect(await names(api, '山田')).toEqual(['雇用契約書 山田太郎']);
		expect(await names(api, 'עבודה')).toEqual(['חוזה עבודה – דנה']);
		expect(await names(api, '🚀')).toEqual(['Launch 🚀 contract']);
		expect(await names(api, '  nda ')).toEqual(['NDA Zu\u0308rich'.normalize('NFC'), 'Plain NDA']);
	});

	it('takes % and _ literally', async () => {
		expect(await names(api, '%')).toEqual(['Discount 50% deal']);
		expect(await names(api, '_')).toEqual(['File_v2 final']);
		expect(await names(api, 'e_v')).toEqual(['File_v2 final']);
		expect(await names(api, '!')).toEqual([]);
	});

	it('pages through the matches with the cursor, combined with a status filter', async () => {
		const seen: string[] = [];
		let cursor: string | null = null;
		do {
			const page: { body: { data: Array<{ name: string }>; nextCursor: string | null } } = await api.get(
				`/workflows?limit=1&q=zurich${cursor ? `&cursor=${cursor}` : ''}`,
			);
			expect(page.body.data.length).toBeLessThanOrEqual(1);
			seen.push(...page.body.data.map((workflow) => workflow.name));
			cursor = page.body.nextCursor;
		} while (cursor);
		expect(seen).toEqual(['ZÜRICH lease', 'NDA Zu\u0308rich'.normalize('NFC'), 'Offer letter – Zürich office']);
		expect((await api.get('/workflows?q=zurich&status=sent')).body.data).toEqual([]);
		expect((await api.get('/workflows?q=zurich&status=draft')).body.data).toHaveLength(3);
	});

	it("lists only the caller's organization, and everything for an empty q", async () => {
		const other = await t.newOrganization('Other Searcher');
		await other.api.post('/workflows', { name: 'Other Zürich deal' });
		expect(await names(api, 'zurich')).not.toContain('Other Zürich deal');
		expect(await names(other.api, 'zurich')).toEqual(['Other Zürich deal']);
		expect(await names(api, '')).toEqual(NAMES.map((name) => name.normalize('NFC')).sort());
	});

	it('refuses a search text longer than 200 characters', async () => {
		const response = await api.get(`/workflows?q=${'a'.repeat(201)}`);
		expect(response.status).toBe(422);
		expect(response.body.error.details[0].path).toBe('q');
	});
});

describe('a database from before name search', () => {
	const dataDir = tempDataDir('search-upgrade');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('is searchable after the upgrade: the migration fills in the folded names', async () => {
		let t = await startTestEngine({ dataDir });
		for (const name of ['Mietvertrag Zu\u0308rich', 'Plain NDA']) await t.api.post('/workflows', { name });
		const apiKey = t.api.apiKey;
		await t.stop();
		// Take the database back to what the previous version left: no name_search column, migration 005 (nor a later one) not run.
		await takeBackToBefore(dataDir, '005_workflow_name_search');
		t = await startTestEngine({ dataDir });
		try {
			expect(await names(t.api.withKey(apiKey), 'ZÜRICH')).toEqual(['Mietvertrag Zu\u0308rich'.normalize('NFC')]);
		} finally {
			await t.destroy();
		}
	});
});
