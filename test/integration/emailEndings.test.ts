import type { ParsedMail } from 'mailparser';
import { emailCatalogue, translator } from '../../engine/i18n';
import { formatInZone } from '../../engine/render/time';
import { ApiClient } from '../helpers/engine/apiClient';
import { ManualClock } from '../helpers/engine/clock';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { expectInLanguage, htmlText, kindOf, to } from '../helpers/mail/language';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { eventually } from '../helpers/waits';

/*
 * When a sent workflow ends without completing (a party refuses, it expires, its sender cancels
 * it), the parties whose links it voids are told, in their language, through a real SMTP server:
 * whoever's turn it was, the viewers, and on a refusal those who had already signed too. Not the
 * party who refused, not those whose turn never came, not a cc, not the organization's admin.
 */

const HOUR = 3600_000;
const TIME_ZONE = 'Europe/Berlin';
const ADMIN = 'ops@acme.example';

/** A signs first; then the approver B and the signer C are asked together; D's turn would come last. */
const PARTIES = {
	a: { name: 'Zoë Ødegård', email: 'zoe@example.com', role: 'signer', order: 1 },
	b: { name: 'Łukasz Żółć-Nguyễn', email: 'lukasz@example.com', role: 'approver', order: 2 },
	// Decomposed í and ñ: stored and shown composed.
	c: { name: 'Ana Mari\u0301a Mun\u0303oz', email: 'ana@example.com', role: 'signer', order: 2 },
	d: { name: 'Jean-Loïc Le Bihan', email: 'jean@example.com', role: 'signer', order: 3 },
	viewer: { name: 'רונית כהן', email: 'ronit@example.com', role: 'viewer', order: 1 },
	cc: { name: '山田 太郎', email: 'taro@example.com', role: 'cc', order: 1 },
} as const;
type Party = keyof typeof PARTIES;

const CASES = [
	{
		locale: 'de',
		dir: 'ltr',
		workflow: 'Mietvertrag – Wohnung 3 OG, Straße „Am Weiß­see“',
		refusal: 'Die Miete in § 3 stimmt nicht: <b>1.200 €</b> & nicht 1.500 € 🙁',
		cancellation: 'Vertrag wird neu aufgesetzt – bitte warten Sie auf die neue Fassung.',
	},
	{
		locale: 'fr',
		dir: 'ltr',
		workflow: 'Contrat de travail – E\u0301lodie Lefe\u0300vre',
		refusal: 'La clause de non-concurrence <i>n’est pas</i> acceptable & doit être revue.',
		cancellation: 'Erreur dans l’intitulé du poste ; nous vous renvoyons une version corrigée.',
	},
	{
		locale: 'he',
		dir: 'rtl',
		workflow: 'חוזה שכירות – Zoë 📄',
		refusal: 'הסכום בסעיף 3 שגוי <script>alert(1)</script> & יש לתקן',
		cancellation: 'החוזה יישלח מחדש בגרסה מתוקנת.',
	},
	{ locale: 'en', dir: 'ltr', workflow: 'Lease – Flat 3, “Old Mill” 🏠', refusal: 'Clause 7 <u>must</u> go & the rent is wrong.', cancellation: null },
] as const;

const workflowOf = (mail: ParsedMail) => mail.headers.get('x-signflow-workflow');

describe(`emails when a workflow is refused, expires or is cancelled, on ${TEST_DB}`, () => {
	let smtp: TestSmtp;
	let t: TestEngine;
	let api: ApiClient;
	let clock: ManualClock;
	beforeEach(async () => {
		smtp = await startSmtp();
		clock = new ManualClock('2026-11-23T09:00:00.000Z');
		t = await startTestEngine({ clock, expiryCheckIntervalMs: 25, smtpUrl: smtp.url, mailPollIntervalMs: 25, mailRetryDelaysMs: [50, 50, 50] });
		// An admin address: the endings are the parties' news, not alerts.
		api = t.api;
		expect((await api.request('PATCH', '/organization', { json: { name: 'Acme Immobilien', adminEmail: ADMIN } })).status).toBe(200);
	});
	afterEach(async () => {
		await t.destroy();
		await smtp.close();
	});

	/** A sent workflow with every party in `locale` (none set for English), A's signature done: B and C hold live links, as does the viewer. */
	async function halfSigned(client: ApiClient, name: string, locale: string) {
		const workflow = (await client.post('/workflows', { name, timeZone: TIME_ZONE, expiresAt: new Date(clock.now().getTime() + HOUR).toISOString() })).body;
		const uploaded = await client.upload(workflow.id, 'vertrag.pdf', fixturePdf('a4-1page.pdf'));
		expect(uploaded.body).toMatchObject({ id: expect.any(String) });
		const file = uploaded.body;
		const ids = {} as Record<Party, string>;
		for (const [party, person] of Object.entries(PARTIES) as [Party, (typeof PARTIES)[Party]][]) {
			const signer = (await client.post(`/workflows/${workflow.id}/signers`, { ...person, ...(locale === 'en' ? {} : { locale }) })).body;
			ids[party] = signer.id;
		}
		const fields: Record<string, string> = {};
		for (const party of ['a', 'c', 'd'] as const)
			fields[party] = (await client.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: ids[party], page: 1, x: 50, y: 50 })).body.id;
		const sent = await client.post(`/workflows/${workflow.id}/send`);
		expect(sent.body).toMatchObject({ status: 'sent' });
		const links: Record<string, string> = Object.fromEntries(sent.body.signers.map((s: { id: string; signingUrl: string }) => [s.id, s.signingUrl]));
		const signed = await new SignerClient(links[ids.a]).sign({ consent: true, values: { [fields.a]: { type: 'typed', text: PARTIES.a.name } } });
		expect(signed.status).toBe(200);
		return { workflow, ids, link: (party: Party) => new SignerClient(links[ids[party]]) };
	}

	/** The `kind` emails of a workflow, once its outbox has sent every one; checks the outbox queued them for exactly `parties`. */
	async function endingEmails(client: ApiClient, workflow: { id: string }, ids: Record<Party, string>, kind: string, parties: Party[]) {
		const outbox = await eventually(
			async () => ((await client.get(`/workflows/${workflow.id}/emails`)).body.data as { kind: string; signerId: string; status: string }[]).filter((email) => email.kind === kind),
			(emails) => emails.length > 0 && emails.every((email) => email.status === 'sent'),
		);
		expect(outbox.map((email) => email.signerId).sort()).toEqual(parties.map((party) => ids[party]).sort());
		const mails = smtp.messages.filter((mail) => workflowOf(mail) === workflow.id && kindOf(mail) === kind);
		expect(mails.map(to).sort()).toEqual(parties.map((party) => PARTIES[party].email).sort());
		return mails;
	}

	it.each(CASES)('tells the right parties in $locale, and no one else', async (c) => {
		const t8n = translator(emailCatalogue, c.locale);
		// English is the reference: its emails say they are English; the others hold none of its words.
		const inLanguage = (mail: ParsedMail, quoted?: string) =>
			c.locale === 'en' ? expect(String(mail.html)).toContain('<html lang="en" dir="ltr">') : expectInLanguage(mail, c.locale, c.dir, quoted);
		const greeting = (mail: ParsedMail) => t8n('greeting', { name: Object.values(PARTIES).find((person) => person.email === to(mail))!.name.normalize('NFC') });

		// Refused by B: A (signed), C and the viewer learn of it, with B's reason as typed.
		const refused = await halfSigned(api, c.workflow, c.locale);
		const names = { organization: 'Acme Immobilien', workflow: refused.workflow.name as string, name: PARTIES.b.name };
		expect((await refused.link('b').refuse(c.refusal)).status).toBe(200);
		for (const mail of await endingEmails(api, refused.workflow, refused.ids, 'refused', ['a', 'c', 'viewer'])) {
			expect(mail.subject).toBe(t8n('refusedSubject', names));
			for (const line of [greeting(mail), t8n('refusedLead', names), t8n('refusedReason'), c.refusal, t8n('endedNothingToDo')]) expect(mail.text).toContain(line);
			for (const shown of [t8n('refusedLead', names), c.refusal, t8n('endedNothingToDo'), t8n('sentWith')]) expect(htmlText(mail)).toContain(shown);
			// The refuser's words are text, never markup; and there is no link to sign any more.
			expect(String(mail.html)).not.toMatch(/<(b|i|u|script)>/);
			expect(String(mail.html)).not.toContain('/sign/');
			expect(mail.text).not.toContain('/sign/');
			inLanguage(mail, c.refusal);
		}

		// Expired: those whose turn it was (B, C) and the viewer; not A, who had signed.
		const expiring = await halfSigned(api, c.workflow, c.locale);
		const expired = formatInZone(expiring.workflow.expiresAt, TIME_ZONE, c.locale);
		clock.advance(HOUR + 1000);
		for (const mail of await endingEmails(api, expiring.workflow, expiring.ids, 'expired', ['b', 'c', 'viewer'])) {
			expect(mail.subject).toBe(t8n('expiredSubject', names));
			for (const line of [greeting(mail), t8n('expiredLead', { ...names, expired }), t8n('endedNothingToDo')]) expect(mail.text).toContain(line);
			expect(htmlText(mail)).toContain(t8n('expiredLead', { ...names, expired }));
			inLanguage(mail);
		}

		// Cancelled by the sender, with its reason when it gave one.
		const cancelling = await halfSigned(api, c.workflow, c.locale);
		expect((await api.post(`/workflows/${cancelling.workflow.id}/cancel`, c.cancellation ? { reason: c.cancellation } : {})).status).toBe(200);
		for (const mail of await endingEmails(api, cancelling.workflow, cancelling.ids, 'cancelled', ['b', 'c', 'viewer'])) {
			expect(mail.subject).toBe(t8n('cancelledSubject', names));
			for (const line of [greeting(mail), t8n('cancelledLead', names), t8n('endedNothingToDo')]) expect(mail.text).toContain(line);
			if (c.cancellation) {
				expect(mail.text).toContain(`${t8n('cancelledReason', names)}\n${c.cancellation}`);
				expect(htmlText(mail)).toContain(c.cancellation);
			} else expect(mail.text).not.toContain(t8n('cancelledReason', names));
			inLanguage(mail);
		}

		// Not one ending email to D (whose turn never came), the cc, or the admin.
		const endings = smtp.messages.filter((mail) => ['refused', 'expired', 'cancelled'].includes(kindOf(mail) as string));
		expect(endings.map(to).filter((address) => [PARTIES.d.email, PARTIES.cc.email, ADMIN].includes(address!))).toEqual([]);
	}, 90_000);

	it('emails no one when a test workflow is refused, expires or is cancelled', async () => {
		const made = await api.post('/api-keys', { name: 'Sandbox für n8n', mode: 'test' });
		const test = new ApiClient(t.engine.url, made.body.apiKey);

		const refused = await halfSigned(test, 'Essai – refus', 'fr');
		expect((await refused.link('b').refuse('Pas d’accord.')).status).toBe(200);
		const cancelled = await halfSigned(test, 'Essai – annulation', 'fr');
		expect((await test.post(`/workflows/${cancelled.workflow.id}/cancel`, { reason: 'Essai terminé.' })).status).toBe(200);
		const expiring = await halfSigned(test, 'Essai – expiration', 'fr');
		clock.advance(HOUR + 1000);
		await eventually(
			async () => (await test.get(`/workflows/${expiring.workflow.id}`)).body.status,
			(status) => status === 'expired',
		);

		// Their outboxes hold nothing, and nothing of theirs reached the SMTP server.
		for (const { workflow } of [refused, cancelled, expiring]) {
			expect((await test.get(`/workflows/${workflow.id}`)).body.test).toBe(true);
			expect((await test.get(`/workflows/${workflow.id}/emails`)).body.data).toEqual([]);
		}
		expect(smtp.messages.filter((mail) => [refused, cancelled, expiring].some(({ workflow }) => workflowOf(mail) === workflow.id))).toEqual([]);
	}, 90_000);
});
