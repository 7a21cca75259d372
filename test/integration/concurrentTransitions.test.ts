import { startEngine, type RunningEngine } from '../../engine/runtime/bootstrap';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { eventually } from '../helpers/waits';

/*
 * A signer whose browser sends the same signature twice (a double click, a retried request), or
 * whose signature and refusal cross, to one engine process or, on PostgreSQL, to two processes at
 * once: exactly one of the transitions is applied, the others are refused with a conflict, and the
 * workflow completes (and is sealed) once.
 */
describe(`one transition when the same signer acts several times at once, on ${TEST_DB}`, () => {
	let t: TestEngine;
	let second: RunningEngine | null = null;
	/** The origins of the engine processes: two on PostgreSQL, one on a SQLite file. */
	let origins: string[];
	beforeAll(async () => {
		t = await startTestEngine();
		if (TEST_DB === 'postgres')
			second = await startEngine({ port: 0, host: '127.0.0.1', dataDir: t.dataDir, databaseUrl: t.engine.config.databaseUrl, logLevel: 'silent' });
		origins = [t.engine.url, ...(second ? [second.url] : [])];
	}, 60_000);
	afterAll(async () => {
		await second?.close();
		await t?.destroy();
	});

	/** A sent workflow with one signer and one signature field: the link and the field. */
	async function sentToOneSigner(api: ApiClient, name: string): Promise<{ workflowId: string; link: string; fieldId: string }> {
		const workflowId = (await api.post('/workflows', { name })).body.id as string;
		const file = (await api.upload(workflowId, 'Vertrag – Grüße.pdf', fixturePdf('a4-1page.pdf'))).body;
		const signer = (await api.post(`/workflows/${workflowId}/signers`, { name: 'Zoë Ångström-Nguyễn', email: 'zoe@example.com' })).body;
		const field = (await api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 60, y: 80 })).body;
		const sent = await api.post(`/workflows/${workflowId}/send`);
		expect(sent.status).toBe(200);
		return { workflowId, link: sent.body.signers[0].signingUrl as string, fieldId: field.id as string };
	}

	/** The same link, reached through the `index`-th process (alternating). */
	const through = (link: string, index: number) => {
		const url = new URL(link);
		return new SignerClient(origins[index % origins.length] + url.pathname);
	};

	async function eventTypes(api: ApiClient, workflowId: string): Promise<string[]> {
		const audit = (await api.get(`/workflows/${workflowId}/audit`)).body;
		expect(audit.chain.intact).toBe(true);
		return audit.events.map((event: { type: string }) => event.type);
	}

	it('applies one of six identical signatures sent at once, and completes and seals the workflow once', async () => {
		for (let round = 0; round < 3; round++) {
			const { workflowId, link, fieldId } = await sentToOneSigner(t.api, `Contrat n° ${round} – عقد`);
			const clients = Array.from({ length: 6 }, (_, index) => through(link, index));
			await Promise.all(clients.map((client) => client.session()));
			const answers = await Promise.all(
				clients.map((client) => client.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Zoë Ångström-Nguyễn' } } })),
			);
			const statuses = answers.map((answer) => answer.status).sort();
			expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
			// Refused as already signed, or (the only signer having signed) as a workflow no longer out for signature.
			for (const refused of answers.filter((answer) => answer.status === 409)) expect(['signer_already_acted', 'workflow_not_sent']).toContain(refused.body.error.code);
			const sealed = await eventually(() => t.api.get(`/workflows/${workflowId}`), (response) => Boolean(response.body.files[0].signedSha256));
			expect(sealed.body.status).toBe('completed');
			const types = await eventTypes(t.api, workflowId);
			expect(types.filter((type) => type === 'signer.signed')).toHaveLength(1);
			expect(types.filter((type) => type === 'workflow.completed')).toHaveLength(1);
		}
	});

	it('applies either the signature or the refusal when both are sent at once, never both', async () => {
		for (let round = 0; round < 3; round++) {
			const { workflowId, link, fieldId } = await sentToOneSigner(t.api, `Umowa ${round} – 契約`);
			const signing = through(link, round);
			const refusing = through(link, round + 1);
			await Promise.all([signing.session(), refusing.session()]);
			const [signed, refused] = await Promise.all([
				signing.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Zoë' } } }),
				refusing.refuse('Falsches Gehalt – 😕'),
			]);
			expect([signed.status, refused.status].sort()).toEqual([200, 409]);
			const types = await eventTypes(t.api, workflowId);
			const acted = types.filter((type) => type === 'signer.signed' || type === 'signer.refused');
			expect(acted).toHaveLength(1);
			const status = (await t.api.get(`/workflows/${workflowId}`)).body.status;
			expect(status).toBe(acted[0] === 'signer.signed' ? 'completed' : 'refused');
		}
	});
});
