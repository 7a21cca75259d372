import http from 'node:http';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';

/*
 * Access codes as an attacker with the link would try them: many guesses at
 * once on pre-opened connections, and the signer's session read without the
 * code in every state.
 */

const RIGHT = 'Kod-7423 Ü';

describe(`access codes on ${TEST_DB}`, () => {
	let t: TestEngine;
	beforeAll(async () => {
		// The per-link rate limit would stop a burst before the lock does: this test is about the lock.
		t = await startTestEngine({ rateLimitSigningPerToken: 0, rateLimitSigningPerIp: 0 });
	}, 60_000);
	afterAll(async () => {
		await t?.destroy();
	});

	async function protectedLink(name = 'Arbeitsvertrag – Zoë') {
		const workflow = (await t.api.post('/workflows', { name, message: 'Vertraulich: Gehalt 95.000 €' })).body;
		const file = (await t.api.upload(workflow.id, 'gehalt-zoë.pdf', fixturePdf('a4-1page.pdf'))).body;
		const signer = (await t.api.post(`/workflows/${workflow.id}/signers`, { name: 'Zoë Ødegård', email: 'zoe@example.com', accessCode: RIGHT })).body;
		const field = (await t.api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		await t.api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 50, y: 300, type: 'text', value: 'Salary 95,000 EUR' });
		const sent = (await t.api.post(`/workflows/${workflow.id}/send`)).body;
		return { workflowId: workflow.id as string, signerId: signer.id as string, fieldId: field.id as string, link: sent.signers[0].signingUrl as string };
	}

	/** POSTs every code at once, each on its own connection opened beforehand. */
	async function burst(link: string, codes: string[]): Promise<Array<{ status: number; body: any }>> {
		const url = new URL(`${link}/access-code`);
		const agent = new http.Agent({ keepAlive: true, maxSockets: codes.length });
		try {
			const request = (method: string, body?: string) =>
				new Promise<{ status: number; body: any }>((resolve, reject) => {
					const outgoing = http.request(url, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (response) => {
						const chunks: Buffer[] = [];
						response.on('data', (chunk: Buffer) => chunks.push(chunk));
						response.on('end', () => {
							const text = Buffer.concat(chunks).toString('utf8');
							resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : null });
						});
					});
					outgoing.on('error', reject);
					outgoing.end(body);
				});
			// Open the connections first (a GET on each), so the guesses leave together.
			await Promise.all(codes.map(() => request('GET').catch(() => null)));
			return await Promise.all(codes.map((code) => request('POST', JSON.stringify({ code }))));
		} finally {
			agent.destroy();
		}
	}

	it('checks at most 5 codes however many arrive at once: 10 bursts of 100 guesses, the right one among them', async () => {
		let wins = 0;
		for (let round = 0; round < 10; round++) {
			const { workflowId, link } = await protectedLink(`Burst ${round}`);
			const codes = Array.from({ length: 100 }, (_, index) => (index === 50 + round ? RIGHT : `guess-${index}`));
			const answers = await burst(link, codes);
			expect(answers.every((answer) => answer.status < 500)).toBe(true);
			const won = answers.filter((answer) => answer.status === 200).length;
			wins += won;
			const events = (await t.api.get(`/workflows/${workflowId}/audit`)).body.events as Array<{ type: string }>;
			const failed = events.filter((event) => event.type === 'signer.access_code_failed').length;
			// Every code looked at is either the right one or a recorded failure: never more than 5.
			expect(failed + won).toBeLessThanOrEqual(5);
			if (won === 0) expect(events.filter((event) => event.type === 'signer.locked')).toHaveLength(1);
		}
		// The right code can only win when it was among the (at most) 5 looked at, out of 100.
		expect(wins).toBeLessThanOrEqual(3);
	}, 120_000);

	it('shows no content without the code in any state: locked, signed, completed', async () => {
		const leaks = (body: unknown) => /Vertraulich|95[.,]000|gehalt|zoe@example\.com|Arbeitsvertrag/i.test(JSON.stringify(body));

		const locked = await protectedLink();
		for (let attempt = 0; attempt < 5; attempt++) await new SignerClient(locked.link).accessCode(`wrong-${attempt}`);
		const lockedSession = await new SignerClient(locked.link).session();
		expect({ status: lockedSession.status, code: lockedSession.body.error?.code }).toEqual({ status: 409, code: 'link_locked' });
		expect(leaks(lockedSession.body)).toBe(false);
		const lockedPage = await new SignerClient(locked.link).page();
		expect(lockedPage.body).toContain('This link is locked');
		expect(leaks(lockedPage.body)).toBe(false);

		const signed = await protectedLink();
		const signer = new SignerClient(signed.link);
		await signer.accessCode(RIGHT);
		expect((await signer.sign({ consent: true, values: { [signed.fieldId]: { type: 'typed', text: 'Zoë Ødegård' } } })).status).toBe(200);
		// Someone else with the link, without the code, after the signer signed (the workflow is completed):
		const stranger = new SignerClient(signed.link);
		const session = await stranger.session();
		expect({ status: session.status, code: session.body.error?.code }).toEqual({ status: 401, code: 'access_code_required' });
		expect(leaks(session.body)).toBe(false);
		const page = await stranger.page();
		expect(page.body).toContain('Enter your access code');
		expect(leaks(page.body)).toBe(false);
	}, 60_000);

	describe('inside a frame (frameAccess.ts)', () => {
		const post = (link: string, code: string, headers: Record<string, string> = {}) =>
			fetch(link, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ code }).toString() });

		it('outside a frame the right code gives the SameSite=Strict cookie only: the page address carries nothing', async () => {
			const { link } = await protectedLink('Außerhalb – Zoë');
			const answer = await post(link, RIGHT);
			expect(answer.status).toBe(303);
			expect(answer.headers.get('location')).toBe(new URL(link).pathname);
			expect(answer.headers.get('set-cookie')).toMatch(/^sf_access=.+; HttpOnly; SameSite=Strict/);
		});

		it('in a frame the page address carries the grant; it opens the page, the session and the document, a made-up one does not', async () => {
			const { link } = await protectedLink('Im Rahmen – Zoë');
			const answer = await post(link, RIGHT, { 'sec-fetch-dest': 'iframe' });
			expect(answer.status).toBe(303);
			const location = new URL(answer.headers.get('location')!, link);
			const grant = location.searchParams.get('access')!;
			expect(grant).toBeTruthy();
			// No cookie sent back: the address alone opens the page, whose script gets the grant for its requests.
			const page = await (await fetch(location)).text();
			expect(page).toContain('"access":');
			expect(page).not.toContain('data-state="access_code"');
			const session = await fetch(`${link}/session`, { headers: { 'x-signflow-access': grant } });
			expect(session.status).toBe(200);
			const file = ((await session.json()) as { files: Array<{ id: string }> }).files[0].id;
			expect((await fetch(`${link}/document/${file}`, { headers: { 'x-signflow-access': grant } })).status).toBe(200);
			const madeUp = `${grant.slice(0, -4)}AAAA`;
			expect(await (await fetch(`${link}?access=${encodeURIComponent(madeUp)}`)).text()).toContain('data-state="access_code"');
			expect((await fetch(`${link}/session`, { headers: { 'x-signflow-access': madeUp } })).status).toBe(401);
			expect((await fetch(`${link}/session`)).status).toBe(401);
		});
	});
});
