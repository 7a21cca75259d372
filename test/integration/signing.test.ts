import { consentCatalogue } from '../../engine/i18n';
import type { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { PNG_1PX, SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';

const CONSENT_TEXT = consentCatalogue.en.signer;
const APPROVAL_CONSENT_TEXT = consentCatalogue.en.approver;

let t: TestEngine;
let api: ApiClient;
beforeAll(async () => {
	t = await startTestEngine();
	api = t.api;
});
afterAll(() => t.destroy());

interface Person {
	name: string;
	role?: string;
	order?: number;
	accessCode?: string;
	field?: boolean;
	textField?: 'required' | 'optional';
}

async function sent(people: Person[], name = 'Contract') {
	const workflow = await api.post('/workflows', { name });
	const file = await api.upload(workflow.body.id, 'c.pdf', fixturePdf('a4-1page.pdf'));
	const ids: Record<string, { signerId: string; fieldId?: string; textId?: string }> = {};
	for (const [index, person] of people.entries()) {
		const { field = person.role === undefined || person.role === 'signer', textField, ...input } = person;
		const signer = await api.post(`/workflows/${workflow.body.id}/signers`, { email: `${person.name.toLowerCase()}@example.com`, ...input });
		expect(signer.status).toBe(201);
		ids[person.name] = { signerId: signer.body.id };
		if (field) {
			const created = await api.post(`/workflows/${workflow.body.id}/signatures`, {
				fileId: file.body.id,
				signerId: signer.body.id,
				page: 1,
				x: 50,
				y: 50 + index * 60,
			});
			ids[person.name].fieldId = created.body.id;
		}
		if (textField) {
			const created = await api.post(`/workflows/${workflow.body.id}/annotations`, {
				fileId: file.body.id,
				signerId: signer.body.id,
				page: 1,
				x: 300,
				y: 50 + index * 60,
				type: 'text',
				required: textField === 'required',
			});
			ids[person.name].textId = created.body.id;
		}
	}
	const response = await api.post(`/workflows/${workflow.body.id}/send`);
	expect(response.status).toBe(200);
	const clients = Object.fromEntries(
		response.body.signers.map((signer: { name: string; signingUrl: string }) => [signer.name, new SignerClient(signer.signingUrl)]),
	) as Record<string, SignerClient>;
	return { workflowId: workflow.body.id as string, fileId: file.body.id as string, ids, clients, detail: response.body };
}

const typed = (text = 'Ann Lee') => ({ type: 'typed', text });
const eventsOf = async (workflowId: string) =>
	(await api.get(`/workflows/${workflowId}/audit`)).body.events as Array<{ type: string; data: any; actor: any; ip: string }>;

describe('signing links', () => {
	it('are given to every signer on send, shown again by GET, absent in drafts', async () => {
		const draft = await api.post('/workflows', { name: 'Draft' });
		await api.upload(draft.body.id, 'c.pdf', fixturePdf('a4-1page.pdf'));
		const signer = await api.post(`/workflows/${draft.body.id}/signers`, { name: 'X', email: 'x@example.com' });
		expect(signer.body.signingUrl).toBeNull();

		const { workflowId, detail } = await sent([{ name: 'Ann' }, { name: 'Vic', role: 'viewer' }, { name: 'Cid', role: 'cc' }]);
		const urls = detail.signers.map((s: { signingUrl: string }) => s.signingUrl);
		for (const url of urls) expect(url).toMatch(new RegExp(`^${t.engine.publicUrl}/sign/[A-Za-z0-9_-]{43}$`));
		expect(new Set(urls).size).toBe(3);
		expect((await api.get(`/workflows/${workflowId}`)).body.signers.map((s: { signingUrl: string }) => s.signingUrl)).toEqual(urls);
	});

	it('store only a hash of the token', async () => {
		const { detail } = await sent([{ name: 'Ann' }]);
		const token = detail.signers[0].signingUrl.split('/').pop();
		const dump = JSON.stringify(await withDatabase(t.dataDir, (database) => database.all('select * from signers')));
		expect(dump).not.toContain(token);
	});

	it('open a session for the signer, recording signer.viewed once', async () => {
		const { workflowId, clients } = await sent([{ name: 'Ann', textField: 'required' }]);
		const first = await clients.Ann.session();
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({
			state: 'ready',
			signer: { name: 'Ann', role: 'signer' },
			files: [{ pageCount: 1 }],
			fields: [{ kind: 'signature', required: true }, { kind: 'text', required: true }],
		});
		await clients.Ann.session();
		expect((await eventsOf(workflowId)).filter((e) => e.type === 'signer.viewed')).toHaveLength(1);
		expect((await api.get(`/workflows/${workflowId}`)).body.signers[0].viewedAt).toEqual(expect.any(String));
		const pdf = await clients.Ann.document(first.body.files[0].id);
		expect(pdf.status).toBe(200);
		expect(pdf.bytes.equals(fixturePdf('a4-1page.pdf'))).toBe(true);
	});

	it('are refused when unknown, malformed or reissued, all alike', async () => {
		const { workflowId, ids, clients } = await sent([{ name: 'Ann' }]);
		for (const link of [`${t.engine.url}/sign/${'x'.repeat(43)}`, `${t.engine.url}/sign/short`]) {
			const response = await new SignerClient(link).session();
			expect(response.status).toBe(404);
			expect(response.body.error.code).toBe('link_invalid');
		}
		const reissued = await api.post(`/workflows/${workflowId}/signers/${ids.Ann.signerId}/reissue`);
		expect(reissued.status).toBe(200);
		expect(reissued.body.signingUrl).not.toBe(clients.Ann.link);
		const old = await clients.Ann.session();
		expect(old.status).toBe(404);
		expect(old.body.error.code).toBe('link_invalid');
		// The actions too: their link is checked before the body is read (the signer's row, its link version).
		for (const answer of [await clients.Ann.viewed(), await clients.Ann.sign({ consent: true, values: {} }), await clients.Ann.refuse('Zu spät – trop tard')])
			expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 404, code: 'link_invalid' });
		expect((await new SignerClient(reissued.body.signingUrl).session()).status).toBe(200);
		expect((await eventsOf(workflowId)).map((e) => e.type)).toContain('signer.reissued');
	});

	it('answer a path the signing page does not have in the error body, even where it meets the page files', async () => {
		// "assets" in a link's place reaches the page's files (/sign/assets/*), which have no "session".
		const response = await new SignerClient(`${t.engine.url}/sign/assets`).session();
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('asset_not_found');
	});
});

describe('signing', () => {
	it('records the signature with consent, IP and user agent; the last signer completes the workflow', async () => {
		const { workflowId, ids, clients } = await sent([
			{ name: 'Ann', textField: 'required' },
			{ name: 'Apu', role: 'approver', order: 2 },
		]);
		const ann = await clients.Ann.sign({
			consent: true,
			values: { [ids.Ann.fieldId!]: { type: 'drawn', pngBase64: PNG_1PX }, [ids.Ann.textId!]: { type: 'text', value: ' CFO ' } },
		});
		expect(ann.status).toBe(200);
		expect(ann.body).toEqual({ state: 'done' });
		const apu = await clients.Apu.sign({ consent: true });
		expect(apu.body).toEqual({ state: 'completed' });

		const detail = (await api.get(`/workflows/${workflowId}`)).body;
		expect(detail).toMatchObject({ status: 'completed', endedAt: expect.any(String) });
		expect(detail.signers.map((s: { status: string }) => s.status)).toEqual(['signed', 'approved']);
		expect(detail.signers.map((s: { signingUrl: string | null }) => s.signingUrl)).toEqual([null, null]);
		expect(detail.annotations[0]).toMatchObject({ value: 'CFO', filledAt: expect.any(String) });
		const { events } = await auditWith(api, workflowId, 'workflow.completed');
		const signed = events.find((e) => e.type === 'signer.signed')!;
		expect(signed.actor).toEqual({ type: 'signer', id: ids.Ann.signerId });
		expect(signed.data).toMatchObject({ consent: true, consentText: expect.any(String), ip: '127.0.0.1', userAgent: 'SignerClient/1.0' });
		expect(events.slice(-4).map((e) => e.type)).toEqual(['signer.signed', 'signer.invited', 'signer.approved', 'workflow.completed']);
		expect(events.filter((e) => e.type === 'workflow.completed')).toHaveLength(1);
		expect((await api.get(`/workflows/${workflowId}/audit`)).body.chain.intact).toBe(true);
		// The link now only shows the completed page.
		expect((await clients.Ann.session()).body.state).toBe('completed');
		expect((await clients.Ann.sign({ consent: true })).status).toBe(409);
	});

	it.each([
		['no consent', (f: string) => ({ values: { [f]: typed() } }), 422, 'validation_failed'],
		['consent false', (f: string) => ({ consent: false, values: { [f]: typed() } }), 422, 'validation_failed'],
		['a missing required signature', () => ({ consent: true, values: {} }), 422, 'signing_values_invalid'],
		['an unknown field', (f: string) => ({ consent: true, values: { [f]: typed(), nope: typed() } }), 422, 'signing_values_invalid'],
		['a text value for a signature', (f: string) => ({ consent: true, values: { [f]: { type: 'text', value: 'x' } } }), 422, 'signing_values_invalid'],
		['a drawn signature that is not a PNG', (f: string) => ({ consent: true, values: { [f]: { type: 'drawn', pngBase64: Buffer.from('GIF89a').toString('base64') } } }), 422, 'image_unsupported'],
		['an empty typed name', (f: string) => ({ consent: true, values: { [f]: { type: 'typed', text: '  ' } } }), 422, 'validation_failed'],
	])('refuses %s and changes nothing', async (_name, body, status, code) => {
		const { workflowId, ids, clients } = await sent([{ name: 'Ann' }]);
		const before = await eventsOf(workflowId);
		const response = await clients.Ann.sign(body(ids.Ann.fieldId!));
		expect({ status: response.status, code: response.body.error?.code }).toEqual({ status, code });
		expect(await eventsOf(workflowId)).toEqual(before);
		expect((await api.get(`/workflows/${workflowId}`)).body.status).toBe('sent');
	});

	it("refuses a value for another signer's field", async () => {
		const { ids, clients } = await sent([{ name: 'Ann' }, { name: 'Ben' }]);
		const response = await clients.Ann.sign({ consent: true, values: { [ids.Ann.fieldId!]: typed(), [ids.Ben.fieldId!]: typed() } });
		expect(response.status).toBe(422);
		expect(response.body.error.details[0].path).toBe(`values.${ids.Ben.fieldId}`);
	});

	it('refuses signers whose turn has not come, viewers and cc', async () => {
		const { ids, clients } = await sent([{ name: 'Ann' }, { name: 'Ben', order: 2 }, { name: 'Vic', role: 'viewer' }, { name: 'Cid', role: 'cc' }]);
		const ben = await clients.Ben.sign({ consent: true, values: { [ids.Ben.fieldId!]: typed('Ben') } });
		expect([ben.status, ben.body.error.code]).toEqual([409, 'signer_not_active']);
		expect((await clients.Ben.session()).body).toMatchObject({ state: 'waiting', waitingOn: [{ name: 'Ann' }], fields: [] });
		for (const viewer of [clients.Vic, clients.Cid]) {
			const response = await viewer.sign({ consent: true });
			expect([response.status, response.body.error.code]).toEqual([409, 'signer_cannot_act']);
			expect((await viewer.session()).body.state).toBe('view_only');
		}
	});

	it('completes a workflow exactly once when signers submit at the same moment, twice each', async () => {
		const { workflowId, ids, clients } = await sent([{ name: 'Ann' }, { name: 'Ben' }, { name: 'Cat' }]);
		const submissions = ['Ann', 'Ben', 'Cat', 'Ann', 'Ben', 'Cat'].map((name) =>
			clients[name].sign({ consent: true, values: { [ids[name].fieldId!]: typed(name) } }),
		);
		const statuses = (await Promise.all(submissions)).map((response) => response.status).sort();
		expect(statuses).toEqual([200, 200, 200, 409, 409, 409]);
		const { events } = await auditWith(api, workflowId, 'workflow.completed');
		expect(events.filter((e) => e.type === 'signer.signed')).toHaveLength(3);
		expect(events.filter((e) => e.type === 'workflow.completed')).toHaveLength(1);
		expect(events[events.length - 1].type).toBe('workflow.completed');
	});

	it('lets a signer refuse with a reason, ending the workflow', async () => {
		const { workflowId, clients } = await sent([{ name: 'Ann' }, { name: 'Ben' }]);
		expect((await clients.Ann.refuse('   ')).status).toBe(422);
		const refused = await clients.Ann.refuse('Wrong salary');
		expect(refused.body).toEqual({ state: 'refused' });
		expect((await api.get(`/workflows/${workflowId}`)).body).toMatchObject({ status: 'refused', signers: [{ status: 'refused', refusalReason: 'Wrong salary' }, {}] });
		expect((await clients.Ben.session()).body.state).toBe('refused');
		expect((await clients.Ben.sign({ consent: true })).body.error.code).toBe('workflow_not_sent');
	});

	it('stops links working for signing once the sender cancels', async () => {
		const { workflowId, ids, clients } = await sent([{ name: 'Ann' }]);
		await api.post(`/workflows/${workflowId}/cancel`, { reason: 'Position filled' });
		expect((await clients.Ann.session()).body.state).toBe('cancelled');
		expect((await clients.Ann.document((await api.get(`/workflows/${workflowId}`)).body.files[0].id)).status).toBe(409);
		const response = await clients.Ann.sign({ consent: true, values: { [ids.Ann.fieldId!]: typed() } });
		expect(response.status).toBe(409);
		expect((await clients.Ann.page()).body).toContain('was cancelled');
	});
});

describe('what the next parties see of what others did', () => {
	it('gives them the values of this workflow in place, by whom, once their turn comes, and no links', async () => {
		const { ids, clients, detail } = await sent([
			{ name: 'Ann', textField: 'required' },
			{ name: 'Apu', role: 'approver', order: 2 },
			{ name: 'Vic', role: 'viewer' },
		]);
		const other = await sent([{ name: 'Oz', textField: 'required' }], 'Other');
		await other.clients.Oz.sign({ consent: true, values: { [other.ids.Oz.fieldId!]: typed('Oz Secret'), [other.ids.Oz.textId!]: { type: 'text', value: 'Secret' } } });

		// Before Ann signs: nothing to show, and Apu only learns whom he waits on.
		expect((await clients.Vic.session()).body.completed).toEqual([]);
		expect((await clients.Apu.session()).body).toMatchObject({ state: 'waiting', completed: [], fields: [] });

		await clients.Ann.sign({
			consent: true,
			values: { [ids.Ann.fieldId!]: { type: 'drawn', pngBase64: PNG_1PX }, [ids.Ann.textId!]: { type: 'text', value: '<script>alert(1)</script> CFO' } },
		});
		const session = await clients.Apu.session();
		expect(session.headers.get('content-type')).toMatch(/^application\/json/);
		expect(session.body).toMatchObject({ state: 'ready', consentText: APPROVAL_CONSENT_TEXT, fields: [] });
		expect(session.body.completed).toEqual([
			{ fileId: expect.any(String), page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', by: 'Ann', fontSize: null, value: { type: 'drawn', pngBase64: PNG_1PX } },
			{ fileId: expect.any(String), page: 1, x: 300, y: 50, width: 200, height: 20, kind: 'text', by: 'Ann', fontSize: 11, value: { type: 'text', text: '<script>alert(1)</script> CFO' } },
		]);
		// The raw JSON carries the text as data for the page to set as text; no signing link, no other workflow.
		const raw = JSON.stringify(session.body);
		for (const signer of [...detail.signers, ...other.detail.signers]) expect(raw).not.toContain(signer.signingUrl.split('/').pop());
		expect(raw).not.toContain('Secret');
		expect(raw).not.toContain('ann@example.com');
		// The viewer sees it too; Ann, who is done, gets the done page only.
		expect((await clients.Vic.session()).body.completed).toHaveLength(2);
		expect((await clients.Ann.session()).body).toMatchObject({ state: 'done', completed: [] });
		expect((await clients.Ann.session()).body.consentText).toBe(CONSENT_TEXT);
	});

	it('records the approval with the approval consent the approver was shown', async () => {
		const { workflowId, ids, clients } = await sent([{ name: 'Ann' }, { name: 'Apu', role: 'approver', order: 2 }]);
		await clients.Ann.sign({ consent: true, values: { [ids.Ann.fieldId!]: typed() } });
		const shown = (await clients.Apu.session()).body.consentText;
		await clients.Apu.sign({ consent: true });
		const events = await eventsOf(workflowId);
		expect(events.find((e) => e.type === 'signer.approved')!.data.consentText).toBe(shown);
		expect(events.find((e) => e.type === 'signer.signed')!.data.consentText).toBe(CONSENT_TEXT);
	});
});

describe('access codes', () => {
	it('hide the document until the right code, and lock the link after 5 wrong ones', async () => {
		const { workflowId, ids, fileId, clients } = await sent([{ name: 'Ann', accessCode: 'S3cret!' }]);
		const ann = clients.Ann;
		expect((await ann.session()).body.error.code).toBe('access_code_required');
		expect((await ann.document(fileId)).status).toBe(401);
		expect((await ann.sign({ consent: true, values: { [ids.Ann.fieldId!]: typed() } })).status).toBe(401);
		expect((await ann.page()).body).toContain('Enter your access code');

		for (let attempt = 1; attempt <= 4; attempt += 1) {
			const wrong = await ann.accessCode(`wrong${attempt}`);
			expect(wrong.status).toBe(401);
			expect(wrong.body.error).toMatchObject({ code: 'access_code_wrong', details: [{ attemptsLeft: 5 - attempt }] });
		}
		expect((await api.get(`/workflows/${workflowId}`)).body.signers[0].locked).toBe(false);
		const fifth = await ann.accessCode('wrong5');
		expect(fifth.body.error.code).toBe('link_locked');
		const right = await ann.accessCode('S3cret!');
		expect(right.body.error.code).toBe('link_locked');
		// Locked, the link shows that it is locked and nothing else.
		expect((await ann.session()).body.error.code).toBe('link_locked');
		expect((await ann.page()).body).toContain('This link is locked');
		expect((await ann.page()).body).not.toContain('Contract');
		expect((await api.get(`/workflows/${workflowId}`)).body.signers[0].locked).toBe(true);
		const locked = (await eventsOf(workflowId)).filter((e) => e.type === 'signer.locked');
		expect(locked).toHaveLength(1);
		expect(locked[0].data).toMatchObject({ signerId: ids.Ann.signerId, attempts: 5 });
		// Every wrong code is in the audit trail, not only the lock.
		expect((await eventsOf(workflowId)).filter((e) => e.type === 'signer.access_code_failed').map((e) => e.data.attempts)).toEqual([1, 2, 3, 4, 5]);

		// The sender reissues the link: unlocked, with a new code (the old one may have been learned), shown once.
		const reissued = await api.post(`/workflows/${workflowId}/signers/${ids.Ann.signerId}/reissue`);
		expect(reissued.body.locked).toBe(false);
		expect(reissued.body.accessCode).toMatch(/^\d{8}$/);
		const fresh = new SignerClient(reissued.body.signingUrl);
		expect((await fresh.accessCode('S3cret!')).body.error.code).toBe('access_code_wrong');
		expect((await fresh.accessCode(reissued.body.accessCode)).body).toEqual({ ok: true });
		expect((await fresh.session()).body.state).toBe('ready');
		expect((await fresh.document(fileId)).status).toBe(200);
		expect((await fresh.sign({ consent: true, values: { [ids.Ann.fieldId!]: typed() } })).body).toEqual({ state: 'completed' });
	});

	it('set a cookie that only opens this link', async () => {
		const { clients } = await sent([{ name: 'Ann', accessCode: '1111' }, { name: 'Ben', accessCode: '1111' }]);
		const response = await clients.Ann.accessCode('1111');
		const cookie = response.headers.get('set-cookie')!;
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Strict/);
		expect(cookie).toContain(`Path=${new URL(clients.Ann.link).pathname}`);
		// Ann's grant presented on Ben's link does not open it.
		const stolen = await fetch(`${clients.Ben.link}/session`, { headers: { cookie: cookie.split(';')[0] } });
		expect(stolen.status).toBe(401);
	});
});

describe('reassigning a signer', () => {
	it('hands the place to another person with a new link; the old link stops working', async () => {
		const { workflowId, ids, clients } = await sent([{ name: 'Ann' }, { name: 'Ben', order: 2 }]);
		const reassigned = await api.post(`/workflows/${workflowId}/signers/${ids.Ann.signerId}/reassign`, { name: 'Alice Stand-In', email: 'alice@example.com' });
		expect(reassigned.status).toBe(200);
		expect(reassigned.body).toMatchObject({ id: ids.Ann.signerId, name: 'Alice Stand-In', email: 'alice@example.com', status: 'active', order: 1 });
		expect(reassigned.body.signingUrl).not.toBe(clients.Ann.link);
		expect((await clients.Ann.session()).status).toBe(404);
		const alice = new SignerClient(reassigned.body.signingUrl);
		expect((await alice.session()).body.signer).toMatchObject({ name: 'Alice Stand-In' });
		expect((await alice.sign({ consent: true, values: { [ids.Ann.fieldId!]: typed('Alice') } })).body.state).toBe('done');
		const event = (await eventsOf(workflowId)).find((e) => e.type === 'signer.reassigned')!;
		expect(event.data).toMatchObject({ name: 'Alice Stand-In', email: 'alice@example.com', previous: { name: 'Ann', email: 'ann@example.com' } });
		// Someone who has acted cannot be replaced; nor can anyone once the workflow is over.
		const again = await api.post(`/workflows/${workflowId}/signers/${ids.Ann.signerId}/reassign`, { name: 'X', email: 'x@example.com' });
		expect(again.body.error.code).toBe('signer_already_acted');
		const invalid = await api.post(`/workflows/${workflowId}/signers/${ids.Ben.signerId}/reassign`, { name: 'X', email: 'not-an-email' });
		expect(invalid.status).toBe(422);
	});
});

describe('reminders', () => {
	it('record signer.reminded for each signer whose turn it is, only while sent', async () => {
		const { workflowId, ids } = await sent([{ name: 'Ann' }, { name: 'Ben' }, { name: 'Cat', order: 2 }]);
		const response = await api.post(`/workflows/${workflowId}/remind`);
		expect(response.status).toBe(200);
		const reminded = (await eventsOf(workflowId)).filter((e) => e.type === 'signer.reminded');
		expect(reminded.map((e) => e.data.signerId).sort()).toEqual([ids.Ann.signerId, ids.Ben.signerId].sort());
		const draft = await api.post('/workflows', { name: 'draft' });
		expect((await api.post(`/workflows/${draft.body.id}/remind`)).status).toBe(409);
	});
});
