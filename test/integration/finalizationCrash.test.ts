import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { runCli, spawnEngine } from '../helpers/engine/cli';
import { sqliteFile, tempDataDir } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig } from '../helpers/pdf/pdfTools';

describe('a crash during finalization', () => {
	const dataDir = tempDataDir('crash');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('is finished by the next start: signed files stored, workflow.completed announced once', async () => {
		const { apiKey } = JSON.parse(runCli(['org', 'create', '--name', 'Crash Co', '--json', '--data', dataDir]).stdout);

		// This engine dies (SIGKILL) right before it would record the signed files.
		const doomed = await spawnEngine(['--data', dataDir], { SIGNFLOW_FAILPOINT: 'finalize:before-commit' });
		const api = new ApiClient(doomed.url, apiKey);
		const workflow = (await api.post('/workflows', { name: 'Crash test' })).body;
		const file = (await api.upload(workflow.id, 'big.pdf', fixturePdf('pages-500.pdf'))).body;
		const signer = (await api.post(`/workflows/${workflow.id}/signers`, { name: 'Ann', email: 'ann@example.com' })).body;
		const field = (await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 250, x: 60, y: 60 })).body;
		const sent = (await api.post(`/workflows/${workflow.id}/send`)).body;
		const signed = await new SignerClient(sent.signers[0].signingUrl).sign({
			consent: true,
			values: { [field.id]: { type: 'typed', text: 'Ann' } },
		});
		expect(signed.body).toEqual({ state: 'completed' });
		expect(await doomed.exited).toMatchObject({ signal: 'SIGKILL' });

		const database = sqliteFile(dataDir);
		const before = {
			job: database.prepare('select status, attempts from finalizations where workflow_id = ?').all(workflow.id)[0],
			completedEvents: database.prepare("select count(*) as n from events where workflow_id = ? and type = 'workflow.completed'").all(workflow.id)[0],
			signed: database.prepare('select signed_sha256 from files where id = ?').all(file.id)[0],
		};
		database.close();
		expect(before).toEqual({ job: { status: 'pending', attempts: 0 }, completedEvents: { n: 0 }, signed: { signed_sha256: null } });

		const revived = await spawnEngine(['--data', dataDir]);
		try {
			const again = new ApiClient(revived.url, apiKey);
			const audit = await auditWith(again, workflow.id, 'workflow.completed', 30_000);
			expect(audit.events.filter((event) => event.type === 'workflow.completed')).toHaveLength(1);
			expect(audit.chain.intact).toBe(true);
			const pdf = await again.get(`/workflows/${workflow.id}/files/${file.id}/content?version=signed`);
			expect(pdf.status).toBe(200);
			expect(pdfsig(pdf.bytes)).toContain('Signature Validation: Signature is Valid.');
		} finally {
			revived.child.kill('SIGTERM');
			await revived.exited;
		}
	}, 60_000);
});
