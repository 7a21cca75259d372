import type { ParsedMail } from 'mailparser';
import { ApiClient } from '../helpers/engine/apiClient';
import { ManualClock } from '../helpers/engine/clock';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { eventually } from '../helpers/waits';

/*
 * Signers who must enter a 6-digit code sent to their email (verification "email_otp"), through
 * a real SMTP server: the code opens the document in that browser only, wrong codes lock the link
 * together with wrong access codes, codes expire on the clock, and no event or webhook carries one.
 */

const WORKFLOW_NAME = 'Mietvertrag – Wohnung 3b, 東京';

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address;

const codeEmailsTo = (smtp: TestSmtp, address: string) =>
	smtp.messages.filter((message) => to(message) === address && message.headers.get('x-signflow-email') === 'verification_code');

/** The 6-digit code of the last code email to `address`. */
function codeIn(smtp: TestSmtp, address: string): string {
	const mail = codeEmailsTo(smtp, address).at(-1);
	const match = /\b(\d{6})\b/.exec(mail?.text ?? '');
	if (!match) throw new Error(`no code in the email to ${address}: ${mail?.text}`);
	return match[1];
}

function otherThan(code: string, offset: number): string {
	return String((Number(code) + offset) % 1_000_000).padStart(6, '0');
}

describe(`email codes on ${TEST_DB}`, () => {
	let smtp: TestSmtp;
	let receiver: Receiver;
	let clock: ManualClock;
	let t: TestEngine;
	beforeAll(async () => {
		smtp = await startSmtp();
		receiver = await startReceiver();
		clock = new ManualClock(new Date());
		t = await startTestEngine({
			smtpUrl: smtp.url,
			mailPollIntervalMs: 25,
			clock,
			allowPrivateWebhooks: true,
			webhookPollIntervalMs: 25,
			// The per-link rate limit would stop the wrong guesses before the lock does.
			rateLimitSigningPerToken: 0,
			rateLimitSigningPerIp: 0,
		});
		await t.api.post('/webhooks', { name: 'everything', url: receiver.url, events: ['*'], auth: { type: 'none' } });
	}, 60_000);
	afterAll(async () => {
		await t?.destroy();
		await smtp?.close();
		await receiver?.close();
	});

	let people = 0;
	async function protectedLink(options: { accessCode?: string } = {}) {
		people += 1;
		const email = `zoe.${people}@example.com`;
		const workflow = (await t.api.post('/workflows', { name: WORKFLOW_NAME, message: 'Kaution: 2.400 € — bitte prüfen' })).body;
		const file = (await t.api.upload(workflow.id, 'mietvertrag.pdf', fixturePdf('a4-1page.pdf'))).body;
		const added = await t.api.post(`/workflows/${workflow.id}/signers`, {
			name: 'Zoë Ødegård 🏠',
			email,
			verification: 'email_otp',
			...(options.accessCode ? { accessCode: options.accessCode } : {}),
		});
		expect(added.status).toBe(201);
		expect(added.body.verification).toBe('email_otp');
		const field = (await t.api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: added.body.id, page: 1, x: 50, y: 50 })).body;
		const sent = await t.api.post(`/workflows/${workflow.id}/send`);
		expect(sent.status).toBe(200);
		return { workflowId: workflow.id as string, fileId: file.id as string, fieldId: field.id as string, email, link: sent.body.signers[0].signingUrl as string };
	}

	async function auditTypes(workflowId: string): Promise<string[]> {
		return (await t.api.get(`/workflows/${workflowId}/audit`)).body.events.map((event: { type: string }) => event.type);
	}

	async function emailCodeFor(signer: SignerClient, email: string): Promise<string> {
		const before = codeEmailsTo(smtp, email).length;
		const sent = await signer.sendEmailCode();
		expect(sent.status).toBe(200);
		// A live workflow's code goes by email only, never in the answer (a test workflow's is answered).
		expect(sent.body).not.toHaveProperty('testCode');
		await eventually(() => codeEmailsTo(smtp, email).length, (count) => count > before);
		return codeIn(smtp, email);
	}

	it('opens the document with the code from the email, in that browser only, and the code is in no event, webhook or API answer', async () => {
		const { workflowId, fileId, fieldId, email, link } = await protectedLink();
		const signer = new SignerClient(link);

		// Before the code: the page asks for it and shows nothing of the document; every signer endpoint refuses.
		const page = await signer.page();
		expect(page.body).toContain('Confirm it is you');
		expect(page.body).toContain('Email me a code');
		expect(page.body).not.toContain('Mietvertrag');
		for (const call of [
			() => signer.session(),
			() => signer.viewed(),
			() => signer.document(fileId),
			() => signer.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Zoë Ødegård' } } }),
			() => signer.refuse('Nein'),
		]) {
			const refused = await call();
			expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 401, code: 'verification_required' });
		}
		expect(codeEmailsTo(smtp, email)).toHaveLength(0);

		const code = await emailCodeFor(signer, email);
		const mail = codeEmailsTo(smtp, email).at(-1)!;
		expect(mail.subject).toContain(WORKFLOW_NAME);
		expect((await signer.page()).body).toContain('Code from the email');

		const entered = await signer.emailCode(code.slice(0, 3) + ' ' + code.slice(3));
		expect(entered.status).toBe(200);
		const session = await signer.session();
		expect(session.status).toBe(200);
		expect(session.body.workflow.name).toBe(WORKFLOW_NAME);
		expect((await signer.document(fileId)).status).toBe(200);

		// Another browser with the same link has not entered the code.
		const stranger = new SignerClient(link);
		expect((await stranger.session()).body.error?.code).toBe('verification_required');
		// A code opens once.
		expect((await stranger.emailCode(code)).body.error?.code).toBe('verification_code_expired');

		expect((await signer.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Zoë Ødegård' } } })).status).toBe(200);

		const types = await auditTypes(workflowId);
		expect(types).toEqual(expect.arrayContaining(['signer.verification_sent', 'signer.verified', 'signer.signed']));
		const audit = JSON.stringify((await t.api.get(`/workflows/${workflowId}/audit`)).body);
		expect(audit).not.toContain(code);
		expect(JSON.stringify((await t.api.get(`/workflows/${workflowId}/emails`)).body)).not.toContain(code);
		const delivered = await eventually(
			() => receiver.received.filter((request) => request.body.data?.workflowId === workflowId).map((request) => request.body.event as string),
			(events) => events.includes('signer.verified') && events.includes('signer.verification_sent') && events.includes('workflow.completed'),
		);
		expect(delivered).toEqual(expect.arrayContaining(['signer.verification_sent', 'signer.verified']));
		for (const request of receiver.received) expect(JSON.stringify(request.body)).not.toContain(code);
		// Nor does the database hold it in clear: only its keyed hash, and the outbox only sealed.
		expect(JSON.stringify(await t.engine.service.listEmails({ organizationId: t.organizationId, apiKeyId: '', mode: 'live' }, workflowId))).not.toContain(code);
	}, 60_000);

	it('counts wrong codes with wrong access codes and locks the link at the limit', async () => {
		const { workflowId, fileId, email, link } = await protectedLink({ accessCode: 'Schlüssel-42' });
		const signer = new SignerClient(link);
		// The access code comes first: no code is sent to someone without it.
		expect((await signer.sendEmailCode()).body.error?.code).toBe('access_code_required');
		expect((await signer.accessCode('falsch-1')).status).toBe(401);
		expect((await signer.accessCode('Schlüssel-42')).status).toBe(200);
		expect((await signer.session()).body.error?.code).toBe('verification_required');

		const code = await emailCodeFor(signer, email);
		// 1 wrong access code + 3 wrong email codes: one attempt left.
		for (let attempt = 1; attempt <= 3; attempt++) {
			const wrong = await signer.emailCode(otherThan(code, attempt));
			expect({ status: wrong.status, code: wrong.body.error?.code }).toEqual({ status: 401, code: 'verification_code_wrong' });
			expect(wrong.body.error.details[0].attemptsLeft).toBe(4 - attempt);
		}
		// A malformed code is refused without counting.
		expect((await signer.emailCode('12ab')).status).toBe(422);
		const last = await signer.emailCode(otherThan(code, 4));
		expect({ status: last.status, code: last.body.error?.code }).toEqual({ status: 409, code: 'link_locked' });
		// Locked: the right code no longer opens it, nor does a new one go out.
		expect((await signer.emailCode(code)).body.error?.code).toBe('link_locked');
		expect((await signer.sendEmailCode()).body.error?.code).toBe('link_locked');
		expect((await signer.document(fileId)).status).toBe(409);
		expect((await signer.page()).body).toContain('This link is locked');

		const types = await auditTypes(workflowId);
		expect(types.filter((type) => type === 'signer.access_code_failed')).toHaveLength(1);
		expect(types.filter((type) => type === 'signer.verification_failed')).toHaveLength(4);
		expect(types.filter((type) => type === 'signer.locked')).toHaveLength(1);
		expect(types).not.toContain('signer.verified');
		expect((await t.api.get(`/workflows/${workflowId}`)).body.signers[0].locked).toBe(true);
	}, 60_000);

	it('refuses an expired code on the clock, limits resends, and a new code replaces the old one', async () => {
		const { workflowId, email, link } = await protectedLink();
		const signer = new SignerClient(link);
		const first = await emailCodeFor(signer, email);

		const tooSoon = await signer.sendEmailCode();
		expect({ status: tooSoon.status, code: tooSoon.body.error?.code }).toEqual({ status: 429, code: 'verification_code_rate_limited' });
		expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);

		clock.advance(10 * 60_000 + 1_000);
		const expired = await signer.emailCode(first);
		expect({ status: expired.status, code: expired.body.error?.code }).toEqual({ status: 401, code: 'verification_code_expired' });
		expect((await signer.session()).body.error?.code).toBe('verification_required');
		// Expired codes are not counted against the signer.
		expect((await t.api.get(`/workflows/${workflowId}`)).body.signers[0].locked).toBe(false);

		const second = await emailCodeFor(signer, email);
		clock.advance(61_000);
		const third = await emailCodeFor(signer, email);
		if (second !== third) expect((await signer.emailCode(second)).body.error?.code).toBe('verification_code_wrong');
		expect((await signer.emailCode(third)).status).toBe(200);
		expect((await signer.session()).status).toBe(200);

		const failures = (await t.api.get(`/workflows/${workflowId}/audit`)).body.events.filter((event: { type: string }) => event.type === 'signer.verification_failed');
		expect(failures[0].data).toMatchObject({ reason: 'expired' });
	}, 60_000);

	it('is refused in input it does not know, and needs no code from signers without it', async () => {
		const workflow = (await t.api.post('/workflows', { name: 'Ohne Code' })).body;
		const bad = await t.api.post(`/workflows/${workflow.id}/signers`, { name: 'Ana', email: 'ana@example.com', verification: 'sms' });
		expect(bad.status).toBe(422);
		const plain = await t.api.post(`/workflows/${workflow.id}/signers`, { name: 'Ana', email: 'ana@example.com' });
		expect(plain.body.verification).toBe('none');
		const file = (await t.api.upload(workflow.id, 'a.pdf', fixturePdf('a4-1page.pdf'))).body;
		await t.api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: plain.body.id, page: 1, x: 50, y: 50 });
		const sent = await t.api.post(`/workflows/${workflow.id}/send`);
		const signer = new SignerClient(sent.body.signers[0].signingUrl);
		expect((await signer.session()).status).toBe(200);
		expect((await signer.sendEmailCode()).body.error?.code).toBe('verification_not_required');
	}, 60_000);
});

describe(`email codes without SMTP on ${TEST_DB}`, () => {
	it('refuses to send a workflow whose signer needs an email code, saying why', async () => {
		const t = await startTestEngine();
		try {
			const workflow = (await t.api.post('/workflows', { name: 'Kein SMTP' })).body;
			await t.api.upload(workflow.id, 'a.pdf', fixturePdf('a4-1page.pdf'));
			await t.api.post(`/workflows/${workflow.id}/signers`, { name: 'Ana Núñez', email: 'ana@example.com', verification: 'email_otp' });
			const sent = await t.api.post(`/workflows/${workflow.id}/send`);
			expect({ status: sent.status, code: sent.body.error?.code }).toEqual({ status: 409, code: 'email_not_configured' });
			expect(sent.body.error.message).toMatch(/SMTP/);
			expect((await t.api.get(`/workflows/${workflow.id}`)).body.status).toBe('draft');
		} finally {
			await t.destroy();
		}
	}, 60_000);

	it('a test workflow (made with a test key) goes out anyway: its codes are answered for the page to show, never emailed', async () => {
		const t = await startTestEngine();
		try {
			const made = await t.api.post('/api-keys', { name: 'Sandbox', mode: 'test' });
			const sandbox = new ApiClient(t.engine.url, made.body.apiKey);
			const workflow = (await sandbox.post('/workflows', { name: 'Testvertrag – Ærø' })).body;
			const file = (await sandbox.upload(workflow.id, 'a.pdf', fixturePdf('a4-1page.pdf'))).body;
			const added = (await sandbox.post(`/workflows/${workflow.id}/signers`, { name: 'Ana Núñez 🌵', email: 'ana@example.com', verification: 'email_otp' })).body;
			await sandbox.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: added.id, page: 1, x: 50, y: 50 });
			const sent = await sandbox.post(`/workflows/${workflow.id}/send`);
			expect(sent.status).toBe(200);
			const signer = new SignerClient(sent.body.signers[0].signingUrl);
			expect((await signer.session()).body.error?.code).toBe('verification_required');
			expect((await signer.page()).body).toContain('This is a test workflow: the code is shown on this page, not emailed.');
			const code = await signer.sendEmailCode();
			expect(code.status).toBe(200);
			expect(code.body.testCode).toMatch(/^\d{6}$/);
			expect((await signer.emailCode(code.body.testCode)).status).toBe(200);
			expect((await signer.session()).status).toBe(200);
			expect((await sandbox.get(`/workflows/${workflow.id}/emails`)).body.data).toEqual([]);
		} finally {
			await t.destroy();
		}
	}, 60_000);
});
