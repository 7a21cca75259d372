import { rmSync } from 'node:fs';
import { DEFAULT_FINALIZE_LEASE_MS } from '../../engine/finalize/finalizer';
import { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { sqliteFile, tempDataDir } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { describeOnly } from '../helpers/engine/storeOnly';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig } from '../helpers/pdf/pdfTools';

describeOnly('sqlite', "a SQLite file has one engine process, so its next start takes back a dead run's claim at once")('a crash during finalization', () => {
	const dataDir = tempDataDir('crash');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('is finished by the next start: signed files stored, workflow.completed announced once', async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Crash Co', '--json', '--data', dataDir])).stdout);

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

describeOnly('postgres', 'engines that share a PostgreSQL database take over a dead one\'s jobs after its lease')('a crash during finalization on PostgreSQL', () => {
	const dataDir = tempDataDir('crash-pg');
	const engines: EngineProcess[] = [];

	afterAll(async () => {
		for (const engine of engines) if (engine.child.exitCode === null && engine.child.signalCode === null) engine.child.kill('SIGKILL');
		await Promise.all(engines.map((engine) => engine.exited));
		rmSync(dataDir, { recursive: true, force: true });
	});

	// The default lease: no setting shortens it, so this shows what an operator gets.
	it(`is taken over by another engine within about a lease (${DEFAULT_FINALIZE_LEASE_MS / 1000} s), sealed once`, async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Crash Co – Zoë', '--json', '--data', dataDir])).stdout);

		const doomed = await spawnEngine(['--data', dataDir], { SIGNFLOW_FAILPOINT: 'finalize:before-commit' });
		engines.push(doomed);
		const api = new ApiClient(doomed.url, apiKey);
		const workflow = (await api.post('/workflows', { name: 'Contrat de location – Ångström, محمد' })).body;
		const file = (await api.upload(workflow.id, 'bail.pdf', fixturePdf('letter-3pages.pdf'))).body;
		const signer = (await api.post(`/workflows/${workflow.id}/signers`, { name: 'Zoë Ångström', email: 'zoe@example.com' })).body;
		const field = (await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 2, x: 60, y: 60 })).body;
		const sent = (await api.post(`/workflows/${workflow.id}/send`)).body;
		const signed = await new SignerClient(sent.signers[0].signingUrl).sign({
			consent: true,
			values: { [field.id]: { type: 'typed', text: 'Zoë Ångström' } },
		});
		expect(signed.body).toEqual({ state: 'completed' });
		expect(await doomed.exited).toMatchObject({ signal: 'SIGKILL' });

		// The dead engine's claim is still on the job: no start can drop it (other engines may be alive).
		const before = await withDatabase(dataDir, async (database) => {
			const [job] = await database.all('select status, attempts, claimed_until, claimed_by from finalizations where workflow_id = ?', [workflow.id]);
			const [completed] = await database.all("select cast(count(*) as integer) as n from events where workflow_id = ? and type = 'workflow.completed'", [workflow.id]);
			return { job, completed };
		});
		expect(before).toEqual({
			job: { status: 'pending', attempts: 0, claimed_until: expect.any(String), claimed_by: expect.any(String) },
			completed: { n: 0 },
		});

		const revived = await spawnEngine(['--data', dataDir]);
		engines.push(revived);
		const again = new ApiClient(revived.url, apiKey);
		// Within the lease plus polling and the build itself; a 15-minute lease would fail here.
		const audit = await auditWith(again, workflow.id, 'workflow.completed', DEFAULT_FINALIZE_LEASE_MS + 30_000);
		expect(audit.events.filter((event) => event.type === 'workflow.completed')).toHaveLength(1);
		expect(audit.chain.intact).toBe(true);
		const detail = (await again.get(`/workflows/${workflow.id}`)).body;
		expect(detail.finalization).toMatchObject({ status: 'done', attempts: 1, lastError: null });
		const pdf = await again.get(`/workflows/${workflow.id}/files/${file.id}/content?version=signed`);
		expect(pdf.status).toBe(200);
		expect(pdfsig(pdf.bytes)).toContain('Signature Validation: Signature is Valid.');
		revived.child.kill('SIGTERM');
		await revived.exited;
	}, DEFAULT_FINALIZE_LEASE_MS + 90_000);
});
