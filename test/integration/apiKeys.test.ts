import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';

/*
 * An organization's API keys through the API: another key (shown once), the list (never a key or
 * its hash), a key replaced (the old one refused at once), a key revoked; never the last one,
 * never another organization's.
 */
describe(`API keys through /api-keys, on ${TEST_DB}`, () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine();
	});
	afterAll(() => t?.destroy());

	it('creates, lists, rotates and revokes keys; each change is honoured on the very next request', async () => {
		const { api } = await t.newOrganization('Schlüsselbund – Zoë & 鍵 🔑');
		const created = await api.post('/api-keys', { name: 'n8n production – Ångström' });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'n8n production – Ångström', mode: 'live', apiKey: expect.stringMatching(/^sf_live_/) });
		const second = api.withKey(created.body.apiKey);
		expect((await second.get('/me')).body.apiKey).toEqual({ id: created.body.id, mode: 'live' });

		const listed = await api.get('/api-keys');
		expect(listed.body.data.map((key: { name: string; revokedAt: string | null }) => [key.name, key.revokedAt])).toEqual([
			['Default key', null],
			['n8n production – Ångström', null],
		]);
		const text = listed.bytes.toString('utf8');
		for (const secret of [api.apiKey!, created.body.apiKey]) expect(text).not.toContain(secret);
		expect(text).not.toMatch(/apiKey"|keyHash|key_hash/);
		expect(listed.body.data[1].prefix).toBe(created.body.apiKey.slice(0, listed.body.data[1].prefix.length));

		// Rotated: the new key works, the old one is refused at once, the name and mode carry over.
		const rotated = await api.post(`/api-keys/${created.body.id}/rotate`);
		expect(rotated.status).toBe(201);
		expect(rotated.body).toMatchObject({ name: 'n8n production – Ångström', mode: 'live' });
		expect(rotated.body.id).not.toBe(created.body.id);
		expect((await second.get('/me')).status).toBe(401);
		expect((await api.withKey(rotated.body.apiKey).get('/me')).status).toBe(200);
		const afterRotation = (await api.get('/api-keys')).body.data as Array<{ id: string; revokedAt: string | null }>;
		expect(afterRotation.find((key) => key.id === created.body.id)?.revokedAt).toEqual(expect.any(String));
		expect((await api.post(`/api-keys/${created.body.id}/rotate`)).body.error.code).toBe('api_key_not_found');

		// Revoked: refused at once; not twice; never the last active key.
		expect((await api.request('DELETE', `/api-keys/${rotated.body.id}`)).status).toBe(204);
		expect((await api.withKey(rotated.body.apiKey).get('/me')).status).toBe(401);
		expect((await api.request('DELETE', `/api-keys/${rotated.body.id}`)).body.error.code).toBe('api_key_not_found');
		const own = (await api.get('/me')).body.apiKey.id as string;
		const last = await api.request('DELETE', `/api-keys/${own}`);
		expect(last.status).toBe(409);
		expect(last.body.error).toMatchObject({ code: 'last_api_key', message: expect.stringContaining('create another one first') });
		expect((await api.get('/me')).status).toBe(200);
	});

	it('tells when each key was last used, without a write per request', async () => {
		const { api } = await t.newOrganization('Zuletzt benutzt – 最後');
		const used = (await api.post('/api-keys', { name: 'Used – Zoë' })).body;
		const idle = (await api.post('/api-keys', { name: 'Never used' })).body;
		const before = new Date().toISOString();
		for (let i = 0; i < 5; i++) expect((await api.withKey(used.apiKey).get('/me')).status).toBe(200);
		const stored = () =>
			withDatabase(t.dataDir, (database) => database.all<{ id: string; last_used_at: string | null }>('select id, last_used_at from api_keys where id in (?, ?) order by name', [used.id, idle.id]));
		// Remembered in memory: nothing written for these requests yet.
		expect((await stored()).map((row) => row.last_used_at)).toEqual([null, null]);
		const listed = (await api.get('/api-keys')).body.data as Array<{ id: string; lastUsedAt: string | null }>;
		const usedAt = listed.find((key) => key.id === used.id)!.lastUsedAt;
		expect(usedAt! >= before).toBe(true);
		expect(listed.find((key) => key.id === idle.id)!.lastUsedAt).toBeNull();
		await t.engine.service.flushApiKeyUsage();
		const written = await stored();
		expect(written.find((row) => row.id === used.id)!.last_used_at! >= usedAt!).toBe(true);
		expect(written.find((row) => row.id === idle.id)!.last_used_at).toBeNull();
	});

	it("never shows, replaces or revokes another organization's keys", async () => {
		const mine = await t.newOrganization('Mine – مؤسستي');
		const theirs = await t.newOrganization('Theirs – 他社');
		const theirKey = (await theirs.api.post('/api-keys', { name: 'Their second' })).body;
		expect((await mine.api.get('/api-keys')).body.data.map((key: { id: string }) => key.id)).not.toContain(theirKey.id);
		expect((await mine.api.request('DELETE', `/api-keys/${theirKey.id}`)).status).toBe(404);
		expect((await mine.api.post(`/api-keys/${theirKey.id}/rotate`)).status).toBe(404);
		expect((await theirs.api.withKey(theirKey.apiKey).get('/me')).status).toBe(200);
	});

	it('gives a new key the mode of the key that asks, and refuses a name that is empty or too long', async () => {
		const { organizationId, api } = await t.newOrganization('Test & Live GmbH');
		const { apiKey: testKey } = await t.engine.service.createApiKey(organizationId, 'Sandbox', 'test');
		const made = await api.withKey(testKey).post('/api-keys', { name: 'Sandbox 2' });
		expect(made.body).toMatchObject({ mode: 'test', apiKey: expect.stringMatching(/^sf_test_/) });
		for (const name of ['', '   ', 'x'.repeat(101)]) {
			const refused = await api.post('/api-keys', { name });
			expect(refused.status).toBe(422);
			expect(refused.body.error.code).toBe('validation_failed');
		}
		expect((await api.post('/api-keys', {})).status).toBe(422);
	});
});
