import { randomUUID } from 'node:crypto';
import type { ApiClient, ApiResponse } from '../helpers/engine/apiClient';
import { ManualClock } from '../helpers/engine/clock';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

const HOUR = 3_600_000;

function post(api: ApiClient, path: string, json: unknown, key: string): Promise<ApiResponse> {
	return api.request('POST', path, { json, headers: { 'idempotency-key': key } });
}

/** The workflows of the organization named `name` (the list is the engine's own count). */
async function workflowsNamed(api: ApiClient, name: string) {
	const all: Array<{ id: string; name: string }> = [];
	for (let cursor = ''; ; ) {
		const page = await api.get(`/workflows?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
		expect(page.status).toBe(200);
		all.push(...page.body.data);
		if (!page.body.nextCursor) return all.filter((workflow) => workflow.name === name);
		cursor = page.body.nextCursor;
	}
}

describe('Idempotency-Key on creating requests', () => {
	let t: TestEngine;
	let receiver: Receiver;
	beforeAll(async () => {
		receiver = await startReceiver();
		t = await startTestEngine({ allowPrivateWebhooks: true });
	});
	afterAll(async () => {
		await t.destroy();
		await receiver.close();
	});

	it('answers a retry with the same key and body with the first answer, replayed, and creates one workflow', async () => {
		const key = randomUUID();
		const body = { name: 'Contrat de travail – Zoë Lefèvre 🖋', message: 'Bitte unterschreiben Sie bis Freitag.', metadata: { crm: 'קוד-42' } };
		const first = await post(t.api, '/workflows', body, key);
		expect(first.status).toBe(201);
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		const retry = await post(t.api, '/workflows', body, key);
		expect(retry.status).toBe(201);
		expect(retry.headers.get('idempotent-replayed')).toBe('true');
		expect(retry.bytes.toString('utf8')).toBe(first.bytes.toString('utf8'));
		expect(await workflowsNamed(t.api, body.name)).toHaveLength(1);
	});

	it('refuses the same key with another body or another path (409 idempotency_key_reused), and creates nothing', async () => {
		const key = `n8n-${randomUUID()}`;
		const name = 'Geheimhaltungsvereinbarung – Jürgen Groß';
		expect((await post(t.api, '/workflows', { name }, key)).status).toBe(201);
		const otherBody = await post(t.api, '/workflows', { name: `${name} (2)` }, key);
		expect(otherBody.status).toBe(409);
		expect(otherBody.body.error.code).toBe('idempotency_key_reused');
		const workflowId = (await workflowsNamed(t.api, name))[0].id;
		const otherPath = await post(t.api, `/workflows/${workflowId}/signers`, { name }, key);
		expect(otherPath.status).toBe(409);
		expect(otherPath.body.error.code).toBe('idempotency_key_reused');
		expect(await workflowsNamed(t.api, `${name} (2)`)).toHaveLength(0);
		expect((await t.api.get(`/workflows/${workflowId}`)).body.signers).toHaveLength(0);
	});

	it('creates exactly one workflow for 20 concurrent requests with one key; the others are in progress or replayed', async () => {
		const key = randomUUID();
		const name = '同時 – 20 requests, one offer letter';
		const answers = await Promise.all(Array.from({ length: 20 }, () => post(t.api, '/workflows', { name }, key)));
		const statuses = answers.map((answer) => answer.status);
		expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
		const created = answers.filter((answer) => answer.status === 201);
		expect(created.filter((answer) => answer.headers.get('idempotent-replayed') === null)).toHaveLength(1);
		expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
		for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.error.code).toBe('idempotency_key_in_progress');
		expect(await workflowsNamed(t.api, name)).toHaveLength(1);
		// Once the first has answered, a retry gets its answer.
		const later = await post(t.api, '/workflows', { name }, key);
		expect(later.headers.get('idempotent-replayed')).toBe('true');
		expect(later.body.id).toBe(created[0].body.id);
	});

	it('replays files, signers, signature fields, annotations, webhooks and API keys, creating each once', async () => {
		const workflowId = (await t.api.post('/workflows', { name: 'Mietvertrag – Ñandú' })).body.id as string;
		const pdf = fixturePdf('a4-1page.pdf').toString('base64');
		const twice = async (path: string, json: unknown) => {
			const key = randomUUID();
			const first = await post(t.api, path, json, key);
			const second = await post(t.api, path, json, key);
			expect([first.status, second.status, second.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
			expect(second.body).toEqual(first.body);
			return first.body;
		};
		const file = await twice(`/workflows/${workflowId}/files`, { name: 'miete-ñ.pdf', contentBase64: pdf });
		const signer = await twice(`/workflows/${workflowId}/signers`, { name: 'محمد علي', email: 'm.ali@example.com' });
		await twice(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 });
		await twice(`/workflows/${workflowId}/annotations`, { fileId: file.id, page: 1, x: 50, y: 200, type: 'text', value: 'Gültig ab 1. März' });
		const detail = (await t.api.get(`/workflows/${workflowId}`)).body;
		expect([detail.files.length, detail.signers.length, detail.signatures.length, detail.annotations.length]).toEqual([1, 1, 1, 1]);

		const webhook = await twice('/webhooks', { name: 'Portail RH – é', url: receiver.url, events: ['workflow.completed'] });
		expect(webhook.secret).toEqual(expect.any(String));
		expect((await t.api.get('/webhooks')).body.data.filter((hook: { name: string }) => hook.name === 'Portail RH – é')).toHaveLength(1);
		const apiKey = await twice('/api-keys', { name: 'Zapier – Łódź' });
		expect((await t.api.get('/api-keys')).body.data.filter((key: { name: string }) => key.name === 'Zapier – Łódź')).toHaveLength(1);
		// The new key (shown once) is kept sealed, never as it is.
		const stored = await withDatabase(t.dataDir, (database) => database.all<{ answer: string }>('select answer from idempotency_keys'));
		expect(stored.some((row) => row.answer.includes(apiKey.apiKey as string) || row.answer.includes(webhook.secret as string))).toBe(false);
	});

	it('keeps the answer of a keyed workflow, file, signer, signature field and annotation in the commit of its work, the answer it sends', async () => {
		const finish = jest.spyOn(t.engine.service.idempotency, 'finish');
		try {
			const keyed = async (path: string, json: unknown) => {
				finish.mockClear();
				const key = randomUUID();
				const answer = await post(t.api, path, json, key);
				expect([path, answer.status]).toEqual([path, 201]);
				const [[claim, sent]] = finish.mock.calls;
				// What the work's commit kept is what went out: nothing was left to write after it.
				expect([path, claim.keptInCommit]).toEqual([path, sent]);
				expect(JSON.parse(sent.body)).toEqual(answer.body);
				const replay = await post(t.api, path, json, key);
				expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body]).toEqual([201, 'true', answer.body]);
				return answer.body.id as string;
			};
			const workflowId = await keyed('/workflows', { name: 'Arbeitsvertrag – José Nuñez 📝' });
			const fileId = await keyed(`/workflows/${workflowId}/files`, { name: 'vertrag-ü.pdf', contentBase64: fixturePdf('a4-1page.pdf').toString('base64') });
			const signerId = await keyed(`/workflows/${workflowId}/signers`, { name: 'Σοφία Παπαδοπούλου', email: 'sofia@example.gr' });
			await keyed(`/workflows/${workflowId}/signatures`, { fileId, signerId, page: 1, x: 50, y: 50 });
			await keyed(`/workflows/${workflowId}/annotations`, { fileId, page: 1, x: 50, y: 200, type: 'text', value: 'שלום – 1. März' });
		} finally {
			finish.mockRestore();
		}
	});

	it('keeps a validation refusal (422) and replays it, but not a 404, which a retry may get past', async () => {
		const key = randomUUID();
		const invalid = await post(t.api, '/workflows', { name: '' }, key);
		expect(invalid.status).toBe(422);
		const again = await post(t.api, '/workflows', { name: '' }, key);
		expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([422, 'true']);

		const missing = `/workflows/${randomUUID()}/signers`;
		const notFoundKey = randomUUID();
		const signer = { name: 'Zoë', email: 'zoe@example.com' };
		const first = await post(t.api, missing, signer, notFoundKey);
		const second = await post(t.api, missing, signer, notFoundKey);
		expect([first.status, second.status, second.headers.get('idempotent-replayed')]).toEqual([404, 404, null]);
	});

	it('refuses a key that is empty, too long or not visible ASCII (422 idempotency_key_invalid)', async () => {
		for (const key of ['', 'a'.repeat(256), 'two words', 'tab\there']) {
			const answer = await post(t.api, '/workflows', { name: 'Ungültiger Schlüssel' }, key);
			expect([key, answer.status, answer.body.error?.code]).toEqual([key, 422, 'idempotency_key_invalid']);
		}
		expect((await post(t.api, '/workflows', { name: 'Längster Schlüssel' }, '~'.repeat(255))).status).toBe(201);
		expect(await workflowsNamed(t.api, 'Ungültiger Schlüssel')).toHaveLength(0);
	});

	it('scopes a key to the organization and the API key mode', async () => {
		const key = randomUUID();
		const name = 'Offerte – Organisation A';
		const a = await post(t.api, '/workflows', { name }, key);
		const other = await t.newOrganization('Beta GmbH');
		const b = await post(other.api, '/workflows', { name }, key);
		const testKey = (await t.api.post('/api-keys', { name: 'Testschlüssel', mode: 'test' })).body.apiKey as string;
		const c = await post(t.api.withKey(testKey), '/workflows', { name }, key);
		expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
		expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
		expect([b.headers.get('idempotent-replayed'), c.headers.get('idempotent-replayed')]).toEqual([null, null]);
	});
});

describe('Idempotency-Key across restarts and the retention sweep', () => {
	it('replays the answer after the engine restarts', async () => {
		const dataDir = tempDataDir();
		let t = await startTestEngine({ dataDir });
		try {
			const key = randomUUID();
			const name = 'Redémarrage – Élodie';
			const first = await post(t.api, '/workflows', { name }, key);
			expect(first.status).toBe(201);
			await t.stop();
			const api = t.api;
			t = await startTestEngine({ dataDir });
			// Same organization and key: the first engine's client.
			const retry = await post(t.api.withKey(api.apiKey), '/workflows', { name }, key);
			expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
			expect(retry.bytes.toString('utf8')).toBe(first.bytes.toString('utf8'));
			expect(await workflowsNamed(t.api.withKey(api.apiKey), name)).toHaveLength(1);
		} finally {
			await t.destroy();
		}
	});

	it('removes a key after 24 hours in the retention sweep: the key then creates anew', async () => {
		const clock = new ManualClock('2026-12-01T08:00:00.000Z');
		const t = await startTestEngine({ clock, retentionCheckIntervalMs: 20 });
		try {
			const key = randomUUID();
			const name = 'Ablauf nach 24 Stunden – Åsa';
			const first = await post(t.api, '/workflows', { name }, key);
			const keys = () => withDatabase(t.dataDir, (database) => database.all<{ n: number }>('select cast(count(*) as integer) as n from idempotency_keys'));
			clock.advance(24 * HOUR - 60_000);
			// Still within 24 hours: several sweeps pass and the key stays.
			const sweeps = t.engine.retention;
			await sweeps.tick();
			expect((await keys())[0].n).toBe(1);
			expect((await post(t.api, '/workflows', { name }, key)).headers.get('idempotent-replayed')).toBe('true');
			clock.advance(120_000);
			await until(keys, (rows) => Number(rows[0].n) === 0, 10_000);
			const after = await post(t.api, '/workflows', { name }, key);
			expect([after.status, after.headers.get('idempotent-replayed')]).toEqual([201, null]);
			expect(after.body.id).not.toBe(first.body.id);
		} finally {
			await t.destroy();
		}
	});
});
