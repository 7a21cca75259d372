import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/*
 * Embedded signing through the API and over HTTP: the organization's embedOrigins (checked, kept,
 * shown), the CSP frame-ancestors every state of the signing page sends for it, and the redirectUrl
 * of workflows and signers.
 */

const PORTAL = 'https://portal.example.com';
const INTRANET = 'https://xn--bcher-kva.example'; // bücher.example, as browsers write it
const LOCAL = 'http://127.0.0.1:8123';

describe(`embedded signing settings and headers on ${TEST_DB}`, () => {
	let t: TestEngine;
	let embedding: ApiClient;
	let plain: ApiClient;
	beforeAll(async () => {
		t = await startTestEngine({ expiryCheckIntervalMs: 200 });
		embedding = (await t.newOrganization('Ærøskøbing Kommune – شركة')).api;
		plain = (await t.newOrganization('東京 Holdings 🏢')).api;
		const patched = await embedding.request('PATCH', '/organization', { json: { embedOrigins: [PORTAL, INTRANET, LOCAL] } });
		expect(patched.status).toBe(200);
	}, 60_000);
	afterAll(async () => {
		await t?.destroy();
	});

	/** A sent workflow on `api`'s organization with one signer per name; their links in order. */
	async function sent(api: ApiClient, options: { workflow?: object; signers?: object[] } = {}) {
		const workflow = await api.post('/workflows', { name: 'Contrat de travail – Zoë', ...options.workflow });
		expect(workflow.status).toBe(201);
		const file = (await api.upload(workflow.body.id, 'contrat-zoë.pdf', fixturePdf('a4-1page.pdf'))).body;
		const people = options.signers ?? [{ name: 'Zoë Ødegård', email: 'zoe@example.com' }];
		const signerIds: string[] = [];
		for (const [index, person] of people.entries()) {
			const signer = await api.post(`/workflows/${workflow.body.id}/signers`, person);
			expect(signer.status).toBe(201);
			signerIds.push(signer.body.id);
			await api.post(`/workflows/${workflow.body.id}/signatures`, { fileId: file.id, signerId: signer.body.id, page: 1, x: 50, y: 50 + index * 100 });
		}
		const result = await api.post(`/workflows/${workflow.body.id}/send`);
		expect(result.status).toBe(200);
		const links = signerIds.map((id) => result.body.signers.find((signer: { id: string }) => signer.id === id).signingUrl as string);
		return { workflowId: workflow.body.id as string, signerIds, links, fieldIds: [] as string[], fileId: file.id as string };
	}

	function frameAncestors(response: { headers: Headers }): string {
		const csp = response.headers.get('content-security-policy') ?? '';
		return /frame-ancestors ([^;]+)/.exec(csp)?.[1] ?? '(none sent)';
	}

	/** The page's headers say the organization's origins may frame it, and nothing denies it besides. */
	function expectFramableBy(response: { status: number; headers: Headers; body: unknown }, origins: string[]) {
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(frameAncestors(response)).toBe(origins.join(' '));
		expect(response.headers.get('x-frame-options')).toBeNull();
	}

	function expectNotFramable(response: { headers: Headers }) {
		expect(frameAncestors(response)).toBe("'none'");
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	}

	function bootOf(html: string): any {
		const block = /<script type="application\/json" id="signflow-boot">([\s\S]*?)<\/script>/.exec(html);
		return block ? JSON.parse(block[1]) : null;
	}

	describe('the embedOrigins setting', () => {
		it('is empty for a new organization, and shown as set', async () => {
			expect((await plain.get('/organization')).body.embedOrigins).toEqual([]);
			expect((await embedding.get('/organization')).body.embedOrigins).toEqual([PORTAL, INTRANET, LOCAL]);
			expect((await embedding.get('/me')).body.organization.embedOrigins).toEqual([PORTAL, INTRANET, LOCAL]);
		});

		it.each([
			['a trailing slash', [`${PORTAL}/`], 'no path, query, fragment or trailing slash'],
			['a path', [`${PORTAL}/sign`], 'no path'],
			['a query', [`${PORTAL}?tenant=zoë`], 'no path, query'],
			['a fragment', [`${PORTAL}#top`], 'fragment'],
			['the default port written out', ['https://portal.example.com:443'], `(${PORTAL})`],
			['capitals', ['https://Portal.Example.com'], `(${PORTAL})`],
			['a host in Unicode', ['https://bücher.example'], `(${INTRANET})`],
			['a wildcard host', ['https://*.example.com'], 'wildcards are not allowed'],
			['a lone wildcard', ['*'], 'Must be an origin'],
			['no scheme', ['portal.example.com'], 'Must be an origin'],
			['another scheme', ['ftp://files.example.com'], 'https://'],
			['a javascript: URL', ['javascript:alert(1)'], 'https://'],
			['credentials', ['https://anna:geheim@portal.example.com'], 'user name or password'],
			["'none' spelt out", ["'none'"], 'Must be an origin'],
			['a CSP injection', ['https://a.example; script-src *'], 'Must be an origin'],
			['a duplicate', [PORTAL, PORTAL], 'twice'],
			['21 origins', Array.from({ length: 21 }, (_, index) => `https://portal-${index}.example.com`), 'at most 20'],
			['a number', [443], 'string'],
		])('refuses %s with a 422 that says what to fix, and keeps the setting', async (_case, embedOrigins, hint) => {
			const response = await embedding.request('PATCH', '/organization', { json: { embedOrigins } });
			expect(response.status).toBe(422);
			expect(response.body.error.code).toBe('validation_failed');
			expect(response.body.error.details[0].path).toMatch(/^embedOrigins/);
			expect(response.body.error.message).toContain(hint);
			expect((await embedding.get('/organization')).body.embedOrigins).toEqual([PORTAL, INTRANET, LOCAL]);
		});

		it('takes 20 origins, and an empty list removes them all', async () => {
			const twenty = Array.from({ length: 20 }, (_, index) => `https://portal-${index}.example.com:${8000 + index}`);
			const other = (await t.newOrganization('Twenty portals')).api;
			expect((await other.request('PATCH', '/organization', { json: { embedOrigins: twenty } })).body.embedOrigins).toEqual(twenty);
			const { links } = await sent(other);
			expectFramableBy(await new SignerClient(links[0]).page(), twenty);
			expect((await other.request('PATCH', '/organization', { json: { embedOrigins: [] } })).body.embedOrigins).toEqual([]);
			expectNotFramable(await new SignerClient(links[0]).page());
		});
	});

	describe('the signing page follows the signer organization in every state', () => {
		it('ready: framable by the allowed origins, with them and the ids in the boot data', async () => {
			const { links, workflowId, signerIds } = await sent(embedding);
			const page = await new SignerClient(links[0]).page();
			expect(page.status).toBe(200);
			expectFramableBy(page, [PORTAL, INTRANET, LOCAL]);
			// The rest of the CSP stays as strict as ever.
			expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
			expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'nonce-[^']+'(;|$)/);
			expect(bootOf(page.body).embed).toEqual({ origins: [PORTAL, INTRANET, LOCAL], workflowId, signerId: signerIds[0], redirectUrl: null });
		});

		it('ready, for an organization that allows none: not framable', async () => {
			const { links } = await sent(plain);
			const page = await new SignerClient(links[0]).page();
			expect(page.status).toBe(200);
			expectNotFramable(page);
			expect(bootOf(page.body).embed.origins).toEqual([]);
		});

		it('waiting and done', async () => {
			const { links } = await sent(embedding, {
				signers: [
					{ name: 'Zoë Ødegård', email: 'zoe@example.com', order: 1 },
					{ name: 'محمد الأحمد', email: 'mohammed@example.com', order: 2 },
				],
			});
			const [first, second] = links.map((link) => new SignerClient(link));
			const waiting = await second.page();
			expect(waiting.body).toContain('data-state="waiting"');
			expectFramableBy(waiting, [PORTAL, INTRANET, LOCAL]);

			const session = (await first.session()).body;
			const signed = await first.sign({ consent: true, values: Object.fromEntries(session.fields.map((field: { id: string }) => [field.id, { type: 'typed', text: 'Zoë Ødegård' }])) });
			expect(signed.status).toBe(200);
			const done = await first.page();
			expect(done.body).toContain('data-state="done"');
			expectFramableBy(done, [PORTAL, INTRANET, LOCAL]);
		});

		it('refused and cancelled', async () => {
			const refusing = await sent(embedding);
			const signer = new SignerClient(refusing.links[0]);
			expect((await signer.refuse('Falsche Gehaltsangabe – bitte korrigieren')).status).toBe(200);
			const refused = await signer.page();
			expect(refused.body).toContain('data-state="refused"');
			expectFramableBy(refused, [PORTAL, INTRANET, LOCAL]);

			const cancelling = await sent(plain);
			expect((await plain.post(`/workflows/${cancelling.workflowId}/cancel`, { reason: 'Envoyé par erreur' })).status).toBe(200);
			const cancelled = await new SignerClient(cancelling.links[0]).page();
			expect(cancelled.body).toContain('data-state="cancelled"');
			expectNotFramable(cancelled);
		});

		it('expired', async () => {
			const { links, workflowId } = await sent(embedding, { workflow: { expiresAt: new Date(Date.now() + 1500).toISOString() } });
			await until(() => embedding.get(`/workflows/${workflowId}`), (response) => response.body.status === 'expired');
			const expired = await new SignerClient(links[0]).page();
			expect(expired.body).toContain('data-state="expired"');
			expectFramableBy(expired, [PORTAL, INTRANET, LOCAL]);
		});

		it('the access code form and its wrong-code answer', async () => {
			const code = 'Kod-7423 Ü';
			const { links } = await sent(embedding, { signers: [{ name: 'Zoë Ødegård', email: 'zoe@example.com', accessCode: code }] });
			const signer = new SignerClient(links[0]);
			const form = await signer.page();
			expect(form.body).toContain('data-state="access_code"');
			expectFramableBy(form, [PORTAL, INTRANET, LOCAL]);
			const wrong = await fetch(links[0], { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=0000' });
			expect(wrong.status).toBe(401);
			expectFramableBy({ status: wrong.status, headers: wrong.headers, body: await wrong.text() }, [PORTAL, INTRANET, LOCAL]);

			const plainForm = await new SignerClient((await sent(plain, { signers: [{ name: 'Ann', email: 'ann@example.com', accessCode: code }] })).links[0]).page();
			expect(plainForm.body).toContain('data-state="access_code"');
			expectNotFramable(plainForm);
		});

		it('an unknown link: never framable', async () => {
			const { links } = await sent(embedding);
			const unknown = await new SignerClient(links[0].replace(/[\w-]{10}$/, 'AAAAAAAAAA')).page();
			expect(unknown.status).toBe(404);
			expect(unknown.body).toContain('data-state="invalid"');
			expectNotFramable(unknown);
		});

		it('the JSON and file routes stay unframable', async () => {
			const { links } = await sent(embedding);
			const session = await new SignerClient(links[0]).session();
			expect(session.status).toBe(200);
			expect(session.headers.get('x-frame-options')).toBe('DENY');
		});
	});

	describe('redirectUrl', () => {
		it.each([
			['http on another host', 'http://portal.example.com/signed'],
			['a javascript: URL', 'javascript:alert(document.cookie)'],
			['a data: URL', 'data:text/html,<script>alert(1)</script>'],
			['a relative path', '/signed'],
			['credentials', 'https://anna:geheim@portal.example.com/signed'],
			['more than 2000 characters', `https://portal.example.com/${'a'.repeat(2000)}`],
		])('refuses %s on a workflow and on a signer with a 422', async (_case, redirectUrl) => {
			const workflow = await embedding.post('/workflows', { name: 'Bad redirect', redirectUrl });
			expect(workflow.status).toBe(422);
			expect(workflow.body.error.code).toBe('validation_failed');
			expect(workflow.body.error.details[0].path).toBe('redirectUrl');
			const draft = (await embedding.post('/workflows', { name: 'Good draft' })).body;
			const signer = await embedding.post(`/workflows/${draft.id}/signers`, { name: 'Zoë', email: 'zoe@example.com', redirectUrl });
			expect(signer.status).toBe(422);
			expect(signer.body.error.details[0].path).toBe('redirectUrl');
		});

		it('is kept on the workflow and the signer, shown in GET, and the signer own goes to the page', async () => {
			const workflowUrl = 'https://portal.example.com/fertig?kunde=Zoë&sprache=de';
			const signerUrl = 'http://localhost:3000/back';
			const { workflowId, signerIds, links } = await sent(embedding, {
				workflow: { redirectUrl: workflowUrl },
				signers: [
					{ name: 'Zoë Ødegård', email: 'zoe@example.com', redirectUrl: signerUrl },
					{ name: '李小龍', email: 'li@example.com' },
				],
			});
			const detail = (await embedding.get(`/workflows/${workflowId}`)).body;
			expect(detail.redirectUrl).toBe(workflowUrl);
			expect(detail.signers.map((signer: { redirectUrl: string | null }) => signer.redirectUrl)).toEqual([signerUrl, null]);
			expect(bootOf((await new SignerClient(links[0]).page()).body).embed).toMatchObject({ redirectUrl: signerUrl, signerId: signerIds[0] });
			expect(bootOf((await new SignerClient(links[1]).page()).body).embed).toMatchObject({ redirectUrl: workflowUrl, signerId: signerIds[1] });
		});

		it('is corrected on a sent workflow and on a signer, keeping the signer link', async () => {
			const { workflowId, signerIds, links } = await sent(embedding, { workflow: { redirectUrl: 'https://portal.example.com/a' } });
			const bad = await embedding.post(`/workflows/${workflowId}/correct`, { redirectUrl: 'ftp://portal.example.com/' });
			expect(bad.status).toBe(422);
			expect(bad.body.error.details[0].path).toBe('redirectUrl');

			const corrected = await embedding.post(`/workflows/${workflowId}/correct`, {
				redirectUrl: null,
				signers: [{ id: signerIds[0], redirectUrl: 'https://intranet.example/ضمان' }],
			});
			expect(corrected.status).toBe(200);
			expect(corrected.body.redirectUrl).toBeNull();
			expect(corrected.body.signers[0].redirectUrl).toBe('https://intranet.example/ضمان');
			expect(corrected.body.signers[0].signingUrl).toBe(links[0]);
			const again = (await embedding.get(`/workflows/${workflowId}`)).body;
			expect(again.signers[0].redirectUrl).toBe('https://intranet.example/ضمان');
			const events = (await embedding.get(`/workflows/${workflowId}/audit`)).body.events as Array<{ type: string; data: any }>;
			const correction = events.find((event) => event.type === 'workflow.corrected')!;
			expect(correction.data.changed).toEqual(['redirectUrl', 'signers']);

			// The same value again changes nothing.
			const same = await embedding.post(`/workflows/${workflowId}/correct`, { signers: [{ id: signerIds[0], redirectUrl: 'https://intranet.example/ضمان' }] });
			expect(same.status).toBe(422);
			expect(same.body.error.code).toBe('nothing_to_correct');
		});
	});
});
