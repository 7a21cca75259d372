import { createHash } from 'node:crypto';
import { emailCatalogue, translator } from '../../engine/i18n';
import { formatInZone } from '../../engine/render/time';
import { ApiClient } from '../helpers/engine/apiClient';
import { removeBlob } from '../helpers/engine/blobs';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { expectInLanguage, htmlText, kindOf, to } from '../helpers/mail/language';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/*
 * Every email in its reader's language, through a real SMTP server: a signer's in the signer's
 * locale, else the workflow's, else the organization's; an admin alert in the organization's.
 * Subjects and bodies are the catalogue's texts, and no English text of the email catalogue is
 * left in a German, French, Polish or Hebrew email.
 */

const PEOPLE = {
	signer: { name: 'Zoë Ødegård', email: 'zoe@example.com' },
	approver: { name: 'Łukasz Żółć-Nguyễn', email: 'lukasz@example.com' },
};
const EXPIRES_AT = '2099-03-01T17:00:00Z';
const TIME_ZONE = 'Europe/Berlin';

/** Where the language comes from in each case: the signer's own, the workflow's, the organization's. */
const CASES = [
	// The signer's locale wins over the organization's.
	{ locale: 'de', dir: 'ltr', workflow: 'Arbeitsvertrag – Zoë Weiß', message: 'Bitte bis Freitag zurück. Danke!', signerLocale: 'de', workflowLocale: null, organizationLocale: 'fr' },
	// Decomposed é and è: the title is stored and shown as typed.
	{ locale: 'fr', dir: 'ltr', workflow: 'Contrat de travail – E\u0301lodie Lefe\u0300vre', message: 'Merci de votre retour rapide.', signerLocale: null, workflowLocale: 'fr', organizationLocale: null },
	{ locale: 'pl', dir: 'ltr', workflow: 'Umowa o pracę – Łukasz Żółć', message: 'Prosimy o szybki zwrot.', signerLocale: null, workflowLocale: null, organizationLocale: 'pl' },
	// The signer's Hebrew wins over the workflow's German; a Hebrew title with a Latin name and an emoji.
	{ locale: 'he', dir: 'rtl', workflow: 'חוזה העסקה – Zoë 📄', message: 'נשמח לקבל את החוזה החתום עד יום שישי.', signerLocale: 'he', workflowLocale: 'de', organizationLocale: null },
] as const;

describe(`emails in the signer's language on ${TEST_DB}`, () => {
	let smtp: TestSmtp;
	let t: TestEngine;
	beforeEach(async () => {
		smtp = await startSmtp();
		t = await startTestEngine({ smtpUrl: smtp.url, mailPollIntervalMs: 25, mailRetryDelaysMs: [50, 50, 50], publicUrl: 'https://sign.acme.test' });
	});
	afterEach(async () => {
		await t.destroy();
		await smtp.close();
	});

	it.each(CASES)('invites, reminds and announces completion in $locale', async (c) => {
		const t8n = translator(emailCatalogue, c.locale);
		if (c.organizationLocale) expect((await t.api.request('PATCH', '/organization', { json: { defaultLocale: c.organizationLocale } })).status).toBe(200);
		const workflow = (
			await t.api.post('/workflows', { name: c.workflow, message: c.message, expiresAt: EXPIRES_AT, timeZone: TIME_ZONE, ...(c.workflowLocale ? { locale: c.workflowLocale } : {}) })
		).body;
		const file = (await t.api.upload(workflow.id, 'vertrag.pdf', fixturePdf('a4-1page.pdf'))).body;
		const locale = c.signerLocale ? { locale: c.signerLocale } : {};
		const signer = (await t.api.post(`/workflows/${workflow.id}/signers`, { ...PEOPLE.signer, order: 1, ...locale })).body;
		await t.api.post(`/workflows/${workflow.id}/signers`, { ...PEOPLE.approver, role: 'approver', order: 2, ...locale });
		const field = (await t.api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		const sent = (await t.api.post(`/workflows/${workflow.id}/send`)).body;
		const links: Record<string, string> = Object.fromEntries(sent.signers.map((s: { email: string; signingUrl: string }) => [s.email, s.signingUrl]));
		// The title as the engine stores it (NFC).
		const names = { organization: 'Acme HR', workflow: workflow.name as string };
		expect(workflow.name).toBe(c.workflow.normalize('NFC'));
		const expires = formatInZone(EXPIRES_AT, TIME_ZONE, c.locale);

		const [invitation] = await smtp.waitFor(1);
		expect(invitation.subject).toBe(t8n('invitationSubjectSigner', names));
		for (const line of [
			t8n('greeting', { name: PEOPLE.signer.name }),
			t8n('requestSigner', names),
			t8n('messageFrom', names),
			c.message,
			t8n('linkLine', { button: t8n('buttonSigner'), url: links[PEOPLE.signer.email] }),
			t8n('actBefore', { expires }),
			t8n('personalLink'),
		])
			expect(invitation.text).toContain(line);
		for (const shown of [t8n('greeting', { name: PEOPLE.signer.name }), t8n('requestSigner', names), t8n('buttonSigner'), t8n('actBefore', { expires }), t8n('sentWith')])
			expect(htmlText(invitation)).toContain(shown);
		expectInLanguage(invitation, c.locale, c.dir);
		if (c.dir === 'rtl') {
			expect(String(invitation.html)).toContain('text-align:right');
			expect(String(invitation.html)).not.toContain('text-align:left');
		}

		await t.api.post(`/workflows/${workflow.id}/remind`);
		const reminder = (await smtp.waitFor(2))[1];
		expect(reminder.subject).toBe(t8n('reminderSubjectSigner', names));
		expect(reminder.text).toContain(t8n('requestSigner', names));
		expectInLanguage(reminder, c.locale, c.dir);

		const zoe = new SignerClient(links[PEOPLE.signer.email].replace('https://sign.acme.test', t.engine.url));
		expect((await zoe.sign({ consent: true, values: { [field.id]: { type: 'typed', text: PEOPLE.signer.name } } })).status).toBe(200);
		const approval = (await smtp.waitFor(3))[2];
		expect(to(approval)).toBe(PEOPLE.approver.email);
		expect(approval.subject).toBe(t8n('invitationSubjectApprover', names));
		expect(approval.text).toContain(t8n('greeting', { name: PEOPLE.approver.name }));
		expect(approval.text).toContain(t8n('requestApprover', names));
		expect(approval.text).toContain(t8n('linkLine', { button: t8n('buttonApprover'), url: links[PEOPLE.approver.email] }));
		expectInLanguage(approval, c.locale, c.dir);

		const lukasz = new SignerClient(links[PEOPLE.approver.email].replace('https://sign.acme.test', t.engine.url));
		expect((await lukasz.sign({ consent: true })).body.state).toBe('completed');
		const completed = (await smtp.waitFor(5)).slice(3);
		expect(completed.map(to).sort()).toEqual([PEOPLE.approver.email, PEOPLE.signer.email].sort());
		for (const mail of completed) {
			expect(mail.subject).toBe(t8n('completedSubject', names));
			expect(mail.text).toContain(t8n('completedLead', names));
			expect(mail.text).toContain(t8n('completedButton'));
			expect(mail.text).not.toContain(c.message);
			expect(mail.attachments.some((attachment) => attachment.contentType === 'application/pdf' && attachment.filename?.endsWith(`-${t8n('signedSuffix')}.pdf`))).toBe(true);
			expectInLanguage(mail, c.locale, c.dir);
		}
	});

	it('sends the verification code in the signer\'s language', async () => {
		const t8n = translator(emailCatalogue, 'de');
		const workflow = (await t.api.post('/workflows', { name: 'Mietvertrag – Zoë', timeZone: TIME_ZONE })).body;
		const file = (await t.api.upload(workflow.id, 'mietvertrag.pdf', fixturePdf('a4-1page.pdf'))).body;
		const signer = (await t.api.post(`/workflows/${workflow.id}/signers`, { ...PEOPLE.signer, verification: 'email_otp', locale: 'de-AT' })).body;
		await t.api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 });
		const link = (await t.api.post(`/workflows/${workflow.id}/send`)).body.signers[0].signingUrl as string;
		await smtp.waitFor(1);
		expect((await new SignerClient(link.replace('https://sign.acme.test', t.engine.url)).sendEmailCode()).status).toBe(200);
		const mail = (await smtp.waitFor(2))[1];
		expect(kindOf(mail)).toBe('verification_code');
		const code = /\b(\d{6})\b/.exec(mail.text ?? '')![1];
		expect(mail.subject).toBe(t8n('codeSubject', { code, workflow: 'Mietvertrag – Zoë' }));
		expect(mail.text).toContain(t8n('codeEnter', { organization: 'Acme HR', workflow: 'Mietvertrag – Zoë' }));
		// The code's expiry stands in the catalogue's sentence, as de-AT writes a date.
		const [before, after] = t8n('codeValidity', { until: '\u0000' }).split('\u0000');
		const until = mail.text!.slice(mail.text!.indexOf(before) + before.length, mail.text!.indexOf(after));
		expect(mail.text).toContain(before);
		expect(until).toMatch(/^\d{1,2}\. \p{L}+ \d{4} um \d{2}:\d{2} \(Europe\/Berlin\)$/u);
		expectInLanguage(mail, 'de-AT', 'ltr');
	});
});

describe(`admin alerts in the organization's language on ${TEST_DB}`, () => {
	let smtp: TestSmtp;
	let receiver: Receiver;
	let t: TestEngine;
	beforeAll(async () => {
		smtp = await startSmtp();
		receiver = await startReceiver();
		t = await startTestEngine({
			smtpUrl: smtp.url,
			mailPollIntervalMs: 25,
			finalizePollIntervalMs: 25,
			finalizeRetryDelaysMs: [50, 50],
			allowPrivateWebhooks: true,
			webhookPollIntervalMs: 25,
			webhookDisableAfterDead: 3,
		});
	});
	afterAll(async () => {
		await t.destroy();
		await smtp.close();
		await receiver.close();
	});

	async function organization(name: string, defaultLocale: string): Promise<ApiClient> {
		const { apiKey } = await t.engine.service.createOrganization({ name, adminEmail: `ops.${defaultLocale}@example.com` });
		const api = new ApiClient(t.engine.url, apiKey);
		expect((await api.request('PATCH', '/organization', { json: { defaultLocale } })).status).toBe(200);
		return api;
	}

	const alertsTo = (address: string) => until(() => smtp.messages.filter((mail) => to(mail) === address), (found) => found.length > 0, 30_000);

	it('says in Polish, with the plural Polish needs, that a signed PDF could not be made', async () => {
		const t8n = translator(emailCatalogue, 'pl');
		const api = await organization('Spółdzielnia Mieszkaniowa „Żoliborz”', 'pl');
		const original = fixturePdf('letter-3pages.pdf');
		const workflow = (await api.post('/workflows', { name: 'Umowa najmu – Zoë', locale: 'de' })).body;
		const file = (await api.upload(workflow.id, 'umowa.pdf', original)).body;
		const signer = (await api.post(`/workflows/${workflow.id}/signers`, { name: 'Zoë Müller', email: 'zoe.pl@example.com', locale: 'de' })).body;
		const field = (await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		const sent = (await api.post(`/workflows/${workflow.id}/send`)).body;
		// The signer's invitation goes out in the signer's German all the same.
		const [invitation] = await until(() => smtp.messages.filter((mail) => to(mail) === 'zoe.pl@example.com'), (found) => found.length > 0);
		await removeBlob(t.dataDir, createHash('sha256').update(original).digest('hex'));
		await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Zoë Müller' } } });

		const [alert] = await alertsTo('ops.pl@example.com');
		expect(kindOf(alert)).toBe('finalization_failed');
		const names = { organization: 'Spółdzielnia Mieszkaniowa „Żoliborz”', workflow: 'Umowa najmu – Zoë' };
		expect(alert.subject).toBe(t8n('finalizationFailedSubject', names));
		expect(alert.text).toContain(t8n('finalizationFailedWhat', { ...names, id: workflow.id, attempts: 3 }));
		// 2, 3 and 4 take "próby" in Polish, 5 and more "prób", 1 "próbę".
		expect(alert.text).toContain('(podjęto 3 próby)');
		const failed = (await api.get(`/workflows/${workflow.id}/audit`)).body.events.find((event: { type: string }) => event.type === 'workflow.finalization_failed');
		expect(alert.text).toContain(`${t8n('alertLastError')} ${failed.data.reason}`);
		expectInLanguage(alert, 'pl', 'ltr', failed.data.reason);
		expect(invitation.subject).toBe(translator(emailCatalogue, 'de')('invitationSubjectSigner', names));
	}, 60_000);

	it('says in Hebrew, right to left, that a webhook configuration was disabled', async () => {
		const t8n = translator(emailCatalogue, 'he');
		const api = await organization('קבוצת אקמה', 'he');
		receiver.respond = () => ({ status: 500 });
		const config = (await api.post('/webhooks', { name: 'מערכת CRM', url: receiver.url, events: ['workflow.created'], retryIntervals: [] })).body;
		for (const name of ['אחד', 'שניים', 'שלושה']) await api.post('/workflows', { name });

		const [alert] = await alertsTo('ops.he@example.com');
		expect(kindOf(alert)).toBe('webhook_disabled');
		expect(alert.subject).toBe(t8n('webhookDisabledSubject', { organization: 'קבוצת אקמה', webhook: 'מערכת CRM' }));
		expect(alert.text).toContain(t8n('webhookDisabledWhat', { organization: 'קבוצת אקמה', webhook: 'מערכת CRM', url: receiver.url }));
		// Why, in Hebrew: the engine's English reason is for the API.
		expect(alert.text).toContain(`${t8n('alertWhy')} ${t8n('webhookDeadInARow', { deliveries: 3 })}`);
		expect(alert.text).toContain(`PATCH /api/v1/webhooks/${config.id} {"enabled": true}`);
		expect(String(alert.html)).toContain('text-align:right');
		expectInLanguage(alert, 'he', 'rtl');
	}, 60_000);
});
