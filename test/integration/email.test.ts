import type { ParsedMail } from 'mailparser';
import type { ApiClient } from '../helpers/engine/apiClient';
import { ManualClock } from '../helpers/engine/clock';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

const PNG_1PX =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address;

async function workflowFor(api: ApiClient, people: Array<{ name: string; email: string; role?: string; order?: number }>, extra = {}) {
	const workflow = await api.post('/workflows', {
		name: 'Offer <Zoë>',
		message: 'Welcome aboard!\n<script>alert(1)</script>',
		expiresAt: '2099-03-01T17:00:00Z',
		timeZone: 'Europe/Berlin',
		...extra,
	});
	const file = await api.upload(workflow.body.id, 'offer.pdf', fixturePdf('a4-1page.pdf'));
	const ids: string[] = [];
	for (const [index, person] of people.entries()) {
		const signer = await api.post(`/workflows/${workflow.body.id}/signers`, person);
		ids.push(signer.body.id);
		if ((person.role ?? 'signer') === 'signer')
			await api.post(`/workflows/${workflow.body.id}/signatures`, { fileId: file.body.id, signerId: signer.body.id, page: 1, x: 50, y: 50 + index * 60 });
	}
	return { id: workflow.body.id as string, ids };
}

describe('emails through a real SMTP server', () => {
	// Each test has its own SMTP server and engine: a late email of one test never lands in the next.
	let smtp: TestSmtp;
	let t: TestEngine;
	beforeEach(async () => {
		smtp = await startSmtp();
		t = await startTestEngine({
			smtpUrl: smtp.url,
			mailFrom: 'Acme Signing <sign@acme.test>',
			mailPollIntervalMs: 25,
			mailRetryDelaysMs: [50, 50, 50],
			publicUrl: 'https://sign.acme.test',
		});
		await t.api.put('/interface', { primaryColor: '#aa3300', logo: { contentBase64: PNG_1PX } });
	});
	afterEach(async () => {
		await t.destroy();
		await smtp.close();
	});

	it('invites signers in order, with their link, the message and the expiry, then sends the completed email to every party', async () => {
		const { id } = await workflowFor(t.api, [
			{ name: '<b>Zoë</b> Weiß', email: 'zoe@example.com', order: 1 },
			{ name: 'Hal', email: 'hal@example.com', role: 'approver', order: 2 },
			{ name: 'Vic', email: 'vic@example.com', role: 'viewer' },
			{ name: 'Cid', email: 'cid@example.com', role: 'cc' },
		]);
		const sent = (await t.api.post(`/workflows/${id}/send`)).body;
		const links = Object.fromEntries(sent.signers.map((s: { email: string; signingUrl: string }) => [s.email, s.signingUrl]));

		// Zoë (order 1) and the viewer now; Hal waits for his turn; Cid only gets the result.
		const first = await smtp.waitFor(2);
		expect(first.map(to).sort()).toEqual(['vic@example.com', 'zoe@example.com']);
		const invitation = first.find((mail) => to(mail) === 'zoe@example.com')!;
		expect(invitation.subject).toBe('Acme HR: please sign “Offer <Zoë>”');
		expect(invitation.from!.text).toBe('"Acme Signing" <sign@acme.test>');
		expect(invitation.text).toContain(links['zoe@example.com']);
		expect(invitation.text).toContain('Welcome aboard!');
		expect(invitation.text).toContain('1 March 2099 at 18:00 (Europe/Berlin)');
		expect(invitation.html).toContain(`href="${links['zoe@example.com']}"`);
		expect(invitation.html).toContain('Hello &lt;b&gt;Zoë&lt;/b&gt; Weiß');
		expect(invitation.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(invitation.html).not.toContain('<script>');
		expect(invitation.html).toContain('#aa3300');
		expect(invitation.attachments.map((a) => [a.contentType, a.cid])).toEqual([['image/png', 'logo@signflow']]);
		expect(first.find((mail) => to(mail) === 'vic@example.com')!.subject).toBe('Acme HR: please view “Offer <Zoë>”');

		const zoe = new SignerClient(links['zoe@example.com']!.replace('https://sign.acme.test', t.engine.url));
		const session = (await zoe.session()).body;
		expect((await zoe.sign({ consent: true, values: { [session.fields[0].id]: { type: 'typed', text: 'Zoë' } } })).status).toBe(200);
		const second = await smtp.waitFor(3);
		expect(to(second[2])).toBe('hal@example.com');
		expect(second[2].subject).toBe('Acme HR: please review and approve “Offer <Zoë>”');

		const hal = new SignerClient(links['hal@example.com']!.replace('https://sign.acme.test', t.engine.url));
		expect((await hal.sign({ consent: true })).body.state).toBe('completed');
		const all = await smtp.waitFor(7);
		const completed = all.slice(3);
		expect(completed.map(to).sort()).toEqual(['cid@example.com', 'hal@example.com', 'vic@example.com', 'zoe@example.com']);
		expect(completed.every((mail) => mail.subject === 'Completed: Offer <Zoë>')).toBe(true);
		// The signed document is attached, sealed: the same bytes the API serves.
		const signedFile = (await t.api.get(`/workflows/${id}`)).body.files[0];
		const signed = await t.api.get(`/workflows/${id}/files/${signedFile.id}/content?version=signed`);
		for (const mail of completed) {
			const pdf = mail.attachments.find((attachment) => attachment.contentType === 'application/pdf')!;
			expect(pdf.filename).toBe('offer-signed.pdf');
			expect(pdf.content.equals(signed.bytes)).toBe(true);
		}

		const emails = (await t.api.get(`/workflows/${id}/emails`)).body.data;
		expect(emails).toHaveLength(7);
		expect(emails.every((email: { status: string; attempts: number }) => email.status === 'sent' && email.attempts === 1)).toBe(true);
	});

	it('retries a failed send and records each failure, without touching the state change', async () => {
		smtp.rejectNext = 2;
		const { id } = await workflowFor(t.api, [{ name: 'Ann', email: 'ann@example.com' }]);
		const sent = await t.api.post(`/workflows/${id}/send`);
		expect(sent.status).toBe(200);
		expect(sent.body.status).toBe('sent');
		const delivered = await smtp.waitFor(1);
		expect(delivered.map(to)).toEqual(['ann@example.com']);
		const emails = await until(
			() => t.api.get(`/workflows/${id}/emails`),
			(response) => response.body.data[0]?.status === 'sent',
		);
		expect(emails.body.data).toEqual([
			expect.objectContaining({ kind: 'invitation', status: 'sent', attempts: 3, lastError: null, sentAt: expect.any(String) }),
		]);
	});

	it('gives up after the last retry and marks the email failed with its error', async () => {
		smtp.rejectNext = 10;
		const { id } = await workflowFor(t.api, [{ name: 'Ann', email: 'ann@example.com' }]);
		await t.api.post(`/workflows/${id}/send`);
		const emails = await until(
			() => t.api.get(`/workflows/${id}/emails`),
			(response) => response.body.data[0]?.status === 'failed',
		);
		expect(emails.body.data[0]).toMatchObject({ status: 'failed', attempts: 4, lastError: expect.stringContaining('Mailbox temporarily unavailable') });
		expect((await t.api.get(`/workflows/${id}`)).body.status).toBe('sent');
	});

	it('sends a reminder when asked', async () => {
		const { id } = await workflowFor(t.api, [{ name: 'Ann', email: 'ann@example.com' }]);
		await t.api.post(`/workflows/${id}/send`);
		await smtp.waitFor(1);
		await t.api.post(`/workflows/${id}/remind`);
		const [, reminder] = await smtp.waitFor(2);
		expect(reminder.subject).toBe('Reminder: please sign “Offer <Zoë>”');

	});
});

describe('an invitation still queued when its workflow changes', () => {
	let smtp: TestSmtp;
	let t: TestEngine;
	let clock: ManualClock;
	beforeEach(async () => {
		smtp = await startSmtp();
		// The first attempt is refused and the retry is due a minute later on a clock that moves only by hand:
		// the invitation stays queued however slowly the machine runs the test.
		clock = new ManualClock();
		t = await startTestEngine({ smtpUrl: smtp.url, mailPollIntervalMs: 25, mailRetryDelaysMs: [60_000, 50], clock });
	});
	afterEach(async () => {
		await t.destroy();
		await smtp.close();
	});

	it('gets one invitation, at the new address, when reassigned', async () => {
		smtp.rejectNext = 1;
		const { id, ids } = await workflowFor(t.api, [{ name: 'Ann Lee', email: 'ann@example.com' }]);
		await t.api.post(`/workflows/${id}/send`);
		await until(() => t.api.get(`/workflows/${id}/emails`), (response) => response.body.data[0]?.attempts === 1);
		expect((await t.api.post(`/workflows/${id}/signers/${ids[0]}/reassign`, { name: 'Zoë Ødegård', email: 'zoe@example.com' })).status).toBe(200);
		const emails = await until(
			() => t.api.get(`/workflows/${id}/emails`),
			(response) => response.body.data.some((email: { status: string }) => email.status === 'sent'),
			30_000,
		);
		expect(emails.body.data.map((email: { kind: string; status: string }) => `${email.kind}:${email.status}`).sort()).toEqual(['invitation:sent', 'invitation:skipped']);
		expect(smtp.messages.map(to)).toEqual(['zoe@example.com']);
		clock.advance(61_000);
		await until(() => t.api.get(`/workflows/${id}/emails`), (response) => response.body.data.length === 2);
		expect(smtp.messages.map(to)).toEqual(['zoe@example.com']);
	});

	it('is dropped, not sent, when the workflow is cancelled before the retry', async () => {
		smtp.rejectNext = 1;
		const { id } = await workflowFor(t.api, [{ name: 'Bea Núñez', email: 'bea@example.com' }]);
		await t.api.post(`/workflows/${id}/send`);
		await until(() => t.api.get(`/workflows/${id}/emails`), (response) => response.body.data[0]?.attempts === 1);
		await t.api.post(`/workflows/${id}/cancel`);
		clock.advance(61_000);
		const invitationOf = (response: { body: { data: { kind: string; status: string }[] } }) => response.body.data.find((email) => email.kind === 'invitation');
		const emails = await until(
			() => t.api.get(`/workflows/${id}/emails`),
			(response) => invitationOf(response)?.status === 'skipped',
		);
		expect(invitationOf(emails)).toMatchObject({ kind: 'invitation', status: 'skipped', attempts: 1 });
		// What does reach Bea is the news that the request was cancelled.
		await until(() => smtp.messages, (messages) => messages.length > 0);
		expect(smtp.messages.map((mail) => mail.headers.get('x-signflow-email'))).toEqual(['cancelled']);
	});
});

describe('without SMTP', () => {
	it('queues no email: the links are only returned', async () => {
		const t = await startTestEngine();
		try {
			const { id } = await workflowFor(t.api, [{ name: 'Ann', email: 'ann@example.com' }]);
			const sent = await t.api.post(`/workflows/${id}/send`);
			expect(sent.body.signers[0].signingUrl).toEqual(expect.any(String));
			expect(t.engine.mail).toBeNull();
			expect((await t.api.get(`/workflows/${id}/emails`)).body.data).toEqual([]);
		} finally {
			await t.destroy();
		}
	});
});
