import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { startEngine, type RunningEngine } from '../../engine/runtime/bootstrap';
import { ApiClient } from '../helpers/engine/apiClient';
import { withDatabase } from '../helpers/engine/database';
import { tempDataDir } from '../helpers/engine/engine';
import { startReceiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { describeOnly } from '../helpers/engine/storeOnly';
import { signatureCertificates } from '../helpers/pdf/pdfTools';
import { eventually } from '../helpers/waits';

/*
 * Data folders made by earlier releases (test/fixtures/upgrade/makeFixture.ts, one per release, never
 * rewritten) open in this one: migrations run on start and lose no row; every workflow, file,
 * signature, audit chain, key, webhook secret, branding and seal works as it did.
 */
const FIXTURES = path.join(__dirname, '../fixtures/upgrade');

interface Manifest {
	madeBy: { version: string; commit: string };
	organizations: { first: { id: string; apiKey: string; name: string }; second: { id: string; apiKey: string } };
	webhook: { id: string; secret: string };
	workflows: {
		completed: { id: string; fileId: string; signedSha256: string };
		inFlight: { id: string; pendingSigner: { id: string; field: string } };
		refused: { id: string; status: string };
		cancelled: { id: string; status: string };
		draft: { id: string; status: string };
		otherOrganization: { id: string; status: string };
	};
	tableCounts: Record<string, number>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describeOnly('sqlite', 'the fixtures are SQLite data folders; PostgreSQL upgrades run the same migrations')('a data folder made by an earlier release', () => {
	const releases = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

	it('has at least one release to open', () => expect(releases.length).toBeGreaterThan(0));

	describe.each(releases)('made by %s', (release) => {
		const manifest = JSON.parse(readFileSync(path.join(FIXTURES, release, 'manifest.json'), 'utf8')) as Manifest;
		const dataDir = tempDataDir(`upgrade-${release}`);
		let engine: RunningEngine;
		let api: ApiClient;
		beforeAll(async () => {
			cpSync(path.join(FIXTURES, release, 'data'), dataDir, { recursive: true });
			engine = await startEngine({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', allowPrivateWebhooks: true });
			api = new ApiClient(engine.url, manifest.organizations.first.apiKey);
		}, 60_000);
		afterAll(async () => {
			await engine?.close();
			rmSync(dataDir, { recursive: true, force: true });
		});

		it('keeps every row of every table it had', async () => {
			const counts = await withDatabase(dataDir, async (database) => {
				const now: Record<string, number> = {};
				for (const table of Object.keys(manifest.tableCounts))
					now[table] = Number((await database.all<{ n: number }>(`select count(*) as n from "${table}"`))[0].n);
				return now;
			});
			const lost = Object.entries(manifest.tableCounts).filter(([table, count]) => !(counts[table] >= count));
			expect(lost.map(([table, count]) => `${table}: ${count} before, ${counts[table]} now`)).toEqual([]);
		});

		it('answers with the same keys, workflows, audit chains and branding', async () => {
			expect(JSON.stringify((await api.get('/me')).body)).toContain(manifest.organizations.first.id);
			const { completed, refused, cancelled, draft, otherOrganization } = manifest.workflows;
			for (const [id, status] of [
				[completed.id, 'completed'],
				[refused.id, refused.status],
				[cancelled.id, cancelled.status],
				[draft.id, draft.status],
			]) {
				expect((await api.get(`/workflows/${id}`)).body.status).toBe(status);
				expect((await api.get(`/workflows/${id}/audit`)).body.chain.intact).toBe(true);
			}
			expect((await api.get(`/workflows/${otherOrganization.id}`)).status).toBe(404);
			const other = new ApiClient(engine.url, manifest.organizations.second.apiKey);
			expect((await other.get(`/workflows/${otherOrganization.id}`)).body.status).toBe(otherOrganization.status);
			expect((await api.get('/interface')).body.primaryColor).toBe('#0f766e');
		});

		it('serves the signed document it sealed, which verify still accepts', async () => {
			const { completed } = manifest.workflows;
			const signed = await api.get(`/workflows/${completed.id}/files/${completed.fileId}/content?version=signed`);
			expect(signed.status).toBe(200);
			expect(sha256(signed.bytes)).toBe(completed.signedSha256);
			const verified = await api.post('/verify', { contentBase64: signed.bytes.toString('base64') });
			expect(verified.body).toMatchObject({ unmodified: true, known: true });
		});

		it('lets the last signer of a workflow sent before the upgrade sign, and seals it with the same certificate', async () => {
			const { inFlight, completed } = manifest.workflows;
			const link = (await api.post(`/workflows/${inFlight.id}/signers/${inFlight.pendingSigner.id}/reissue`)).body.signingUrl as string;
			const browser = new SignerClient(link);
			expect((await browser.session()).status).toBe(200);
			const signed = await browser.sign({ consent: true, values: { [inFlight.pendingSigner.field]: { type: 'typed', text: 'José Núñez' } } });
			expect(signed.status).toBe(200);
			const sealed = await eventually(() => api.get(`/workflows/${inFlight.id}`), (response) => Boolean(response.body.files[0]?.signedSha256), 60_000);
			const fileId = sealed.body.files[0].id;
			const [now] = signatureCertificates((await api.get(`/workflows/${inFlight.id}/files/${fileId}/content?version=signed`)).bytes);
			const [before] = signatureCertificates((await api.get(`/workflows/${completed.id}/files/${completed.fileId}/content?version=signed`)).bytes);
			expect(now.fingerprint256).toBe(before.fingerprint256);
			expect((await api.get(`/workflows/${inFlight.id}/audit`)).body.chain.intact).toBe(true);
		});

		it('signs webhook deliveries with the secret it had', async () => {
			const receiver = await startReceiver();
			try {
				// The fixture's configuration posts to a closed port. Once it has failed for a day (the
				// fixture's age, counted from when it was made), the upgraded engine's first failed attempt
				// disables it, as for any configuration; the user points it at a receiver and enables it again.
				const patched = await api.request('PATCH', `/webhooks/${manifest.webhook.id}`, { json: { url: receiver.url, enabled: true } });
				expect(patched.status).toBe(200);
				expect((await api.post(`/webhooks/${manifest.webhook.id}/test`)).status).toBeLessThan(300);
				// Events held while it failed come too, each signed with the same secret.
				const received = await eventually(() => receiver.received, (list) => list.some((request) => request.body?.event === 'webhook.test'));
				const webhook = new Webhook(manifest.webhook.secret);
				const verified = received.map((request) => webhook.verify(request.raw, request.headers as Record<string, string>) as { event: string });
				expect(verified.map(({ event }) => event)).toContain('webhook.test');
			} finally {
				await receiver.close();
			}
		});
	});
});
