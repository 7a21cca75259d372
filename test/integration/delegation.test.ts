import type { ParsedMail } from 'mailparser';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdftotext } from '../helpers/pdf/pdfTools';
import { until } from '../helpers/waits';

/*
 * Delegation (a signer hands their place on from the signing page) and finish later (a signer's
 * saved values), over the public /sign/{token} routes, with a real SMTP server and webhook receiver.
 */

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address;

describe(`delegation and finish later on ${TEST_DB}`, () => {
	let t: TestEngine;
	let smtp: TestSmtp;
	let receiver: Receiver;
	beforeAll(async () => {
		smtp = await startSmtp();
		receiver = await startReceiver();
		t = await startTestEngine({ smtpUrl: smtp.url, mailPollIntervalMs: 25, allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
		await t.api.post('/webhooks', { name: 'Flows', url: receiver.url, auth: { type: 'none' }, events: ['signer.delegated', 'signer.finish_later'] });
	}, 60_000);
	afterAll(async () => {
		await t?.destroy();
		await smtp?.close();
		await receiver?.close();
	});

	/** A sent workflow: `people` in order, each with a signature field, the first also with a text, a date and a checkbox field. */
	async function sent(options: { allowDelegation?: boolean; accessCode?: string; people?: Array<{ name: string; email: string; order?: number }> } = {}) {
		const people = options.people ?? [{ name: 'Zoë Ødegård', email: 'zoe@example.com' }];
		const workflow = (await t.api.post('/workflows', { name: 'Mietvertrag – Straße 7', ...(options.allowDelegation === undefined ? {} : { allowDelegation: options.allowDelegation }) })).body;
		const file = (await t.api.upload(workflow.id, 'vertrag.pdf', fixturePdf('a4-1page.pdf'))).body;
		const signers: Array<{ id: string }> = [];
		for (const [index, person] of people.entries()) {
			const signer = (await t.api.post(`/workflows/${workflow.id}/signers`, { ...person, ...(index === 0 && options.accessCode ? { accessCode: options.accessCode } : {}) })).body;
			await t.api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 + index * 60 });
			signers.push(signer);
		}
		const first = signers[0].id;
		const text = (await t.api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 50, y: 400, type: 'text', signerId: first, required: true })).body;
		const date = (await t.api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 50, y: 450, type: 'date', signerId: first })).body;
		const box = (await t.api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 50, y: 500, type: 'checkbox', signerId: first })).body;
		const answer = (await t.api.post(`/workflows/${workflow.id}/send`)).body;
		return {
			workflowId: workflow.id as string,
			fileId: file.id as string,
			signerId: first,
			fields: { text: text.id as string, date: date.id as string, box: box.id as string },
			link: answer.signers[0].signingUrl as string,
			links: answer.signers.map((signer: { signingUrl: string }) => signer.signingUrl) as string[],
		};
	}

	const draftRows = (signerId: string) =>
		withDatabase(t.dataDir, (database) => database.all<{ draft_values: string }>('select draft_values from signer_drafts where signer_id = ?', [signerId]));

	const auditOf = async (workflowId: string) => (await t.api.get(`/workflows/${workflowId}/audit`)).body.events as Array<{ type: string; data: any; ip: string | null }>;

	it('stores allowDelegation and returns it; it is false unless asked for', async () => {
		const allowed = (await t.api.post('/workflows', { name: 'A', allowDelegation: true })).body;
		const plain = (await t.api.post('/workflows', { name: 'B' })).body;
		expect(allowed.allowDelegation).toBe(true);
		expect(plain.allowDelegation).toBe(false);
		expect((await t.api.get(`/workflows/${allowed.id}`)).body.allowDelegation).toBe(true);
		expect((await t.api.get(`/workflows/${plain.id}`)).body.allowDelegation).toBe(false);
		expect((await t.api.post('/workflows', { name: 'C', allowDelegation: 'yes' })).status).toBe(422);
	});

	it('hands the place to the delegate: old link dead, new link in the event and the email, same fields, audited, on the certificate', async () => {
		const w = await sent({ allowDelegation: true, accessCode: 'Kod-4711' });
		const zoe = new SignerClient(w.link);
		expect((await zoe.accessCode('Kod-4711')).status).toBe(200);
		expect((await zoe.session()).body.canDelegate).toBe(true);

		const reason = 'Ich bin im Urlaub – مرحبا 休暇 🌴 <script>x</script>';
		const answer = await zoe.delegate({ name: 'محمد 李 <b>Omar</b>', email: 'omar@example.com', reason });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ state: 'delegated', delegate: { name: 'محمد 李 <b>Omar</b>', email: 'omar@example.com' } });

		// The delegator's link stops working, with or without the access cookie.
		expect((await zoe.session()).body.error.code).toBe('link_invalid');
		expect((await zoe.page()).status).toBe(404);

		// The delegate's link: from the webhook (as for signer.invited) and from the invitation email.
		const hooks = await until(
			() => receiver.received.filter((hook) => hook.body.event === 'signer.delegated' && hook.body.data.workflowId === w.workflowId),
			(found) => found.length === 1,
		);
		const data = hooks[0].body.data;
		expect(data).toMatchObject({ signerId: w.signerId, name: 'محمد 李 <b>Omar</b>', email: 'omar@example.com', reason, previous: { name: 'Zoë Ødegård', email: 'zoe@example.com' } });
		const newLink = data.signer.signingUrl as string;
		expect(newLink).not.toBe(w.link);
		const [invitation] = await until(
			() => smtp.messages.filter((mail) => to(mail) === 'omar@example.com'),
			(found) => found.length === 1,
		);
		expect(invitation.text).toContain(newLink);
		expect(invitation.html).toContain('&lt;b&gt;Omar&lt;/b&gt;');

		// The delegate is the signer in the same place: same id, same fields, no access code to know.
		const omar = new SignerClient(newLink);
		const session = (await omar.session()).body;
		expect(session.state).toBe('ready');
		expect(session.signer).toMatchObject({ name: 'محمد 李 <b>Omar</b>', email: 'omar@example.com' });
		expect(session.fields.map((field: { id: string }) => field.id).sort()).toEqual(
			[w.fields.text, w.fields.date, w.fields.box, session.fields.find((field: { kind: string }) => field.kind === 'signature').id].sort(),
		);
		const detail = (await t.api.get(`/workflows/${w.workflowId}`)).body;
		expect(detail.signers[0]).toMatchObject({ id: w.signerId, name: 'محمد 李 <b>Omar</b>', email: 'omar@example.com', hasAccessCode: false, signingUrl: newLink });

		const audit = await auditOf(w.workflowId);
		const delegated = audit.find((event) => event.type === 'signer.delegated')!;
		expect(delegated.data).toMatchObject({ signerId: w.signerId, reason, previous: { name: 'Zoë Ødegård', email: 'zoe@example.com' }, email: 'omar@example.com' });
		expect(delegated.ip).not.toBeNull();

		const signatureId = session.fields.find((field: { kind: string }) => field.kind === 'signature').id;
		const signed = await omar.sign({ consent: true, values: { [signatureId]: { type: 'typed', text: 'Omar' }, [w.fields.text]: { type: 'text', value: 'Berlin' }, [w.fields.date]: { type: 'date', value: '2027-01-04' }, [w.fields.box]: { type: 'checkbox', value: true } } });
		expect(signed.body.state).toBe('completed');
		const pdf = await until(
			() => t.api.get(`/workflows/${w.workflowId}/files/${w.fileId}/content?version=signed`),
			(response) => response.status === 200,
		);
		const text = pdftotext(pdf.bytes).replace(/\s+/g, ' ');
		expect(text).toContain('omar@example.com');
		expect(text).toContain('Delegated by');
		expect(text).toContain('zoe@example.com');
	}, 60_000);

	it('refuses to delegate when not allowed, to the same address, after signing, before the turn, when locked, and with bad input', async () => {
		const notAllowed = await sent({ allowDelegation: false });
		const refused = await new SignerClient(notAllowed.link).delegate({ name: 'Omar', email: 'omar@example.com', reason: 'Urlaub' });
		expect([refused.status, refused.body.error.code]).toEqual([409, 'delegation_not_allowed']);
		expect((await new SignerClient(notAllowed.link).session()).body.canDelegate).toBe(false);

		const w = await sent({ allowDelegation: true, people: [{ name: 'Zoë', email: 'Zoe@Example.com', order: 1 }, { name: 'Hal', email: 'hal@example.com', order: 2 }] });
		const zoe = new SignerClient(w.links[0]);
		const hal = new SignerClient(w.links[1]);
		const same = await zoe.delegate({ name: 'Zoë again', email: 'zoe@example.COM', reason: 'x' });
		expect([same.status, same.body.error.code]).toEqual([422, 'delegate_same_email']);
		for (const bad of [{ name: '', email: 'a@example.com', reason: 'x' }, { name: 'A', email: 'not-an-email', reason: 'x' }, { name: 'A', email: 'a@example.com', reason: '' }, { name: 'A', email: 'a@example.com' }, { name: 'A', email: 'a@example.com', reason: 'x', extra: 1 }]) {
			const answer = await zoe.delegate(bad);
			expect([answer.status, answer.body.error.code]).toEqual([422, 'validation_failed']);
		}
		const early = await hal.delegate({ name: 'Omar', email: 'omar@example.com', reason: 'x' });
		expect([early.status, early.body.error.code]).toEqual([409, 'not_your_turn']);

		const session = (await zoe.session()).body;
		const values = Object.fromEntries(
			session.fields.map((field: { id: string; kind: string }) => [field.id, field.kind === 'signature' ? { type: 'typed', text: 'Zoë' } : field.kind === 'checkbox' ? { type: 'checkbox', value: true } : field.kind === 'date' ? { type: 'date', value: '2027-01-04' } : { type: 'text', value: 'ok' }]),
		);
		expect((await zoe.sign({ consent: true, values })).status).toBe(200);
		const after = await zoe.delegate({ name: 'Omar', email: 'omar@example.com', reason: 'x' });
		expect([after.status, after.body.error.code]).toEqual([409, 'signer_already_acted']);
		expect((await auditOf(w.workflowId)).some((event) => event.type === 'signer.delegated')).toBe(false);

		const locked = await sent({ allowDelegation: true, accessCode: 'Kod-4711' });
		const guesser = new SignerClient(locked.link);
		for (let attempt = 0; attempt < 5; attempt++) await guesser.accessCode(`wrong-${attempt}`);
		const onLocked = await guesser.delegate({ name: 'Omar', email: 'omar@example.com', reason: 'x' });
		expect([onLocked.status, onLocked.body.error.code]).toEqual([409, 'link_locked']);
		// Behind an access code nothing is handed over without the code.
		const unguessed = await sent({ allowDelegation: true, accessCode: 'Kod-4711' });
		const noCode = await new SignerClient(unguessed.link).delegate({ name: 'Omar', email: 'omar@example.com', reason: 'x' });
		expect([noCode.status, noCode.body.error.code]).toEqual([401, 'access_code_required']);
	}, 60_000);

	it('keeps saved values for the same link, replaces them on each save, and clears them once signed', async () => {
		const w = await sent();
		const zoe = new SignerClient(w.link);
		expect((await zoe.session()).body.draft).toBeNull();
		const first = await zoe.saveDraft({ [w.fields.text]: { type: 'text', value: 'Zoë Ødegård, Straße 7 – 東京 🏠' }, [w.fields.box]: { type: 'checkbox', value: true } });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ saved: 2, savedAt: expect.any(String) });
		expect((await zoe.session()).body.draft.values).toEqual({
			[w.fields.text]: { type: 'text', value: 'Zoë Ødegård, Straße 7 – 東京 🏠' },
			[w.fields.box]: { type: 'checkbox', value: true },
		});
		// The page carries it too, escaped in its data block.
		expect((await zoe.page()).body).toContain('Straße 7');

		// A drawn signature is not kept; the date is; the second save replaces the first.
		const session = (await zoe.session()).body;
		const signatureId = session.fields.find((field: { kind: string }) => field.kind === 'signature').id;
		const second = await zoe.saveDraft({ [w.fields.date]: { type: 'date', value: '2027-01-04' }, [signatureId]: { type: 'drawn', pngBase64: 'iVBORw0KGgo=' } });
		expect(second.body.saved).toBe(1);
		expect(await draftRows(w.signerId)).toHaveLength(1);
		expect((await zoe.session()).body.draft.values).toEqual({ [w.fields.date]: { type: 'date', value: '2027-01-04' } });
		// The page reads the draft with its link (by the token's hash): the one GET /session reads by signer.
		const boot = JSON.parse(/<script type="application\/json" id="signflow-boot">([\s\S]*?)<\/script>/.exec((await zoe.page()).body)![1]);
		expect(boot.session.draft).toEqual((await zoe.session()).body.draft);
		const events = (await auditOf(w.workflowId)).filter((event) => event.type === 'signer.finish_later');
		expect(events.map((event) => event.data.savedValues)).toEqual([2, 1]);
		const hooks = await until(
			() => receiver.received.filter((hook) => hook.body.event === 'signer.finish_later' && hook.body.data.workflowId === w.workflowId),
			(found) => found.length === 2,
		);
		expect(hooks[0].body.data.signer.email).toBe('zoe@example.com');

		const signed = await zoe.sign({ consent: true, values: { [signatureId]: { type: 'typed', text: 'Zoë' }, [w.fields.text]: { type: 'text', value: 'fertig' }, [w.fields.date]: { type: 'date', value: '2027-01-04' }, [w.fields.box]: { type: 'checkbox', value: true } } });
		expect(signed.status).toBe(200);
		const late = await zoe.saveDraft({ [w.fields.text]: { type: 'text', value: 'zu spät' } });
		expect([late.status, late.body.error.code]).toEqual([409, 'signer_already_acted']);
		// Cleared from the database, not only left out of the session.
		expect(await draftRows(w.signerId)).toEqual([]);
	}, 60_000);

	it('checks saved values like a submission: own fields only, matching types, bounded size', async () => {
		const w = await sent();
		const other = await sent();
		const zoe = new SignerClient(w.link);
		const cases: Array<[unknown, number, string]> = [
			[{ [other.fields.text]: { type: 'text', value: 'x' } }, 422, 'draft_values_invalid'],
			[{ [w.fields.text]: { type: 'checkbox', value: true } }, 422, 'draft_values_invalid'],
			[{ [w.fields.date]: { type: 'date', value: 'not a date' } }, 422, 'draft_values_invalid'],
			[{ [w.fields.text]: { type: 'text', value: 'x'.repeat(2001) } }, 422, 'validation_failed'],
			[{ [w.fields.text]: { type: 'text', value: 'a\u0000b' } }, 422, 'validation_failed'],
			[Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`id-${index}`, { type: 'text', value: 'y'.repeat(1900) }])), 422, 'validation_failed'],
			['nope', 422, 'validation_failed'],
		];
		for (const [values, status, code] of cases) {
			const answer = await zoe.saveDraft(values);
			expect([answer.status, answer.body.error.code]).toEqual([status, code]);
		}
		expect((await zoe.session()).body.draft).toBeNull();

		// Refusing clears a draft too.
		expect((await zoe.saveDraft({ [w.fields.text]: { type: 'text', value: 'bald' } })).status).toBe(200);
		expect(await draftRows(w.signerId)).toHaveLength(1);
		expect((await zoe.refuse('Doch nicht')).status).toBe(200);
		expect(await draftRows(w.signerId)).toEqual([]);
		const rows = await until(
			async () => (await t.api.get(`/workflows/${w.workflowId}`)).body.status,
			(status) => status === 'refused',
		);
		expect(rows).toBe('refused');
		expect((await zoe.saveDraft({ [w.fields.text]: { type: 'text', value: 'x' } })).body.error.code).toBe('draft_not_allowed');
	}, 60_000);
});
