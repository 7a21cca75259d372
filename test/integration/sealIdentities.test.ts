import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../engine/domain';
import { SealIdentities } from '../../engine/finalize/sealIdentities';
import { identityFromP12, selfSignedP12 } from '../../engine/pdf/sealIdentity';
import { MasterKey } from '../../engine/security/masterKey';
import { openStore, type KyselyStore } from '../../engine/store/kyselyStore';
import type { Store } from '../../engine/store/port';
import { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { runCli } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { createReadyDraft, signEveryone } from '../helpers/engine/drafts';
import { takeBackToBefore } from '../helpers/engine/earlierDatabase';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { databaseUrlFor } from '../helpers/engine/testDatabase';
import { pdfsig, signatureCertificates } from '../helpers/pdf/pdfTools';

interface SealRow {
	organization_id: string;
	subject: string;
	certificate: string;
	chain: string;
	private_key_sealed: string;
	origin: string;
}

function sealRows(dataDir: string, organizationId: string): Promise<SealRow[]> {
	return withDatabase(dataDir, (database) => database.all<SealRow>('select * from seal_identities where organization_id = ? order by created_at', [organizationId]));
}

/** A workflow signed by everyone through `api`, and its sealed PDF once finalized. */
async function sealedDocument(api: ApiClient, name: string): Promise<Buffer> {
	const draft = await createReadyDraft(api, name);
	const sent = (await api.post(`/workflows/${draft.workflowId}/send`)).body;
	await signEveryone(api, draft.workflowId, sent.signers);
	await auditWith(api, draft.workflowId, 'workflow.completed');
	const signed = await api.get(`/workflows/${draft.workflowId}/files/${draft.fileId}/content?version=signed`);
	expect(signed.status).toBe(200);
	expect(pdfsig(signed.bytes)).toContain('Signature Validation: Signature is Valid.');
	return signed.bytes;
}

describe("organizations' seal identities, kept in the database", () => {
	let t: TestEngine;
	const stores: KyselyStore[] = [];
	beforeAll(async () => {
		t = await startTestEngine({ finalizePollIntervalMs: 60_000 });
	});
	afterAll(async () => {
		for (const store of stores) await store.close();
		await t.destroy();
	});

	/**
	 * The seals of another engine process: its own connection to the database, its own cache. With
	 * `before`, each of its transactions (storing a new seal) waits for it first.
	 */
	async function otherProcess(masterKey = MasterKey.load(t.dataDir), before?: () => Promise<void>): Promise<SealIdentities> {
		const opened = openStore({ dataDir: t.dataDir, databaseUrl: await databaseUrlFor(t.dataDir) });
		stores.push(opened);
		const store: Store = before
			? {
					dialect: opened.dialect,
					migrate: () => opened.migrate(),
					ping: () => opened.ping(),
					close: () => opened.close(),
					read: (work) => opened.read(work),
					get commitCounts() {
						return opened.commitCounts;
					},
					transaction: async (work) => {
						await before();
						return opened.transaction(work);
					},
				}
			: opened;
		return new SealIdentities({ store, masterKey, clock: systemClock, dataDir: t.dataDir });
	}

	it("are one per organization when two processes seal a new organization's first documents at once", async () => {
		const name = 'Ærø Tømrer ApS – 東京';
		const { organizationId } = await t.newOrganization(name);
		// Neither stores its new seal before both have looked for one and found none.
		let arrived = 0;
		let bothArrived!: () => void;
		const meeting = new Promise<void>((resolve) => (bothArrived = resolve));
		const meet = () => {
			if (++arrived === 2) bothArrived();
			return meeting;
		};
		const [one, other] = [await otherProcess(undefined, meet), await otherProcess(undefined, meet)];
		const identities = await Promise.all([
			one.forOrganization(organizationId, name),
			other.forOrganization(organizationId, name),
			one.forOrganization(organizationId, name),
		]);
		for (const identity of identities) expect(identity.certificate.equals(identities[0].certificate)).toBe(true);
		const rows = await sealRows(t.dataDir, organizationId);
		expect(rows).toHaveLength(1);
		expect(Buffer.from(rows[0].certificate, 'base64').equals(identities[0].certificate)).toBe(true);
		// A third process, started later, finds the same one.
		expect((await (await otherProcess()).forOrganization(organizationId, name)).certificate.equals(identities[0].certificate)).toBe(true);
	});

	it('keep the certificate in clear and the private key sealed with the master key', async () => {
		const name = 'שלום בע״מ';
		const { organizationId } = await t.newOrganization(name);
		const identity = await (await otherProcess()).forOrganization(organizationId, name);
		const [row] = await sealRows(t.dataDir, organizationId);
		const certificate = new X509Certificate(Buffer.from(row.certificate, 'base64'));
		const key = createPrivateKey({ key: identity.privateKey, format: 'der', type: 'pkcs8' });
		expect(certificate.checkPrivateKey(key)).toBe(true);
		expect(certificate.subject).toContain(`CN=${name} (Signflow seal)`);
		expect(row).toMatchObject({ subject: `${name} (Signflow seal)`, chain: '[]', origin: 'generated' });

		// Nothing of the key in any column, in any of the forms it could be written in.
		const privateExponent = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
		const forms = [
			identity.privateKey.toString('base64'),
			identity.privateKey.toString('hex'),
			privateExponent.toString('base64'),
			privateExponent.toString('hex'),
			key.export({ format: 'pem', type: 'pkcs8' }).toString().split('\n')[1],
		];
		for (const value of Object.values(row)) for (const form of forms) expect(String(value)).not.toContain(form);
		expect(row.private_key_sealed).toMatch(/^v1\.[A-Za-z0-9+/]+=*$/);
		const sealed = Buffer.from(row.private_key_sealed.slice(3), 'base64');
		expect(sealed.includes(privateExponent.subarray(0, 32))).toBe(false);

		// A process with another master key cannot open it, and says why.
		const stranger = await otherProcess(MasterKey.load(t.dataDir, randomBytes(32).toString('hex')));
		await expect(stranger.forOrganization(organizationId, name)).rejects.toThrow(/sealed with another master key/);
	});

	it('get a new certificate when the organization is renamed, once; the old one stays', async () => {
		const { organizationId } = await t.newOrganization('n8n');
		const seals = await otherProcess();
		const before = await seals.forOrganization(organizationId, 'n8n');
		const renamed = await seals.forOrganization(organizationId, '東京 HR 😀');
		expect(renamed.subject).toBe('東京 HR 😀 (Signflow seal)');
		expect(renamed.certificate.equals(before.certificate)).toBe(false);
		const again = await (await otherProcess()).forOrganization(organizationId, '東京 HR 😀');
		expect(again.certificate.equals(renamed.certificate)).toBe(true);
		expect((await sealRows(t.dataDir, organizationId)).map((row) => row.subject).sort()).toEqual(['n8n (Signflow seal)', '東京 HR 😀 (Signflow seal)']);
	});

	it('give way to the operator\'s PKCS#12, which seals every organization and is not stored', async () => {
		const folder = tempDataDir('operator-p12');
		try {
			const file = path.join(folder, 'operator.p12');
			writeFileSync(file, selfSignedP12('Operator Trust Services', 's3cret'));
			const store = openStore({ dataDir: t.dataDir, databaseUrl: await databaseUrlFor(t.dataDir) });
			stores.push(store);
			const seals = new SealIdentities({ store, masterKey: MasterKey.load(t.dataDir), clock: systemClock, operatorP12: { file, password: 's3cret' } });
			const { organizationId } = await t.newOrganization('Café 🚀 Ltd');
			expect((await seals.forOrganization(organizationId, 'Café 🚀 Ltd')).subject).toBe('Operator Trust Services (Signflow seal)');
			expect(await sealRows(t.dataDir, organizationId)).toEqual([]);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});
});

describe('a data folder from before seal identities moved into the database', () => {
	const dataDir = tempDataDir('seal-upgrade');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it("keeps sealing with the certificate in seals/, moved into the database at start; the file stays", async () => {
		let t = await startTestEngine({ dataDir, finalizePollIntervalMs: 60_000 });
		const apiKey = t.api.apiKey;
		const organizationId = t.organizationId;
		await t.stop();
		// What the earlier version left: the database before migration 009, and the organization's seal
		// in seals/ as it wrote it, a PKCS#12 whose password is derived from the master key.
		await takeBackToBefore(dataDir, '009_seal_identities');
		const password = MasterKey.load(dataDir).derive(`seal:${organizationId}`).toString('base64url');
		const file = path.join(dataDir, 'seals', `${organizationId}.p12`);
		mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
		writeFileSync(file, selfSignedP12('Acme HR', password), { mode: 0o600 });
		const onDisk = identityFromP12(readFileSync(file), password);

		t = await startTestEngine({ dataDir, finalizePollIntervalMs: 60_000 });
		try {
			// Moved in at start, before anything was sealed: another process on the database finds it.
			expect(await sealRows(dataDir, organizationId)).toMatchObject([{ origin: 'data-folder', subject: 'Acme HR (Signflow seal)' }]);
			const signed = await sealedDocument(t.api.withKey(apiKey), 'Mietvertrag Zu\u0308rich – عقد');
			const [certificate] = signatureCertificates(signed);
			expect(certificate.raw.equals(onDisk.certificate)).toBe(true);
			const rows = await sealRows(dataDir, organizationId);
			expect(rows).toMatchObject([{ origin: 'data-folder', subject: 'Acme HR (Signflow seal)' }]);
			expect(Buffer.from(rows[0].certificate, 'base64').equals(onDisk.certificate)).toBe(true);
			expect(existsSync(file)).toBe(true);
			// The upgraded database got the master key's check value on this first start.
			expect(await withDatabase(dataDir, (database) => database.all("select name from engine_settings"))).toEqual([{ name: 'master_key_check' }]);
		} finally {
			await t.destroy();
		}
	});
});

describe('signflow migrate on a data folder from before seal identities moved into the database', () => {
	const dataDir = tempDataDir('seal-migrate');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('moves every seal in seals/ into the database, once, leaving the files and renamed organizations\' old seals alone', async () => {
		const t = await startTestEngine({ dataDir, finalizePollIntervalMs: 60_000 });
		const kept = await t.newOrganization('Größe & Co – 東京');
		const renamed = await t.newOrganization('Before the rename');
		await t.stop();
		await takeBackToBefore(dataDir, '009_seal_identities');
		const masterKey = MasterKey.load(dataDir);
		mkdirSync(path.join(dataDir, 'seals'), { recursive: true, mode: 0o700 });
		const write = (organizationId: string, name: string) => {
			const password = masterKey.derive(`seal:${organizationId}`).toString('base64url');
			writeFileSync(path.join(dataDir, 'seals', `${organizationId}.p12`), selfSignedP12(name, password), { mode: 0o600 });
			return identityFromP12(readFileSync(path.join(dataDir, 'seals', `${organizationId}.p12`)), password);
		};
		const onDisk = write(kept.organizationId, 'Größe & Co – 東京');
		write(renamed.organizationId, 'An older name');
		for (let run = 0; run < 2; run++) {
			const migrated = await runCli(['migrate', '--data', dataDir]);
			expect(migrated.code).toBe(0);
		}
		const rows = await sealRows(dataDir, kept.organizationId);
		expect(rows).toMatchObject([{ origin: 'data-folder', subject: onDisk.subject }]);
		expect(Buffer.from(rows[0].certificate, 'base64').equals(onDisk.certificate)).toBe(true);
		expect(await sealRows(dataDir, renamed.organizationId)).toEqual([]);
		expect(readdirSync(path.join(dataDir, 'seals')).sort()).toEqual([`${kept.organizationId}.p12`, `${renamed.organizationId}.p12`].sort());
	});
});

describeOnly('postgres', 'several engine processes share one PostgreSQL database')('two engines on one PostgreSQL database', () => {
	it('seal with the same certificate, kept in the database rather than in either data folder', async () => {
		const masterKey = randomBytes(32).toString('base64');
		const a = await startTestEngine({ masterKey, finalizePollIntervalMs: 60_000 });
		const b = await startTestEngine({ masterKey, databaseUrl: await databaseUrlFor(a.dataDir), finalizePollIntervalMs: 60_000 });
		try {
			const name = 'Zu\u0308rich Versicherung AG – مكتب';
			const { organizationId, api } = await a.newOrganization(name);
			// Each engine finalizes the workflow completed on it: the organization's first seals, at about the same time.
			const documents = await Promise.all([sealedDocument(api, 'Vertrag A 📄'), sealedDocument(new ApiClient(b.engine.url, api.apiKey), 'Vertrag B 📄')]);
			const [first, second] = documents.map((bytes) => signatureCertificates(bytes)[0]);
			expect(first.subject).toContain(`CN=${name} (Signflow seal)`);
			expect(second.fingerprint256).toBe(first.fingerprint256);
			expect(await sealRows(a.dataDir, organizationId)).toHaveLength(1);
			for (const dataDir of [a.dataDir, b.dataDir]) expect(existsSync(path.join(dataDir, 'seals')) ? readdirSync(path.join(dataDir, 'seals')) : []).toEqual([]);
		} finally {
			await b.destroy();
			await a.destroy();
		}
	});
});
