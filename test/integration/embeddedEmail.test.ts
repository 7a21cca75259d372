import { rmSync } from 'node:fs';
import { stopEmbeddedEngines } from '../../engine/runtime/embedded';
import { createReadyDraft } from '../helpers/engine/drafts';
import { tempDataDir } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { describeOnly } from '../helpers/engine/storeOnly';
import { StoredCredential } from '../helpers/n8n/inProcessCredential';

/*
 * Email in embedded mode, through the credential's settings and a real SMTP
 * server on loopback: the engine sends with the credential's SMTP server or
 * n8n's N8N_SMTP_* settings, and the signer's pages promise an email only
 * when one will be sent.
 */

const describeEmbedded = describeOnly('sqlite', "the embedded engine inside n8n keeps its data in a SQLite file in the credential's data folder");

let smtp: TestSmtp;
const folders: string[] = [];
const N8N_SMTP = ['N8N_SMTP_HOST', 'N8N_SMTP_PORT', 'N8N_SMTP_SSL', 'N8N_SMTP_STARTTLS', 'N8N_SMTP_SENDER'];

beforeAll(async () => {
	smtp = await startSmtp();
});
afterEach(async () => {
	await stopEmbeddedEngines();
	for (const name of N8N_SMTP) delete process.env[name];
});
afterAll(async () => {
	await smtp.close();
	for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function credential(fields: Record<string, unknown>): StoredCredential {
	const dataFolder = tempDataDir('embedded-mail');
	folders.push(dataFolder);
	return new StoredCredential({ mode: 'embedded', organizationName: 'Acme HR', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '', ...fields });
}

/** Sends a draft with Ann (order 1) and Bob (order 2); answers both signers' pages as they load now, and Ann's after she signs. */
async function sendAndLook(stored: StoredCredential) {
	const api = await stored.api();
	const draft = await createReadyDraft(api, 'Arbeitsvertrag Zu\u0308rich');
	const sent = (await api.post(`/workflows/${draft.workflowId}/send`)).body;
	const fields = (await api.get(`/workflows/${draft.workflowId}`)).body.signatures;
	const [ann, bob] = sent.signers.map((signer: { signingUrl: string }) => new SignerClient(signer.signingUrl));
	const bobWaiting = (await bob.page()).body as string;
	await ann.sign({ consent: true, values: { [fields[0].id]: { type: 'typed', text: 'Ann Lee' } } });
	const annDone = (await ann.page()).body as string;
	return { bobWaiting, annDone };
}

const recipients = () =>
	smtp.messages.map((message) => ({
		to: message.to && 'value' in message.to ? message.to.value[0]?.address : undefined,
		from: message.from?.value[0],
		subject: message.subject,
	}));

describeEmbedded('email in embedded mode', () => {
	it("sends with the credential's SMTP server, and the pages say an email will come", async () => {
		const before = smtp.messages.length;
		const stored = credential({ email: 'smtp', smtpHost: '127.0.0.1', smtpPort: Number(new URL(smtp.url).port), smtpSecure: false, smtpUser: '', smtpPassword: '', smtpSender: 'Acme HR <sign@acme.test>' });
		const { bobWaiting, annDone } = await sendAndLook(stored);
		expect(bobWaiting).toContain('You will get an email when it is your turn');
		expect(annDone).toContain('Once everyone has signed, you will get the signed document by email, and this link offers it for download.');
		await smtp.waitFor(before + 2, 20_000);
		expect(recipients().slice(before)).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ to: 'ann@example.com', from: { name: 'Acme HR', address: 'sign@acme.test' } }),
				expect.objectContaining({ to: 'bob@example.com', from: { name: 'Acme HR', address: 'sign@acme.test' } }),
			]),
		);
	}, 60_000);

	it("sends with n8n's N8N_SMTP_* settings when the credential says so", async () => {
		const before = smtp.messages.length;
		Object.assign(process.env, {
			N8N_SMTP_HOST: '127.0.0.1',
			N8N_SMTP_PORT: new URL(smtp.url).port,
			N8N_SMTP_SSL: 'false',
			N8N_SMTP_SENDER: 'n8n Mailer <n8n@acme.test>',
		});
		const { bobWaiting } = await sendAndLook(credential({ email: 'n8n' }));
		expect(bobWaiting).toContain('You will get an email when it is your turn');
		await smtp.waitFor(before + 1, 20_000);
		expect(recipients().slice(before)[0]).toMatchObject({ to: 'ann@example.com', from: { name: 'n8n Mailer', address: 'n8n@acme.test' } });
	}, 60_000);

	it.each([
		['No Email', { email: 'none' }],
		["n8n's settings while n8n has none", { email: 'n8n' }],
	])('promises no email with %s', async (_label, fields) => {
		const before = smtp.messages.length;
		const { bobWaiting, annDone } = await sendAndLook(credential(fields));
		expect(bobWaiting).toContain('Open this link again once they are done; it will work then.');
		expect(annDone).toContain('Once everyone has signed, this link offers the signed document for download.');
		for (const page of [bobWaiting, annDone]) expect(page).not.toMatch(/email/i);
		expect(smtp.messages.length).toBe(before);
	}, 60_000);
});
