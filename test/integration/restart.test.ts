import { rmSync } from 'node:fs';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

describe('restart persistence', () => {
	const dataDir = tempDataDir('restart');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('finds everything again after a stop and a start on the same folder', async () => {
		const first = await startTestEngine({ dataDir, publicUrl: 'https://sign.example.com' });
		const draft = await createReadyDraft(first.api, 'Survives restart');
		const sent = await createReadyDraft(first.api, 'Sent before restart');
		await first.api.post(`/workflows/${sent.workflowId}/send`);
		await first.api.put('/interface', { primaryColor: '#abcdef' });
		const before = {
			draft: (await first.api.get(`/workflows/${draft.workflowId}`)).body,
			sent: (await first.api.get(`/workflows/${sent.workflowId}`)).body,
			audit: (await first.api.get(`/workflows/${sent.workflowId}/audit`)).body,
		};
		const apiKey = first.api.apiKey;
		await first.stop();

		const second = await startTestEngine({ dataDir, publicUrl: 'https://sign.example.com' });
		try {
			const api = second.api.withKey(apiKey);
			expect((await api.get('/me')).status).toBe(200);
			expect((await api.get(`/workflows/${draft.workflowId}`)).body).toEqual(before.draft);
			expect((await api.get(`/workflows/${sent.workflowId}`)).body).toEqual(before.sent);
			// The same master key (kept in the data folder) gives the same signing links.
			expect(before.sent.signers[0].signingUrl).toMatch(/^https:\/\/sign\.example\.com\/sign\/[\w-]{43}$/);
			const audit = (await api.get(`/workflows/${sent.workflowId}/audit`)).body;
			expect(audit).toEqual(before.audit);
			expect(audit.chain.intact).toBe(true);
			const content = await api.get(`/workflows/${draft.workflowId}/files/${draft.fileId}/content`);
			expect(content.bytes.equals(fixturePdf('a4-1page.pdf'))).toBe(true);
			expect((await api.get('/interface')).body.primaryColor).toBe('#abcdef');
			// And the draft can still be worked on and sent.
			expect((await api.post(`/workflows/${draft.workflowId}/send`)).status).toBe(200);
			const list = await api.get('/workflows');
			expect(list.body.data.map((w: { name: string }) => w.name)).toEqual(['Sent before restart', 'Survives restart']);
		} finally {
			await second.stop();
		}
	});
});
