import type { ApiClient } from '../helpers/engine/apiClient';
import { rowCounts } from '../helpers/engine/database';
import { createReadyDraft, type ReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

let t: TestEngine;
let mallory: ApiClient;
let victimDraft: ReadyDraft;
let victimSent: ReadyDraft;

beforeAll(async () => {
	t = await startTestEngine();
	victimDraft = await createReadyDraft(t.api, 'Victim draft');
	victimSent = await createReadyDraft(t.api, 'Victim sent');
	await t.api.post(`/workflows/${victimSent.workflowId}/send`);
	mallory = (await t.newOrganization('Mallory Ltd')).api;
	await createReadyDraft(mallory, 'Mallory own');
});
afterAll(() => t.destroy());

describe("another organization's ids answer 404 and change nothing", () => {
	const attempts: Array<[string, () => Promise<{ status: number; body: any }>]> = [
		['get', () => mallory.get(`/workflows/${victimDraft.workflowId}`)],
		['audit', () => mallory.get(`/workflows/${victimDraft.workflowId}/audit`)],
		['download', () => mallory.get(`/workflows/${victimDraft.workflowId}/files/${victimDraft.fileId}/content`)],
		['add file', () => mallory.upload(victimDraft.workflowId, 'x.pdf', fixturePdf('a4-1page.pdf'))],
		['add signer', () => mallory.post(`/workflows/${victimDraft.workflowId}/signers`, { name: 'M', email: 'm@example.com' })],
		[
			'add signature',
			() =>
				mallory.post(`/workflows/${victimDraft.workflowId}/signatures`, {
					fileId: victimDraft.fileId,
					signerId: victimDraft.signerIds[0],
					page: 1,
					x: 1,
					y: 1,
				}),
		],
		[
			'add annotation',
			() => mallory.post(`/workflows/${victimDraft.workflowId}/annotations`, { fileId: victimDraft.fileId, page: 1, x: 1, y: 1, type: 'text', value: 'x' }),
		],
		['send', () => mallory.post(`/workflows/${victimDraft.workflowId}/send`)],
		['cancel', () => mallory.post(`/workflows/${victimSent.workflowId}/cancel`)],
	];

	it.each(attempts)('%s', async (_name, attempt) => {
		const before = await rowCounts(t.dataDir);
		const response = await attempt();
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('workflow_not_found');
		expect(await rowCounts(t.dataDir)).toEqual(before);
	});

	it("uses of the victim's file and signer ids inside the attacker's own workflow are refused", async () => {
		const own = await mallory.post('/workflows', { name: 'Probe' });
		const response = await mallory.post(`/workflows/${own.body.id}/signatures`, {
			fileId: victimDraft.fileId,
			signerId: victimDraft.signerIds[0],
			page: 1,
			x: 1,
			y: 1,
		});
		expect(response.status).toBe(422);
		expect(response.body.error.code).toBe('file_not_found');
	});

	it('lists only its own workflows', async () => {
		const list = await mallory.get('/workflows?limit=100');
		const names = list.body.data.map((w: { name: string }) => w.name);
		expect(names).toEqual(['Probe', 'Mallory own']);
		const victimList = await t.api.get('/workflows?limit=100');
		expect(victimList.body.data.map((w: { name: string }) => w.name)).toEqual(['Victim sent', 'Victim draft']);
	});

	it("keeps each organization's branding apart", async () => {
		await mallory.put('/interface', { primaryColor: '#000000' });
		expect((await t.api.get('/interface')).body.primaryColor).toBe('#2563eb');
		expect((await mallory.get('/me')).body.organization.name).toBe('Mallory Ltd');
	});

	it('leaves the victim workflows as they were', async () => {
		expect((await t.api.get(`/workflows/${victimDraft.workflowId}`)).body).toMatchObject({ status: 'draft', signers: [{}, {}] });
		expect((await t.api.get(`/workflows/${victimSent.workflowId}`)).body.status).toBe('sent');
	});
});
