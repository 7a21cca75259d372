import { rmSync } from 'node:fs';
import path from 'node:path';
import { createReadyDraft } from '../helpers/engine/drafts';
import { sqliteFile, startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { consistencyProblems, sqliteReader } from './consistency';

/* The fuzz test's database checks find what they look for (a check that cannot fail proves nothing). */
let t: TestEngine;

beforeAll(async () => {
	t = await startTestEngine();
});
afterAll(() => t.destroy());

it('finds nothing wrong in a database the engine wrote, then each kind of damage', async () => {
	const draft = await createReadyDraft(t.api, 'Checked');
	await t.api.post(`/workflows/${draft.workflowId}/send`);
	await t.api.post(`/workflows/${draft.workflowId}/cancel`, { reason: 'Test' });
	const reader = sqliteReader(t.dataDir);
	try {
		expect(await consistencyProblems(reader)).toEqual([]);

		const database = sqliteFile(t.dataDir);
		const { sha256 } = database.prepare('select sha256 from files where workflow_id = ?').get(draft.workflowId) as { sha256: string };
		rmSync(path.join(t.dataDir, 'blobs', sha256.slice(0, 2), sha256));
		database
			.prepare(
				`insert into events (id, organization_id, workflow_id, sequence, type, actor_type, actor_id, ip, user_agent, created_at, data, prev_hash, hash)
				 select '00000000-0000-4000-8000-000000000001', organization_id, workflow_id, sequence + 100, type, actor_type, actor_id, ip, user_agent, created_at, data, hash, hash
				 from events where type = 'workflow.cancelled'`,
			)
			.run();
		database.exec('pragma foreign_keys = off'); // damage the schema would refuse, as a bug in a store without that key might cause
		database.prepare("update signers set workflow_id = '00000000-0000-4000-8000-000000000002' where id = ?").run(draft.signerIds[0]);
		database.close();

		const problems = await consistencyProblems(reader);
		expect(problems).toEqual([
			expect.stringContaining(`files.sha256 ${sha256} has no blob stored`),
			expect.stringContaining('signers without their workflow: 1'),
			expect.stringContaining('signature fields of a signer of another workflow: 1'),
			expect.stringContaining('a terminal event recorded twice: 1'),
		]);
	} finally {
		await reader.close();
	}
});
