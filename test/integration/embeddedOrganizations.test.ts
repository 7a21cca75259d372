import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEngine } from '../../engine/runtime/bootstrap';
import { LEGACY_KEY_FILE, stopEmbeddedEngines } from '../../engine/runtime/embedded';
import { auditWith } from '../helpers/engine/audit';
import { createReadyDraft } from '../helpers/engine/drafts';
import { sqliteRowCounts, tempDataDir } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { describeOnly } from '../helpers/engine/storeOnly';
import { StoredCredential } from '../helpers/n8n/inProcessCredential';
import { pdfsig } from '../helpers/pdf/pdfTools';

/*
 * The embedded engine as n8n drives it through the credential: the real
 * credential class (preAuthentication, authenticate, its test request) on
 * real engines in temp data folders, on free ports.
 */

const describeEmbedded = describeOnly('sqlite', "the embedded engine inside n8n keeps its data in a SQLite file in the credential's data folder");

const folders: string[] = [];
function folder(label: string): string {
	const dir = tempDataDir(label);
	folders.push(dir);
	return dir;
}

function credential(dataFolder: string, fields: Record<string, unknown> = {}): StoredCredential {
	return new StoredCredential({ mode: 'embedded', organizationName: 'Acme HR', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '', email: 'none', ...fields });
}

afterEach(async () => {
	await stopEmbeddedEngines();
});
afterAll(() => {
	for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describeEmbedded('one organization per credential', () => {
	it('gives each credential its own organization, made on first use and kept in the credential', async () => {
		const dataFolder = folder('orgs');
		const ann = credential(dataFolder, { organizationName: 'Ann’s Bäckerei' });
		const bob = credential(dataFolder, { organizationName: 'Bob 東京' });

		const annWorkflow = (await ann.request('POST', '/workflows', { name: 'Ann’s offer' })).body;
		const bobWorkflow = (await bob.request('POST', '/workflows', { name: 'Bob’s offer' })).body;
		expect(ann.apiKey).toMatch(/^sf_live_/);
		expect(bob.apiKey).toMatch(/^sf_live_/);
		expect(ann.apiKey).not.toBe(bob.apiKey);
		expect((await ann.request('GET', '/me')).body.organization.name).toBe('Ann’s Bäckerei');
		expect((await bob.request('GET', '/me')).body.organization.name).toBe('Bob 東京');

		expect((await ann.request('GET', '/workflows')).body.data.map((workflow: { name: string }) => workflow.name)).toEqual(['Ann’s offer']);
		expect((await bob.request('GET', '/workflows')).body.data.map((workflow: { name: string }) => workflow.name)).toEqual(['Bob’s offer']);
		for (const probe of [`/workflows/${annWorkflow.id}`, `/workflows/${annWorkflow.id}/audit`]) {
			const response = await bob.request('GET', probe);
			expect({ probe, status: response.status, code: response.body.error.code }).toEqual({ probe, status: 404, code: 'workflow_not_found' });
		}

		const hook = (await ann.request('POST', '/webhooks', { name: 'Ann’s flow', url: 'http://127.0.0.1:9/hook', events: ['*'], auth: { type: 'hmac' } })).body;
		expect((await bob.request('GET', '/webhooks')).body.data).toEqual([]);
		expect((await bob.request('GET', `/webhooks/${hook.id}`)).status).toBe(404);
		const bobEvents = (await bob.request('GET', '/events')).body.data as Array<{ workflowId: string | null }>;
		expect(bobEvents.length).toBeGreaterThan(0);
		expect(bobEvents.every((event) => event.workflowId === bobWorkflow.id)).toBe(true);

		// The key was made once and stored once; later requests just use it.
		for (let index = 0; index < 3; index += 1) await ann.request('GET', '/workflows');
		expect(ann.updates).toBe(1);
	});

	it('keeps the key on every credential test and after a refused request; makes a new organization only where the key opens none', async () => {
		const dataFolder = folder('idempotent');
		const ann = credential(dataFolder);
		expect(await ann.test()).toEqual({ status: 'Error', message: expect.stringContaining('loopback') });
		const key = ann.apiKey;
		await ann.request('POST', '/workflows', { name: 'Kept' });
		for (let index = 0; index < 3; index += 1) await ann.test();
		expect(ann.apiKey).toBe(key);
		expect((await ann.request('GET', '/workflows')).body.data).toHaveLength(1);

		// The same credential pointed at a new data folder: its key opens nothing there, so it gets a new organization there.
		ann.edit({ dataFolder: folder('idempotent-moved') });
		expect((await ann.request('GET', '/workflows')).body.data).toEqual([]);
		expect(ann.apiKey).not.toBe(key);
		expect(ann.apiKey).toMatch(/^sf_live_/);
	});

	it('makes the organization only when n8n stored its key: a key handed out for a credential n8n could not save leaves nothing', async () => {
		const dataFolder = folder('unsaved');
		const first = credential(dataFolder);
		await first.request('GET', '/workflows');
		expect(sqliteRowCounts(dataFolder).organizations).toBe(1);

		// What n8n does when a credential without an id is tested: preAuthentication answers, n8n cannot store it, nothing follows.
		const { SignflowApi } = await import('../../credentials/SignflowApi.credentials');
		const type = new SignflowApi();
		const unsaved = { ...credential(dataFolder, { organizationName: 'Never saved' }).data };
		const handedOut = await type.preAuthentication.call({ helpers: {} } as never, unsaved);
		expect(handedOut.embeddedApiKey).toMatch(/^sf_live_/);
		// Asked again with the key it answered (n8n's retry), it answers the same one.
		expect(await type.preAuthentication.call({ helpers: {} } as never, { ...unsaved, embeddedApiKey: handedOut.embeddedApiKey as string })).toEqual(handedOut);
		expect(sqliteRowCounts(dataFolder).organizations).toBe(1);

		const second = credential(dataFolder);
		await second.request('GET', '/workflows');
		expect(sqliteRowCounts(dataFolder).organizations).toBe(2);
	});

	it('gives a deleted and recreated credential a new, empty organization', async () => {
		const dataFolder = folder('recreated');
		const first = credential(dataFolder, { organizationName: 'Same name' });
		await first.request('POST', '/workflows', { name: 'Private' });
		const again = credential(dataFolder, { organizationName: 'Same name' });
		expect((await again.request('GET', '/workflows')).body.data).toEqual([]);
		expect(again.apiKey).not.toBe(first.apiKey);
	});

	it('hands the organization of the earlier version to the first credential after the upgrade, once', async () => {
		const dataFolder = folder('legacy');
		// What version 0.1 left in the data folder: one organization "n8n" and its key in embedded-api-key.json.
		const old = await startEngine({ dataDir: dataFolder, port: 0, logLevel: 'silent' });
		const { organization, apiKey } = await old.service.createOrganization({ name: 'n8n' });
		const principal = (await old.service.authenticate(apiKey))!;
		await old.service.createWorkflow(principal, { name: 'Before the upgrade', timeZone: 'UTC', metadata: {} }, { actor: { type: 'system', id: null }, ip: null, userAgent: null });
		await old.close();
		const file = path.join(dataFolder, LEGACY_KEY_FILE);
		writeFileSync(file, JSON.stringify({ organizationId: organization.id, apiKey }, null, 2));

		const first = credential(dataFolder, { organizationName: '' });
		expect((await first.request('GET', '/workflows')).body.data.map((workflow: { name: string }) => workflow.name)).toEqual(['Before the upgrade']);
		expect(first.apiKey).toBe(apiKey);
		expect((await first.request('GET', '/me')).body.organization).toMatchObject({ id: organization.id, name: 'n8n' });
		const marked = JSON.parse(readFileSync(file, 'utf8'));
		expect(marked).toEqual({ organizationId: organization.id, claimedAt: expect.any(String), note: expect.stringContaining('Claimed') });

		const second = credential(dataFolder);
		expect((await second.request('GET', '/workflows')).body.data).toEqual([]);
		expect((await second.request('GET', '/me')).body.organization.id).not.toBe(organization.id);
		expect((await second.request('GET', `/workflows`)).status).toBe(200);
	});
});

describeEmbedded('organization name and admin address', () => {
	it('renames the organization when Organization Name changes: pages, /me and the seal of later documents', async () => {
		const dataFolder = folder('rename');
		const ann = credential(dataFolder, { organizationName: 'Zu\u0308rich Ärzte', adminEmail: 'ops@example.com', publicUrl: 'https://sign.example.com' });
		// Stored as the engine stores all names: NFC (the decomposed ü becomes one character).
		expect((await ann.request('GET', '/me')).body.organization).toMatchObject({ name: 'Z\u00fcrich Ärzte', adminEmail: 'ops@example.com' });

		ann.edit({ organizationName: '東京 HR 😀', adminEmail: '' });
		expect((await ann.request('GET', '/me')).body.organization).toMatchObject({ name: '東京 HR 😀', adminEmail: null });

		const api = await ann.api();
		const draft = await createReadyDraft(api, 'Renamed');
		const sent = (await api.post(`/workflows/${draft.workflowId}/send`)).body;
		const fields = (await api.get(`/workflows/${draft.workflowId}`)).body.signatures;
		const local = (link: string) => link.replace('https://sign.example.com', api.baseUrl);
		const page = await new SignerClient(local(sent.signers[0].signingUrl)).page();
		expect(page.body).toContain('東京 HR 😀');
		for (const [index, signer] of sent.signers.entries())
			await new SignerClient(local(signer.signingUrl)).sign({ consent: true, values: { [fields[index].id]: { type: 'typed', text: signer.name } } });
		await auditWith(api, draft.workflowId, 'workflow.completed', 30_000);
		const signed = await api.get(`/workflows/${draft.workflowId}/files/${draft.fileId}/content?version=signed`);
		expect({ status: signed.status, type: signed.headers.get('content-type') }).toEqual({ status: 200, type: 'application/pdf' });
		const report = pdfsig(signed.bytes);
		expect(report).toContain('Signature Validation: Signature is Valid.');
		expect(report).toContain('東京 HR 😀 (Signflow seal)');
	}, 60_000);

	it('says which field is wrong when the admin address is not one', async () => {
		const ann = credential(folder('bad-admin'), { adminEmail: 'not an address' });
		await expect(ann.request('GET', '/me')).rejects.toThrow(/Admin Email: /);
		expect((await ann.test()).message).toMatch(/^Admin Email: /);
	});
});

describeEmbedded('settings changes apply without restarting n8n', () => {
	it('restarts the engine when a credential changes its settings; one whose settings did not change uses it as it runs, and its test says so', async () => {
		const dataFolder = folder('settings');
		const ann = credential(dataFolder, { organizationName: 'Ann' });
		const bob = credential(dataFolder, { organizationName: 'Bob' });
		const before = await ann.api();
		expect((await ann.test()).message).toMatch(/signers elsewhere cannot open the links.*http:\/\/127\.0\.0\.1:\d+\/sign\/.*loopback/);

		ann.edit({ publicUrl: 'https://sign.example.com' });
		expect(await ann.test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		const after = await ann.api();
		const draft = await createReadyDraft(after, 'After the change');
		const sent = (await after.post(`/workflows/${draft.workflowId}/send`)).body;
		expect(sent.signers[0].signingUrl).toMatch(/^https:\/\/sign\.example\.com\/sign\//);
		// Port 0: the restarted engine listens on a new port, the old one is closed.
		expect(after.baseUrl).not.toBe(before.baseUrl);
		await expect(fetch(`${before.baseUrl}/healthz`)).rejects.toThrow();

		// Bob's credential still has the old settings: it uses the engine as it runs; its test says whose settings run.
		expect((await bob.request('GET', '/workflows')).status).toBe(200);
		const bobTest = await bob.test();
		expect(bobTest.status).toBe('Error');
		expect(bobTest.message).toContain('runs with the settings another Signflow credential set last');
		expect(bobTest.message).toContain('signing links at https://sign.example.com/sign/');
		expect((await ann.api()).baseUrl).toBe(after.baseUrl);

		// Bob changes his: they apply now, and Ann's test reports that.
		bob.edit({ publicUrl: 'https://bob.example.com' });
		expect(await bob.test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect((await ann.test()).message).toContain('signing links at https://bob.example.com/sign/');

		// n8n restarts: whichever credential comes first, the settings changed last are the ones that run.
		await stopEmbeddedEngines();
		expect((await ann.request('GET', '/workflows')).status).toBe(200);
		expect((await bob.request('GET', '/workflows')).status).toBe(200);
		expect(await bob.test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect((await ann.test()).message).toContain('signing links at https://bob.example.com/sign/');
	}, 60_000);

	it('keeps an admin address set through the API across n8n restarts while the credential leaves Admin Email empty', async () => {
		const ann = credential(folder('admin-api'), { organizationName: 'Boulangerie Zoë' });
		expect((await ann.request('PATCH', '/organization', { adminEmail: 'alertes@exemple.fr' })).body.adminEmail).toBe('alertes@exemple.fr');
		await stopEmbeddedEngines();
		expect((await ann.request('GET', '/organization')).body.adminEmail).toBe('alertes@exemple.fr');
		// Emptied in the credential while running (after being set there): cleared, as before.
		ann.edit({ adminEmail: 'ops@exemple.fr' });
		expect((await ann.request('GET', '/organization')).body.adminEmail).toBe('ops@exemple.fr');
		ann.edit({ adminEmail: '' });
		expect((await ann.request('GET', '/organization')).body.adminEmail).toBeNull();
	}, 60_000);

	it('tells a taken port apart from other errors', async () => {
		const blocker = credential(folder('port-a'));
		const taken = new URL((await blocker.api()).baseUrl).port;
		const other = credential(folder('port-b'), { port: Number(taken) });
		expect((await other.test()).message).toMatch(new RegExp(`Port ${taken} on 127\\.0\\.0\\.1 is in use.*choose another Port`));
	});
});

describeEmbedded('n8n queue mode', () => {
	afterEach(() => {
		delete process.env.EXECUTIONS_MODE;
	});

	it('refuses the embedded engine, saying to run a remote one', async () => {
		const ann = credential(folder('queue'));
		process.env.EXECUTIONS_MODE = 'queue';
		const result = await ann.test();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/cannot run in n8n queue mode.*signflow serve.*Remote Engine/);
		await expect(ann.request('GET', '/workflows')).rejects.toThrow(/queue mode/);
		expect(ann.apiKey).toBe('');
	});
});
