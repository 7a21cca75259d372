import { existsSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { ApiClient } from '../helpers/engine/apiClient';
import { blobStored, diskBlobPath } from '../helpers/engine/blobs';
import { ManualClock } from '../helpers/engine/clock';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

/*
 * Draft retention (organization setting retention.draftDays): the retention sweep discards drafts
 * nobody changed for that many days, as POST /workflows/{id}/discard would.
 */

const DAY = 86_400_000;

/** A one-page PDF whose bytes no other workflow here has (its title differs), so its blob is its own. */
async function uniquePdf(title: string): Promise<Buffer> {
	const document = await PDFDocument.create();
	document.addPage([595, 842]);
	document.setTitle(title);
	document.setCreationDate(new Date(0));
	document.setModificationDate(new Date(0));
	return Buffer.from(await document.save());
}

async function draftWithFile(api: ApiClient, name: string, pdfTitle: string) {
	const id = (await api.post('/workflows', { name })).body.id as string;
	const file = await api.upload(id, 'entwurf-ñ.pdf', await uniquePdf(pdfTitle));
	expect(file.status).toBe(201);
	return { id, sha256: file.body.sha256 as string };
}

interface OrganizationEvent {
	type: string;
	actor: { type: string; id: string | null };
	data: Record<string, unknown>;
}

/** The organization's workflow.discarded events for this workflow (organization events: both modes' keys see them). */
async function discardedEvents(api: ApiClient, workflowId: string): Promise<OrganizationEvent[]> {
	const events = (await api.get('/events?limit=500')).body.data as OrganizationEvent[];
	return events.filter((event) => event.type === 'workflow.discarded' && event.data.workflowId === workflowId);
}

describe('draft retention', () => {
	const clock = new ManualClock('2026-04-01T08:00:00.000Z');
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine({ clock, retentionCheckIntervalMs: 20 });
	});
	afterAll(() => t.destroy());

	it('discards drafts untouched for draftDays (live and test), keeps younger and changed drafts, sent workflows, and organizations without it', async () => {
		const set = await t.api.request('PATCH', '/organization', { json: { retention: { draftDays: 30 } } });
		expect(set.status).toBe(200);
		expect(set.body.retention).toEqual({ days: null, scope: 'documents', draftDays: 30 });

		const sandbox = new ApiClient(t.engine.url, (await t.api.post('/api-keys', { name: 'Sandbox – 試験', mode: 'test' })).body.apiKey);
		const stale = await draftWithFile(t.api, 'Vergessener Entwurf – Zoë 🗑', 'stale live draft');
		const staleTest = await draftWithFile(sandbox, 'مسودة منسية', 'stale test draft');
		const changedLater = await draftWithFile(t.api, 'Brouillon modifié – 草稿', 'changed later');
		const sent = await createReadyDraft(t.api, 'Envoyé – 送信済み');
		expect((await t.api.post(`/workflows/${sent.workflowId}/send`)).status).toBe(200);
		const other = await t.newOrganization('Sans rétention – 保持なし');
		const otherDraft = (await other.api.post('/workflows', { name: 'Für immer' })).body.id as string;

		clock.advance(29 * DAY);
		// Changed on day 29: its 30 days start again.
		expect((await t.api.post(`/workflows/${changedLater.id}/signers`, { name: 'Ana Núñez', email: 'ana@example.com' })).status).toBe(201);
		// A pass of the sweep (what the loop runs) finds nothing due a day early.
		expect(await t.engine.service.discardStaleDrafts()).toBe(0);
		expect((await t.api.get(`/workflows/${stale.id}`)).status).toBe(200);

		clock.advance(DAY + 60_000);
		await until(() => t.api.get(`/workflows/${stale.id}`), (response) => response.status === 404, 20_000);
		await until(() => sandbox.get(`/workflows/${staleTest.id}`), (response) => response.status === 404, 20_000);
		// The bytes go once the discard has committed.
		await until(() => blobStored(t.dataDir, stale.sha256), (stored) => !stored, 20_000);
		await until(() => blobStored(t.dataDir, staleTest.sha256), (stored) => !stored, 20_000);
		if (TEST_DB === 'sqlite') expect(existsSync(diskBlobPath(t.dataDir, stale.sha256))).toBe(false);

		expect((await t.api.get(`/workflows/${changedLater.id}`)).status).toBe(200);
		expect((await t.api.get(`/workflows/${sent.workflowId}`)).body.status).toBe('sent');
		expect((await other.api.get(`/workflows/${otherDraft}`)).status).toBe(200);

		const live = await discardedEvents(t.api, stale.id);
		expect(live).toEqual([
			expect.objectContaining({
				actor: { type: 'system', id: null },
				data: expect.objectContaining({ workflowId: stale.id, name: 'Vergessener Entwurf – Zoë 🗑', status: 'draft', trigger: 'retention' }),
			}),
		]);
		const test = await discardedEvents(sandbox, staleTest.id);
		expect(test).toEqual([expect.objectContaining({ actor: { type: 'system', id: null }, data: expect.objectContaining({ workflowId: staleTest.id, test: true, trigger: 'retention' }) })]);
		// Each was discarded once.
		expect(await t.engine.service.discardStaleDrafts()).toBe(0);

		// A discard on request says so.
		const asked = (await t.api.post('/workflows', { name: 'À jeter' })).body.id as string;
		expect((await t.api.post(`/workflows/${asked}/discard`)).status).toBe(200);
		expect((await discardedEvents(t.api, asked)).map((event) => event.data.trigger)).toEqual(['request']);

		// Back to keeping drafts forever: nothing more goes, however long it waits.
		expect((await t.api.request('PATCH', '/organization', { json: { retention: { draftDays: null } } })).body.retention).toMatchObject({ draftDays: null });
		clock.advance(400 * DAY);
		expect(await t.engine.service.discardStaleDrafts()).toBe(0);
		expect((await t.api.get(`/workflows/${changedLater.id}`)).status).toBe(200);
		expect((await other.api.get(`/workflows/${otherDraft}`)).status).toBe(200);
	}, 90_000);

	it('refuses bad draftDays with 422, and a PATCH leaves the retention keys it does not name as they are', async () => {
		const { api } = await t.newOrganization('Réglages – 設定');
		expect((await api.get('/organization')).body.retention).toEqual({ days: null, scope: 'documents', draftDays: null });
		for (const bad of [{ draftDays: 0 }, { draftDays: 36501 }, { draftDays: 1.5 }, { draftDays: '30' }, { days: 10, draftDays: -1 }]) {
			const refused = await api.request('PATCH', '/organization', { json: { retention: bad } });
			expect([JSON.stringify(bad), refused.status, refused.body.error?.code]).toEqual([JSON.stringify(bad), 422, 'validation_failed']);
		}
		expect((await api.get('/organization')).body.retention).toEqual({ days: null, scope: 'documents', draftDays: null });

		expect((await api.request('PATCH', '/organization', { json: { retention: { days: 90, scope: 'documents_and_personal_data', draftDays: 36500 } } })).body.retention).toEqual({
			days: 90,
			scope: 'documents_and_personal_data',
			draftDays: 36500,
		});
		expect((await api.request('PATCH', '/organization', { json: { retention: { draftDays: 1 } } })).body.retention).toEqual({ days: 90, scope: 'documents_and_personal_data', draftDays: 1 });
		// days given without a scope: documents, as before draftDays existed; draftDays stays.
		expect((await api.request('PATCH', '/organization', { json: { retention: { days: 7 } } })).body.retention).toEqual({ days: 7, scope: 'documents', draftDays: 1 });
		expect((await api.get('/organization')).body.retention).toEqual({ days: 7, scope: 'documents', draftDays: 1 });
	});
});
